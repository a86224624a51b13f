import { metricDirection, MetricDirection } from './metric-direction';

/**
 * One rule for "is this model healthy?", read by the dashboard's overview (and meant for the
 * assistant): firing alerts first, then drift of the production version's latest report, then
 * metric changes larger than their noise. A change counts only when a recent window's mean
 * differs from a baseline window's mean by more than NOISE_STANDARD_ERRORS standard errors of
 * the difference (Welch), both windows have MIN_WINDOW_POINTS points or more, and the change is
 * in the metric's bad direction (`metricDirection`). Metrics with no known direction are not judged.
 */

/** The recent window: the last 24 hours before the newest point. */
export const HEALTH_RECENT_WINDOW_MS = 24 * 3_600_000;
/** The baseline window: the 7 days before the recent window. */
export const HEALTH_BASELINE_WINDOW_MS = 7 * 24 * 3_600_000;
/** Points each window needs before a change is judged. */
export const MIN_WINDOW_POINTS = 6;
/** A change is beyond the noise when |difference of means| exceeds this many standard errors. */
export const NOISE_STANDARD_ERRORS = 3;
/** No metric point for this long is worth a look. */
export const METRICS_STALE_AFTER_MS = 24 * 3_600_000;

export interface WindowStats {
  /** Number of points. */
  n: number;
  mean: number;
  /** Sample variance (n − 1 in the denominator); 0 for fewer than 2 points. */
  variance: number;
}

/** Mean and sample variance of `values` (two-pass, stable for values far from 0). */
export function windowStats(values: readonly number[]): WindowStats {
  const n = values.length;
  if (n === 0) return { n: 0, mean: Number.NaN, variance: 0 };
  let sum = 0;
  for (const value of values) sum += value;
  const mean = sum / n;
  let squares = 0;
  for (const value of values) squares += (value - mean) * (value - mean);
  return { n, mean, variance: n > 1 ? squares / (n - 1) : 0 };
}

export type MetricShiftVerdict = 'worse' | 'better' | 'steady' | 'too-few-points' | 'no-direction';

export interface MetricShift {
  name: string;
  direction: MetricDirection;
  recent: WindowStats;
  baseline: WindowStats;
  /** recent.mean − baseline.mean (NaN without points). */
  difference: number;
  /** Standard error of the difference: √(s²_recent/n_recent + s²_baseline/n_baseline). */
  standardError: number;
  /** difference / standardError; ±Infinity for a change of noiseless windows; 0 for no change. */
  z: number;
  verdict: MetricShiftVerdict;
}

/** Judges one metric: did its recent window move beyond the noise, and which way? */
export function judgeMetricShift(
  name: string,
  recent: readonly number[],
  baseline: readonly number[],
  options: { minPoints?: number; standardErrors?: number } = {},
): MetricShift {
  const minPoints = options.minPoints ?? MIN_WINDOW_POINTS;
  const limit = options.standardErrors ?? NOISE_STANDARD_ERRORS;
  const direction = metricDirection(name);
  const r = windowStats(recent);
  const b = windowStats(baseline);
  const difference = r.mean - b.mean;
  const standardError = Math.sqrt((r.n ? r.variance / r.n : 0) + (b.n ? b.variance / b.n : 0));
  const z =
    difference === 0 || Number.isNaN(difference) ? 0 : standardError === 0 ? Math.sign(difference) * Infinity : difference / standardError;
  const shift = { name, direction, recent: r, baseline: b, difference, standardError, z };
  if (direction === 0) return { ...shift, verdict: 'no-direction' };
  if (r.n < minPoints || b.n < minPoints) return { ...shift, verdict: 'too-few-points' };
  if (Math.abs(z) <= limit) return { ...shift, verdict: 'steady' };
  return { ...shift, verdict: Math.sign(difference) === direction ? 'better' : 'worse' };
}

/** Splits time-stamped points into the recent and baseline windows ending at `end` (ms). */
export function splitHealthWindows(
  points: readonly { t: string | number; value: number }[],
  end: number,
  recentMs = HEALTH_RECENT_WINDOW_MS,
  baselineMs = HEALTH_BASELINE_WINDOW_MS,
): { recent: number[]; baseline: number[] } {
  const recentStart = end - recentMs;
  const baselineStart = recentStart - baselineMs;
  const recent: number[] = [];
  const baseline: number[] = [];
  for (const point of points) {
    const at = typeof point.t === 'number' ? point.t : Date.parse(point.t);
    if (!Number.isFinite(point.value)) continue;
    if (at > recentStart && at <= end) recent.push(point.value);
    else if (at > baselineStart && at <= recentStart) baseline.push(point.value);
  }
  return { recent, baseline };
}

export type HealthLevel = 'attention' | 'look' | 'ok';

export type HealthReasonKind = 'alert' | 'drift' | 'metric' | 'no-production' | 'no-metrics' | 'stale';

export interface HealthReason {
  kind: HealthReasonKind;
  level: Exclude<HealthLevel, 'ok'>;
  text: string;
  /** The metric that triggered it (kind `metric`). */
  metric?: string;
}

export interface HealthInput {
  /** Names of the model's firing alerts (empty until alerting exists). */
  firingAlerts?: readonly string[];
  productionVersion: string | null;
  /** The latest drift report (or window) of the production version, if any. */
  drift: { version: string | null; datasetDrift: boolean; driftedColumns: number; totalColumns: number } | null;
  /** Every metric of the judged version, judged by `judgeMetricShift`. */
  shifts: readonly MetricShift[];
  /** The newest metric point of the judged version (ISO or ms), null without any. */
  newestPointAt: string | number | null;
  now: number;
}

export interface HealthVerdict {
  level: HealthLevel;
  /** Worst first: alerts, drift, metrics (largest |z| first), then the "worth a look" reasons. */
  reasons: HealthReason[];
}

/** The verdict on one model. */
export function assessModelHealth(input: HealthInput): HealthVerdict {
  const reasons: HealthReason[] = [];
  for (const alert of input.firingAlerts ?? []) reasons.push({ kind: 'alert', level: 'attention', text: `Alert firing: ${alert}` });
  if (input.drift?.datasetDrift) {
    const version = input.drift.version ? ` (${input.drift.version})` : '';
    reasons.push({
      kind: 'drift',
      level: 'attention',
      text: input.drift.totalColumns
        ? `Drift in ${input.drift.driftedColumns} of ${input.drift.totalColumns} columns${version}`
        : `Drift detected${version}`,
    });
  }
  const worse = input.shifts.filter((shift) => shift.verdict === 'worse').sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
  for (const shift of worse) {
    reasons.push({
      kind: 'metric',
      level: 'attention',
      metric: shift.name,
      text: `${shift.name} ${shift.difference > 0 ? 'up' : 'down'} beyond its noise (24 h mean against the 7 days before)`,
    });
  }
  if (!input.productionVersion) reasons.push({ kind: 'no-production', level: 'look', text: 'No version in production' });
  if (input.newestPointAt === null) reasons.push({ kind: 'no-metrics', level: 'look', text: 'No metrics yet' });
  else {
    const newest = typeof input.newestPointAt === 'number' ? input.newestPointAt : Date.parse(input.newestPointAt);
    const age = input.now - newest;
    if (age > METRICS_STALE_AFTER_MS) {
      const days = Math.floor(age / (24 * 3_600_000));
      reasons.push({ kind: 'stale', level: 'look', text: `No metrics for ${days} day${days === 1 ? '' : 's'}` });
    }
  }
  const level: HealthLevel = reasons.some((reason) => reason.level === 'attention') ? 'attention' : reasons.length > 0 ? 'look' : 'ok';
  return { level, reasons };
}
