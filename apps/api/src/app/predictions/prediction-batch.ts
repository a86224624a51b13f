import { createHash } from 'node:crypto';
import {
  FeatureRole,
  FeatureType,
  MAX_METRIC_FUTURE_MS,
  MAX_PREDICTION_LABEL_LENGTH,
  MAX_REPORTED_POINT_ERRORS,
  PREDICTION_ID_PATTERN,
} from '@stress/contracts';
import { parseIsoTimestamp } from '../metrics/metric-batch';
import type { DeclaredFeatures } from './predictions.types';

/** The features a version declares (role `feature`), split by how they are stored. */
export function declaredFeaturesOf(features: ReadonlyArray<{ name: string; type: FeatureType; role: FeatureRole }>): DeclaredFeatures {
  const declared = features.filter((feature) => feature.role === FeatureRole.Feature);
  return {
    numerical: declared.filter((feature) => feature.type === FeatureType.Numerical).map((feature) => feature.name),
    categorical: declared.filter((feature) => feature.type !== FeatureType.Numerical).map((feature) => feature.name),
    all: declared.map((feature) => feature.name),
  };
}

/** One problem of a rejected batch: `field` is a path such as `rows.3.features.heart_rate`. */
export interface RowProblem {
  index: number;
  field: string;
  message: string;
}

/** A prediction row that passed validation, in storage form. */
export interface ParsedPrediction {
  id: string;
  /** Milliseconds since the epoch (now when the row had no timestamp). */
  timestampMs: number;
  /** Whether the sender gave the timestamp (a re-send without one matches any stored time). */
  timestampGiven: boolean;
  /** Aligned with DeclaredFeatures.numerical; null = missing. */
  numerical: Array<number | null>;
  /** Aligned with DeclaredFeatures.categorical; null = missing. */
  categorical: Array<string | null>;
  predictionValue: number | null;
  predictionLabel: string | null;
  probability: number | null;
  /** sha256 of the row's content without its timestamp: a re-send with the same hash is a duplicate. */
  contentHash: Buffer;
}

export interface ParsedActual {
  id: string;
  actualValue: number | null;
  actualLabel: string | null;
  timestampMs: number;
}

export type ParseResult<T> = { ok: true; rows: T[] } | { ok: false; problems: RowProblem[]; badRows: number; batchProblem?: string };

export interface BatchLimits {
  maxBatch: number;
  nowMs: number;
  /** The oldest timestamp accepted (ms), or null for none. */
  oldestMs: number | null;
}

/** The batch holds more rows than allowed (answered 413). */
export class BatchTooLargeError extends Error {}

const PREDICTION_FIELDS = new Set(['id', 'timestamp', 'features', 'prediction', 'probability']);
const ACTUAL_FIELDS = new Set(['id', 'actual', 'timestamp']);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return typeof value === 'object' ? 'an object' : String(value);
}

/** The rows array of `{ rows: [...] }`, or the batch-level problem. Throws BatchTooLargeError above maxBatch. */
function rowsOf(body: unknown, maxBatch: number, what: string): unknown[] | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return `The body must be a JSON object { "rows": [ ... ] } of ${what}.`;
  }
  const extra = Object.keys(body).filter((key) => key !== 'rows');
  if (extra.length > 0) return `Unknown field ${extra[0]}: the body holds only "rows".`;
  const rows = (body as { rows?: unknown }).rows;
  if (!Array.isArray(rows) || rows.length === 0) return `rows must be a non-empty array of ${what}.`;
  if (rows.length > maxBatch) {
    throw new BatchTooLargeError(
      `A batch holds at most ${maxBatch} rows (PREDICTIONS_MAX_BATCH); this one has ${rows.length}. Split it and send the parts.`,
    );
  }
  return rows;
}

/** A problem collector for one row; stops recording after MAX_REPORTED_POINT_ERRORS in all. */
function collector(problems: RowProblem[], index: number): { report: (field: string, message: string) => void; bad: () => boolean } {
  let bad = false;
  return {
    report: (field, message) => {
      bad = true;
      if (problems.length < MAX_REPORTED_POINT_ERRORS) {
        problems.push({ index, field: field ? `rows.${index}.${field}` : `rows.${index}`, message });
      }
    },
    bad: () => bad,
  };
}

function checkId(id: unknown, report: (field: string, message: string) => void): void {
  if (typeof id !== 'string' || !PREDICTION_ID_PATTERN.test(id)) {
    report('id', `must be 1–128 visible ASCII characters (no spaces), such as a request id, not ${describe(id)}`);
  }
}

function checkLabelOrNumber(value: unknown, field: string, report: (field: string, message: string) => void): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) report(field, `must be a finite number or a string label, not ${describe(value)}`);
  } else if (typeof value === 'string') {
    if (value.length === 0 || value.length > MAX_PREDICTION_LABEL_LENGTH) {
      report(field, `a label must be 1–${MAX_PREDICTION_LABEL_LENGTH} characters`);
    }
  } else {
    report(field, `must be a number or a string label, not ${describe(value)}`);
  }
}

function timestampOf(
  timestamp: unknown,
  limits: BatchLimits,
  report: (field: string, message: string) => void,
  oldestHint: string,
): number {
  if (timestamp === undefined) return limits.nowMs;
  const ms = typeof timestamp === 'string' ? parseIsoTimestamp(timestamp) : Number.NaN;
  if (Number.isNaN(ms)) {
    report('timestamp', `must be an ISO 8601 date-time such as "2026-12-01T10:00:00Z", not ${describe(timestamp)}`);
  } else if (ms > limits.nowMs + MAX_METRIC_FUTURE_MS) {
    report('timestamp', `is more than 5 minutes in the future (${describe(timestamp)}); check the sender's clock`);
  } else if (limits.oldestMs !== null && ms < limits.oldestMs) {
    report('timestamp', `is older than ${oldestHint} (${describe(timestamp)}); such rows are no longer kept`);
  } else if (ms < 0) {
    report('timestamp', 'must not be before 1970-01-01');
  }
  return ms;
}

/**
 * Checks a prediction batch against the version's declared features in one pass, without the
 * database. Collects at most MAX_REPORTED_POINT_ERRORS problems but counts every bad row.
 */
export function parsePredictionBatch(body: unknown, features: DeclaredFeatures, limits: BatchLimits): ParseResult<ParsedPrediction> {
  const rows = rowsOf(body, limits.maxBatch, 'predictions');
  if (typeof rows === 'string') return { ok: false, problems: [], badRows: 0, batchProblem: rows };
  const numericalIndex = new Map(features.numerical.map((name, index) => [name, index]));
  const categoricalIndex = new Map(features.categorical.map((name, index) => [name, index]));
  const problems: RowProblem[] = [];
  const parsed: ParsedPrediction[] = new Array(rows.length);
  let badRows = 0;

  for (let index = 0; index < rows.length; index++) {
    const row: unknown = rows[index];
    const { report, bad } = collector(problems, index);
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      report('', `must be an object { id, timestamp?, features, prediction, probability? }, not ${describe(row)}`);
      badRows++;
      continue;
    }
    const { id, timestamp, features: values, prediction, probability } = row as Record<string, unknown>;
    checkId(id, report);
    const timestampMs = timestampOf(timestamp, limits, report, `PREDICTIONS_RETENTION_DAYS`);
    const numerical: Array<number | null> = new Array(features.numerical.length).fill(null);
    const categorical: Array<string | null> = new Array(features.categorical.length).fill(null);
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      report('features', `must be an object of the declared features (${features.all.slice(0, 5).join(', ')}…), not ${describe(values)}`);
    } else {
      for (const [name, value] of Object.entries(values)) {
        const field = `features.${name}`;
        const numericalAt = numericalIndex.get(name);
        const categoricalAt = categoricalIndex.get(name);
        if (numericalAt === undefined && categoricalAt === undefined) {
          report(field, `"${name}" is not a declared feature of this version; declared: ${features.all.slice(0, 10).join(', ')}`);
        } else if (value === null) {
          // missing: already null
        } else if (numericalAt !== undefined) {
          if (typeof value !== 'number' || !Number.isFinite(value)) {
            report(field, `"${name}" is numerical: send a finite number or null (missing), not ${describe(value)}`);
          } else {
            numerical[numericalAt] = value;
          }
        } else if (categoricalAt !== undefined) {
          if (typeof value === 'string') {
            if (value.length > MAX_PREDICTION_LABEL_LENGTH) report(field, `must be at most ${MAX_PREDICTION_LABEL_LENGTH} characters`);
            else categorical[categoricalAt] = value;
          } else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
            categorical[categoricalAt] = String(value);
          } else {
            report(field, `must be a string, a number, a boolean or null, not ${describe(value)}`);
          }
        }
      }
    }
    checkLabelOrNumber(prediction, 'prediction', report);
    if (probability !== undefined && probability !== null) {
      if (typeof probability !== 'number' || !Number.isFinite(probability) || probability < 0 || probability > 1) {
        report('probability', `must be a number in [0, 1], not ${describe(probability)}`);
      }
    }
    for (const key of Object.keys(row)) {
      if (!PREDICTION_FIELDS.has(key)) report(key, `unknown field ${key}: a row holds id, timestamp, features, prediction, probability`);
    }
    if (bad()) {
      badRows++;
      continue;
    }
    const predictionValue = typeof prediction === 'number' ? prediction : null;
    const predictionLabel = typeof prediction === 'string' ? prediction : null;
    const probabilityValue = typeof probability === 'number' ? probability : null;
    parsed[index] = {
      id: id as string,
      timestampMs,
      timestampGiven: timestamp !== undefined,
      numerical,
      categorical,
      predictionValue,
      predictionLabel,
      probability: probabilityValue,
      contentHash: createHash('sha256')
        .update(JSON.stringify([numerical, categorical, predictionValue, predictionLabel, probabilityValue]))
        .digest(),
    };
  }
  if (badRows > 0) return { ok: false, problems, badRows };
  return { ok: true, rows: parsed };
}

/** Checks an actuals batch in one pass. */
export function parseActualBatch(body: unknown, limits: BatchLimits): ParseResult<ParsedActual> {
  const rows = rowsOf(body, limits.maxBatch, 'actuals');
  if (typeof rows === 'string') return { ok: false, problems: [], badRows: 0, batchProblem: rows };
  const problems: RowProblem[] = [];
  const parsed: ParsedActual[] = new Array(rows.length);
  let badRows = 0;
  for (let index = 0; index < rows.length; index++) {
    const row: unknown = rows[index];
    const { report, bad } = collector(problems, index);
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      report('', `must be an object { id, actual, timestamp? }, not ${describe(row)}`);
      badRows++;
      continue;
    }
    const { id, actual, timestamp } = row as Record<string, unknown>;
    checkId(id, report);
    checkLabelOrNumber(actual, 'actual', report);
    const timestampMs = timestampOf(timestamp, limits, report, 'the retention');
    for (const key of Object.keys(row)) {
      if (!ACTUAL_FIELDS.has(key)) report(key, `unknown field ${key}: a row holds id, actual, timestamp`);
    }
    if (bad()) {
      badRows++;
      continue;
    }
    parsed[index] = {
      id: id as string,
      actualValue: typeof actual === 'number' ? actual : null,
      actualLabel: typeof actual === 'string' ? actual : null,
      timestampMs,
    };
  }
  if (badRows > 0) return { ok: false, problems, badRows };
  return { ok: true, rows: parsed };
}
