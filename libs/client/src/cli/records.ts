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

/** JSON Lines when the file name says so (.jsonl, .ndjson) or its first character is `{`; CSV otherwise. */
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

/** Rows for `predictions push` / `actuals push`: JSON Lines, one row per line in the API's shape. */
export function parseRows(fileName: string, text: string, what: string): Record<string, unknown>[] {
  if (!looksLikeJsonLines(fileName, text) && text.trim() !== '') {
    throw new UsageError(`${fileName}: expected JSON Lines (one ${what} object per line)`);
  }
  return parseJsonLines(text, what);
}
