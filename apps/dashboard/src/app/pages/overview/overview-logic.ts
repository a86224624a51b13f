import type { LatestMetricDto, MetricSeriesPointDto } from '@stress/contracts';
import { lowerIsBetter, ModelStage } from '@stress/contracts';

export const DAY_MS = 86_400_000;
/** Metrics a card shows, most telling first; other metrics fill the remaining places alphabetically. */
export const KEY_METRIC_PREFERENCE = ['f1', 'accuracy', 'roc_auc', 'precision', 'recall', 'rmse', 'mae', 'r2', 'latency_ms'];
export const KEY_METRICS_PER_CARD = 4;
/** How far from "7 days before the latest point" an earlier bucket may be and still count. */
export const COMPARISON_TOLERANCE_MS = 6 * 3_600_000;
/** Metrics go stale: no point for this long is worth a look. */
export const STALE_AFTER_MS = DAY_MS;

/** The version the overview reports on: production, else the version with the most recent metric point. */
export function reportedVersion(productionVersion: string | null, latest: readonly LatestMetricDto[]): string | null {
  if (productionVersion) return productionVersion;
  let newest: LatestMetricDto | null = null;
  for (const item of latest) if (!newest || item.timestamp > newest.timestamp) newest = item;
  return newest?.version ?? null;
}

/** Up to KEY_METRICS_PER_CARD latest values of `version`, preferred names first. */
export function pickKeyMetrics(latest: readonly LatestMetricDto[], version: string | null): LatestMetricDto[] {
  const ofVersion = latest.filter((item) => item.version === version);
  const rank = (name: string) => {
    const index = KEY_METRIC_PREFERENCE.indexOf(name);
    return index === -1 ? KEY_METRIC_PREFERENCE.length : index;
  };
  return [...ofVersion].sort((a, b) => rank(a.name) - rank(b.name) || a.name.localeCompare(b.name)).slice(0, KEY_METRICS_PER_CARD);
}

/**
 * The series value 7 days before `latestAt`: the last bucket at or before that moment,
 * if it is within COMPARISON_TOLERANCE_MS of it; null when the history is too short.
 */
export function valueSevenDaysBefore(points: readonly MetricSeriesPointDto[], latestAt: string): number | null {
  const target = Date.parse(latestAt) - 7 * DAY_MS;
  let found: MetricSeriesPointDto | null = null;
  for (const point of points) {
    const at = Date.parse(point.t);
    if (at <= target) found = point;
    else break;
  }
  if (!found || target - Date.parse(found.t) > COMPARISON_TOLERANCE_MS) return null;
  return found.value;
}

export type Trend = 'better' | 'worse' | 'same';

export interface MetricChange {
  name: string;
  value: number;
  timestamp: string;
  /** Value 7 days earlier, or null without enough history. */
  before: number | null;
  /** value − before. */
  delta: number | null;
  /** delta / |before| (null when before is 0 or missing). */
  relative: number | null;
  trend: Trend | null;
}

export function metricChange(latest: LatestMetricDto, before: number | null): MetricChange {
  if (before === null)
    return { name: latest.name, value: latest.value, timestamp: latest.timestamp, before, delta: null, relative: null, trend: null };
  const delta = latest.value - before;
  const relative = before === 0 ? null : delta / Math.abs(before);
  const goodDirection = lowerIsBetter(latest.name) ? -1 : 1;
  const significant = relative === null ? delta !== 0 : Math.abs(relative) >= 0.005;
  const trend: Trend = !significant ? 'same' : Math.sign(delta) === goodDirection ? 'better' : 'worse';
  return { name: latest.name, value: latest.value, timestamp: latest.timestamp, before, delta, relative, trend };
}

export type Attention = 'alert' | 'warn' | 'ok';

export interface DriftSummary {
  /** `drift`: the latest report found drift; `none`: no report yet. */
  state: 'drift' | 'no-drift' | 'none' | 'unknown';
  reportId?: string;
  createdAt?: string;
  driftedColumns?: number;
  totalColumns?: number;
}

/** The latest drift report of a model (newest first from the API), as the card shows it. */
export function driftSummary(
  latest: { id: string; createdAt: string; datasetDrift: boolean; driftedColumns: number; totalColumns: number } | undefined,
): DriftSummary {
  if (!latest) return { state: 'none' };
  return {
    state: latest.datasetDrift ? 'drift' : 'no-drift',
    reportId: latest.id,
    createdAt: latest.createdAt,
    driftedColumns: latest.driftedColumns,
    totalColumns: latest.totalColumns,
  };
}

/**
 * How much a worsening matters: scores (higher is better, 0–1) move in small steps;
 * latency-like metrics are noisier.
 */
export function worsening(change: MetricChange): Attention {
  if (change.trend !== 'worse' || change.relative === null) return 'ok';
  const size = Math.abs(change.relative);
  const [warn, alert] = lowerIsBetter(change.name) ? [0.1, 0.25] : [0.02, 0.05];
  return size >= alert ? 'alert' : size >= warn ? 'warn' : 'ok';
}

/** Why a model needs a look, worst first, and how urgently. */
export function assessAttention(input: {
  productionVersion: string | null;
  changes: readonly MetricChange[];
  drift: DriftSummary;
  now: number;
}): {
  level: Attention;
  reasons: string[];
} {
  const alerts: string[] = [];
  const warnings: string[] = [];
  if (input.drift.state === 'drift') {
    const { driftedColumns, totalColumns } = input.drift;
    alerts.push(driftedColumns !== undefined && totalColumns ? `Drift in ${driftedColumns} of ${totalColumns} columns` : 'Drift detected');
  }
  for (const change of input.changes) {
    const level = worsening(change);
    if (level === 'ok' || change.relative === null) continue;
    const text = `${change.name} ${lowerIsBetter(change.name) ? 'up' : 'down'} ${(Math.abs(change.relative) * 100).toFixed(1)}% in 7 days`;
    (level === 'alert' ? alerts : warnings).push(text);
  }
  if (!input.productionVersion) warnings.push('No version in production');
  const newest = Math.max(...input.changes.map((change) => Date.parse(change.timestamp)), Number.NEGATIVE_INFINITY);
  if (input.changes.length === 0) warnings.push('No metrics yet');
  else if (input.now - newest > STALE_AFTER_MS) warnings.push(`No metrics for ${Math.floor((input.now - newest) / DAY_MS)} days`);
  return { level: alerts.length > 0 ? 'alert' : warnings.length > 0 ? 'warn' : 'ok', reasons: [...alerts, ...warnings] };
}

const ATTENTION_ORDER: Record<Attention, number> = { alert: 0, warn: 1, ok: 2 };

/** Models needing attention first (alerts, then warnings), then by name. */
export function byAttention<T extends { name: string; attention: { level: Attention; reasons: string[] } }>(cards: readonly T[]): T[] {
  return [...cards].sort(
    (a, b) =>
      ATTENTION_ORDER[a.attention.level] - ATTENTION_ORDER[b.attention.level] ||
      b.attention.reasons.length - a.attention.reasons.length ||
      a.name.localeCompare(b.name),
  );
}

/** Stage a version is in, for the card's subtitle. */
export function productionLabel(productionVersion: string | null): string {
  return productionVersion ? `${productionVersion} in ${ModelStage.Production}` : 'nothing in production';
}
