import {
  labelRecordProblem,
  MAX_METRIC_FUTURE_MS,
  MAX_METRIC_LABELS,
  MAX_REPORTED_POINT_ERRORS,
  METRIC_NAME_PATTERN,
  MODEL_NAME_PATTERN,
  MODEL_VERSION_PATTERN,
} from '@stress/contracts';

/** A point that passed validation, ready to store. */
export interface ParsedMetricPoint {
  model: string;
  version: string;
  name: string;
  value: number;
  /** Milliseconds since the epoch. */
  timestampMs: number;
  /** Labels as canonical JSON (keys sorted): part of the series identity. */
  labelsKey: string;
}

/** One problem of a rejected batch: `field` is a path such as `points.3.value`. */
export interface PointProblem {
  index: number;
  field: string;
  message: string;
}

export type BatchParseResult =
  | { ok: true; points: ParsedMetricPoint[] }
  | { ok: false; problems: PointProblem[]; badPoints: number; batchProblem?: string };

const POINT_FIELDS = new Set(['model', 'version', 'name', 'value', 'timestamp', 'labels']);
const EMPTY_LABELS_KEY = '{}';

const ZERO = 48; // '0'
/** Milliseconds of a unit in the first, second and third place after the decimal mark. */
const FRACTION_PLACE_MS = [100, 10, 1];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month `mo` (1–12) of year `y` as Date.UTC reads it: years 0–99 are 1900–1999. */
function daysInMonth(y: number, mo: number): number {
  if (mo !== 2) return DAYS_IN_MONTH[mo - 1] as number;
  const year = y < 100 ? 1900 + y : y;
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
}

/** The number written by the two ASCII digits at `at`, or -1 (also past the end: NaN compares false). */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - ZERO;
  const ones = text.charCodeAt(at + 1) - ZERO;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/**
 * Milliseconds since the epoch for an ISO 8601 date or date-time, or NaN. A date-time
 * without an offset is taken as UTC. Impossible dates (Feb 30) are refused, not rolled over.
 *
 * Accepts exactly `YYYY-MM-DD[(T|t| )HH:MM[:SS[(.|,)F{1,9}]][Z|z|±HH[[:]MM]]]`. Scanned by
 * hand rather than with a regular expression: it runs for every point of every batch, and
 * a match array of nine substrings per point was a large share of ingestion's CPU and garbage.
 */
export function parseIsoTimestamp(text: string): number {
  const length = text.length;
  // A negative part means "not two digits"; either half of the year being so makes y < 0.
  const y = twoDigits(text, 0) * 100 + twoDigits(text, 2);
  const mo = twoDigits(text, 5);
  const d = twoDigits(text, 8);
  if (y < 0 || mo < 0 || d < 0 || text[4] !== '-' || text[7] !== '-') return Number.NaN;
  let h = 0;
  let mi = 0;
  let s = 0;
  let milliseconds = 0;
  let offsetMinutes = 0;
  if (length > 10) {
    const separator = text[10];
    if (separator !== 'T' && separator !== 't' && separator !== ' ') return Number.NaN;
    h = twoDigits(text, 11);
    mi = twoDigits(text, 14);
    if (h < 0 || text[13] !== ':' || mi < 0) return Number.NaN;
    let at = 16;
    if (text[at] === ':') {
      s = twoDigits(text, at + 1);
      if (s < 0) return Number.NaN;
      at += 3;
      const mark = text[at];
      if (mark === '.' || mark === ',') {
        const first = ++at;
        let digit = text.charCodeAt(at) - ZERO;
        while (digit >= 0 && digit <= 9 && at - first < 9) {
          // Milliseconds are the first three digits; finer digits are read and dropped.
          if (at - first < 3) milliseconds += digit * (FRACTION_PLACE_MS[at - first] as number);
          digit = text.charCodeAt(++at) - ZERO;
        }
        if (at === first) return Number.NaN;
      }
    }
    if (at < length) {
      const zone = text[at];
      if (zone === 'Z' || zone === 'z') {
        if (at + 1 !== length) return Number.NaN;
      } else if (zone === '+' || zone === '-') {
        const oh = twoDigits(text, at + 1);
        if (oh < 0) return Number.NaN;
        at += 3;
        let om = 0;
        if (at < length) {
          if (text[at] === ':') at++;
          om = twoDigits(text, at);
          if (om < 0) return Number.NaN;
          at += 2;
        }
        if (at !== length || oh > 23 || om > 59) return Number.NaN;
        offsetMinutes = (zone === '-' ? -1 : 1) * (oh * 60 + om);
      } else {
        return Number.NaN;
      }
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return Number.NaN;
  // Checked here because Date.UTC would roll a day past the month's end into the next month.
  if (d > daysInMonth(y, mo)) return Number.NaN;
  return Date.UTC(y, mo - 1, d, h, mi, s, milliseconds) - offsetMinutes * 60_000;
}

function canonicalLabels(labels: Record<string, string>): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return EMPTY_LABELS_KEY;
  keys.sort();
  // fromEntries defines own properties, so a label named "__proto__" stays a label.
  return JSON.stringify(Object.fromEntries(keys.map((key) => [key, labels[key]])));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}…` : value}"`;
  return typeof value === 'object' ? 'an object' : String(value);
}

/**
 * Checks a whole batch in one pass without touching the database. Stops collecting
 * problems after MAX_REPORTED_POINT_ERRORS but keeps counting bad points.
 */
export function parseMetricBatch(body: unknown, maxBatch: number, nowMs: number): BatchParseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {
      ok: false,
      problems: [],
      badPoints: 0,
      batchProblem: 'The body must be a JSON object { "points": [ ... ] }.',
    };
  }
  const extra = Object.keys(body).filter((key) => key !== 'points');
  if (extra.length > 0) {
    return {
      ok: false,
      problems: [],
      badPoints: 0,
      batchProblem: `Unknown field ${extra[0]}: the body holds only "points".`,
    };
  }
  const points = (body as { points?: unknown }).points;
  if (!Array.isArray(points) || points.length === 0) {
    return {
      ok: false,
      problems: [],
      badPoints: 0,
      batchProblem: 'points must be a non-empty array of metric points.',
    };
  }
  if (points.length > maxBatch) {
    return {
      ok: false,
      problems: [],
      badPoints: 0,
      batchProblem: `A batch holds at most ${maxBatch} points (METRICS_MAX_BATCH); this one has ${points.length}. Split it.`,
    };
  }

  const latestAllowed = nowMs + MAX_METRIC_FUTURE_MS;
  const parsed: ParsedMetricPoint[] = new Array(points.length);
  const problems: PointProblem[] = [];
  let badPoints = 0;

  for (let index = 0; index < points.length; index++) {
    const point: unknown = points[index];
    let bad = false;
    const problem = (field: string, message: string): void => {
      bad = true;
      if (problems.length < MAX_REPORTED_POINT_ERRORS) {
        problems.push({ index, field: field ? `points.${index}.${field}` : `points.${index}`, message });
      }
    };
    if (typeof point !== 'object' || point === null || Array.isArray(point)) {
      problem('', `must be an object { model, version, name, value, timestamp?, labels? }, not ${describe(point)}`);
      badPoints++;
      continue;
    }
    const { model, version, name, value, timestamp, labels } = point as Record<string, unknown>;
    if (typeof model !== 'string' || !MODEL_NAME_PATTERN.test(model)) {
      problem('model', `must be a registered model name (a slug such as "stress-detector"), not ${describe(model)}`);
    }
    if (typeof version !== 'string' || !MODEL_VERSION_PATTERN.test(version)) {
      problem('version', `must be a registered version such as "1.2.0", not ${describe(version)}`);
    }
    if (typeof name !== 'string' || !METRIC_NAME_PATTERN.test(name)) {
      problem('name', `must match ${METRIC_NAME_PATTERN.source} (e.g. accuracy, latency_ms), not ${describe(name)}`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      problem('value', `must be a finite number, not ${describe(value)}`);
    }
    let timestampMs = nowMs;
    if (timestamp !== undefined) {
      timestampMs = typeof timestamp === 'string' ? parseIsoTimestamp(timestamp) : Number.NaN;
      if (Number.isNaN(timestampMs)) {
        problem('timestamp', `must be an ISO 8601 date-time such as "2026-01-31T12:00:00Z", not ${describe(timestamp)}`);
      } else if (timestampMs > latestAllowed) {
        problem('timestamp', `is more than 5 minutes in the future (${describe(timestamp)}); check the sender's clock`);
      } else if (timestampMs < 0) {
        problem('timestamp', 'must not be before 1970-01-01');
      }
    }
    let labelRecord: Record<string, string> | undefined;
    if (labels !== undefined) {
      const labelProblem = labelRecordProblem(labels, MAX_METRIC_LABELS);
      if (labelProblem) problem('labels', labelProblem);
      else labelRecord = labels as Record<string, string>;
    }
    for (const key of Object.keys(point)) {
      if (!POINT_FIELDS.has(key)) problem(key, `unknown field ${key}: remove it`);
    }
    if (bad) {
      badPoints++;
      continue;
    }
    parsed[index] = {
      model: model as string,
      version: version as string,
      name: name as string,
      value: value as number,
      timestampMs,
      // Most points have no labels: no empty object for them.
      labelsKey: labelRecord ? canonicalLabels(labelRecord) : EMPTY_LABELS_KEY,
    };
  }
  if (badPoints > 0) return { ok: false, problems, badPoints };
  return { ok: true, points: parsed };
}
