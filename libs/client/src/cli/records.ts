// Parsing of the files `metrics push`, `predictions push` and `actuals push` read. No CLI packages here: unit-tested alone.

/** A usage or input problem: the CLI exits with code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** RFC 4180 CSV: quoted fields may hold the delimiter, quotes ("") and line breaks. Returns rows of fields. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += char;
    } else if (char === '"' && field === '') quoted = true;
    else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += char;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
  }
  return rows;
}

/** JSON Lines: one JSON object per non-empty line. */
export function parseJsonLines(text: string, what: string): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new UsageError(`Line ${index + 1}: not JSON (${(error as Error).message})`);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`Line ${index + 1}: expected one ${what} object`);
    records.push(value as Record<string, unknown>);
  });
  return records;
}

/** JSON Lines when the file name says so (.jsonl, .ndjson) or its first character is `{`; CSV otherwise (.csv or any other name). */
export function looksLikeJsonLines(fileName: string, text: string): boolean {
  return /\.(jsonl|ndjson)$/i.test(fileName) || text.trimStart().startsWith('{');
}

export interface MetricPointRecord {
  model: string;
  version: string;
  name: string;
  value: number;
  timestamp?: string;
  labels?: Record<string, string>;
}

/**
 * Metric points from CSV (header `model,version,name,value[,timestamp][,label.<key>…]`) or JSON Lines (one point per line,
 * the API's shape). Values are checked for being numbers here; everything else is the API's to judge.
 */
export function parseMetricPoints(fileName: string, text: string): MetricPointRecord[] {
  if (looksLikeJsonLines(fileName, text)) {
    return parseJsonLines(text, 'metric point').map((record, index) => {
      if (typeof record['value'] !== 'number') throw new UsageError(`Line ${index + 1}: "value" must be a number`);
      return record as unknown as MetricPointRecord;
    });
  }
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new UsageError(`${fileName} is empty`);
  const columns = header.map((column) => column.trim());
  for (const required of ['model', 'version', 'name', 'value']) {
    if (!columns.includes(required)) {
      throw new UsageError(
        `${fileName}: the CSV header needs model,version,name,value[,timestamp][,label.<key>…]; "${required}" is missing`,
      );
    }
  }
  const unknown = columns.filter(
    (column) => !['model', 'version', 'name', 'value', 'timestamp'].includes(column) && !column.startsWith('label.'),
  );
  if (unknown.length > 0) throw new UsageError(`${fileName}: unknown column(s) ${unknown.join(', ')} (labels are label.<key>)`);
  return rows.map((fields, index) => {
    const line = index + 2;
    if (fields.length !== columns.length)
      throw new UsageError(`${fileName} line ${line}: ${fields.length} fields, the header has ${columns.length}`);
    const point: MetricPointRecord = { model: '', version: '', name: '', value: 0 };
    const labels: Record<string, string> = {};
    columns.forEach((column, i) => {
      const field = fields[i] ?? '';
      if (column === 'value') {
        const value = Number(field);
        if (field.trim() === '' || !Number.isFinite(value))
          throw new UsageError(`${fileName} line ${line}: value "${field}" is not a finite number`);
        point.value = value;
      } else if (column === 'timestamp') {
        if (field !== '') point.timestamp = field;
      } else if (column.startsWith('label.')) {
        if (field !== '') labels[column.slice('label.'.length)] = field;
      } else {
        (point as unknown as Record<string, string>)[column] = field;
      }
    });
    if (Object.keys(labels).length > 0) point.labels = labels;
    return point;
  });
}

/** A CSV file's header and rows, the header checked for the columns a command needs. */
export interface CsvTable {
  fileName: string;
  columns: string[];
  rows: string[][];
}

/** The CSV layouts of `predictions push` and `actuals push`: required and optional columns, as the help and errors show them. */
export const PREDICTIONS_CSV = {
  required: ['id', 'prediction'],
  optional: ['timestamp', 'probability'],
  layout: 'id,prediction[,probability][,timestamp][,<feature>…]',
} as const;
export const ACTUALS_CSV = { required: ['id', 'actual'], optional: ['timestamp'], layout: 'id,actual[,timestamp]' } as const;

/**
 * Reads a CSV and checks its header has every `required` column (the error names the first one missing and the layout)
 * and every row as many fields as the header.
 */
export function readCsvTable(fileName: string, text: string, layout: { required: readonly string[]; layout: string }): CsvTable {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new UsageError(`${fileName} is empty: the CSV header is ${layout.layout}`);
  const columns = header.map((column) => column.trim());
  for (const required of layout.required) {
    if (!columns.includes(required)) {
      throw new UsageError(`${fileName}: the CSV header needs ${layout.layout}; "${required}" is missing`);
    }
  }
  const repeated = columns.filter((column, i) => columns.indexOf(column) !== i);
  if (repeated.length > 0) throw new UsageError(`${fileName}: column "${repeated[0]}" appears twice in the header`);
  rows.forEach((fields, index) => {
    if (fields.length !== columns.length) {
      throw new UsageError(`${fileName} line ${index + 2}: ${fields.length} fields, the header has ${columns.length}`);
    }
  });
  return { fileName, columns, rows };
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A decimal number (`12`, `-0.5`, `1e-3`; not `0x10`, `Infinity` or an empty field), or undefined. */
export function decimal(field: string): number | undefined {
  const trimmed = field.trim();
  if (!DECIMAL.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** A prediction or an actual from a CSV field: a number when it reads as a decimal number, otherwise the text as a label. */
export function labelOrNumber(field: string): number | string {
  return decimal(field) ?? field;
}

/** How a version's declared feature is sent: numbers for numerical features, text for the others (`FeatureDto.type`). */
export type FeatureKinds = ReadonlyMap<string, 'numerical' | 'text'>;

/** The kinds of a version's features of role `feature` (what `POST …/predictions` accepts under `features`). */
export function featureKinds(features: readonly { name: string; type: string; role: string }[]): FeatureKinds {
  return new Map(
    features
      .filter((feature) => feature.role === 'feature')
      .map((feature) => [feature.name, feature.type === 'numerical' ? 'numerical' : 'text']),
  );
}

export interface PredictionRecord {
  id: string;
  timestamp?: string;
  features: Record<string, number | string | null>;
  prediction: number | string;
  probability?: number;
}

export interface ActualRecord {
  id: string;
  actual: number | string;
  timestamp?: string;
}

/**
 * Prediction rows from a CSV (`readCsvTable` with PREDICTIONS_CSV): `id`, `prediction`, optional `probability` and
 * `timestamp`; every other column is a feature of the version, by its name (`feature.<name>` also names one, for a feature
 * called like a reserved column). An empty feature field is missing (null); a numerical feature's field must be a number;
 * other features are sent as their text. `prediction` is a number when it reads as one, otherwise a label.
 */
export function predictionRowsFromCsv(table: CsvTable, features: FeatureKinds): PredictionRecord[] {
  const { fileName, columns } = table;
  const reserved = new Set<string>([...PREDICTIONS_CSV.required, ...PREDICTIONS_CSV.optional]);
  const featureColumns = columns
    .map((column, index) => ({ index, name: column.startsWith('feature.') ? column.slice('feature.'.length) : column, column }))
    .filter(({ column }) => !reserved.has(column));
  const undeclared = featureColumns.filter(({ name }) => !features.has(name)).map(({ column }) => column);
  if (undeclared.length > 0) {
    const declared = [...features.keys()];
    throw new UsageError(
      `${fileName}: column(s) ${undeclared.join(', ')} are not declared features of this version ` +
        `(declared: ${declared.length > 0 ? declared.join(', ') : 'none'}); the CSV header is ${PREDICTIONS_CSV.layout}`,
    );
  }
  const names = featureColumns.map(({ name }) => name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined) throw new UsageError(`${fileName}: feature "${twice}" is given by two columns`);
  const at = (column: string) => columns.indexOf(column);
  const [idAt, predictionAt, probabilityAt, timestampAt] = [at('id'), at('prediction'), at('probability'), at('timestamp')];

  return table.rows.map((fields, index) => {
    const line = index + 2;
    const field = (i: number) => (i < 0 ? '' : (fields[i] ?? ''));
    const prediction = field(predictionAt);
    if (prediction.trim() === '') throw new UsageError(`${fileName} line ${line}: "prediction" is empty`);
    const row: PredictionRecord = { id: field(idAt), features: {}, prediction: labelOrNumber(prediction) };
    const probability = field(probabilityAt).trim();
    if (probability !== '') {
      const value = decimal(probability);
      if (value === undefined) throw new UsageError(`${fileName} line ${line}: probability "${probability}" is not a number`);
      row.probability = value;
    }
    const timestamp = field(timestampAt).trim();
    if (timestamp !== '') row.timestamp = timestamp;
    for (const { index: i, name } of featureColumns) {
      const raw = field(i);
      if (raw.trim() === '') {
        row.features[name] = null;
      } else if (features.get(name) === 'numerical') {
        const value = decimal(raw);
        if (value === undefined) {
          throw new UsageError(
            `${fileName} line ${line}: feature "${name}" is numerical, "${raw}" is not a number (leave it empty when missing)`,
          );
        }
        row.features[name] = value;
      } else {
        row.features[name] = raw;
      }
    }
    return row;
  });
}

/** Actual rows from a CSV (`readCsvTable` with ACTUALS_CSV): `id`, `actual` (a number when it reads as one) and `timestamp`. */
export function actualRowsFromCsv(table: CsvTable): ActualRecord[] {
  const { fileName, columns } = table;
  const known = new Set<string>([...ACTUALS_CSV.required, ...ACTUALS_CSV.optional]);
  const unknown = columns.filter((column) => !known.has(column));
  if (unknown.length > 0)
    throw new UsageError(`${fileName}: unknown column(s) ${unknown.join(', ')}; the CSV header is ${ACTUALS_CSV.layout}`);
  const [idAt, actualAt, timestampAt] = [columns.indexOf('id'), columns.indexOf('actual'), columns.indexOf('timestamp')];
  return table.rows.map((fields, index) => {
    const actual = fields[actualAt] ?? '';
    if (actual.trim() === '') throw new UsageError(`${fileName} line ${index + 2}: "actual" is empty`);
    const row: ActualRecord = { id: fields[idAt] ?? '', actual: labelOrNumber(actual) };
    const timestamp = timestampAt < 0 ? '' : (fields[timestampAt] ?? '').trim();
    if (timestamp !== '') row.timestamp = timestamp;
    return row;
  });
}
