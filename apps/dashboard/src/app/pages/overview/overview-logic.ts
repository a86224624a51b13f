import type { LatestMetricDto, MonitoringWindowDto } from '@stress/contracts';
import type { HealthLevel, MetricShift } from '@stress/contracts';
import { ModelStage } from '@stress/contracts';

export const DAY_MS = 86_400_000;
/** Metrics a card shows, most telling first; other metrics fill the remaining places alphabetically. */
export const KEY_METRIC_PREFERENCE = ['f1', 'accuracy', 'roc_auc', 'precision', 'recall', 'rmse', 'mae', 'r2', 'latency_ms'];
export const KEY_METRICS_PER_CARD = 4;

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

/** How a metric moved: the 24 h mean against the 7 days before, judged by the shared rule (`judgeMetricShift`). */
export interface MetricChange {
  name: string;
  value: number;
  timestamp: string;
  /** recent mean − baseline mean (null without points in both windows). */
  delta: number | null;
  /** delta / |baseline mean| (null when that is 0 or missing). */
  relative: number | null;
  /** Arrow: which way the mean moved. */
  arrow: 'up' | 'down' | 'flat' | null;
  /** Colour: good or bad, only when the change is beyond the noise (`steady` otherwise). */
  verdict: MetricShift['verdict'];
}

export function metricChange(latest: LatestMetricDto, shift: MetricShift): MetricChange {
  const known = shift.recent.n > 0 && shift.baseline.n > 0;
  const delta = known ? shift.difference : null;
  const relative = delta === null || shift.baseline.mean === 0 ? null : delta / Math.abs(shift.baseline.mean);
  const arrow = delta === null ? null : delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat';
  return { name: latest.name, value: latest.value, timestamp: latest.timestamp, delta, relative, arrow, verdict: shift.verdict };
}

export type Attention = HealthLevel;

export interface DriftSummary {
  /** `drift`: the latest report (or monitoring window) found drift; `none`: neither exists yet. */
  state: 'drift' | 'no-drift' | 'none' | 'unknown';
  /** `window`: the newest computed monitoring window of the version (preferred); `report`: the latest drift report. */
  source?: 'report' | 'window';
  reportId?: string;
  /** When the report was made, or the window computed. */
  createdAt?: string;
  /** The window's start (source `window`). */
  windowStart?: string;
  driftedColumns?: number;
  totalColumns?: number;
  /** The version the report or window is about. */
  version?: string | null;
}

/** The newest monitoring window with drift results (windows come newest first), as the card shows it; null without one. */
export function windowDriftSummary(windows: readonly MonitoringWindowDto[], version: string): DriftSummary | null {
  const latest = windows.find((window) => window.drift !== null);
  if (!latest?.drift) return null;
  return {
    source: 'window',
    version,
    state: latest.drift.datasetDrift ? 'drift' : 'no-drift',
    createdAt: latest.computedAt ?? latest.end,
    windowStart: latest.start,
    driftedColumns: latest.drift.columns.filter((column) => column.drifted).length,
    totalColumns: latest.drift.columns.length,
  };
}

/** The latest drift report of a model (newest first from the API), as the card shows it. */
export function driftSummary(
  latest:
    | { id: string; createdAt: string; datasetDrift: boolean; driftedColumns: number; totalColumns: number; version?: string | null }
    | undefined,
): DriftSummary {
  if (!latest) return { state: 'none' };
  return {
    source: 'report',
    version: latest.version ?? null,
    state: latest.datasetDrift ? 'drift' : 'no-drift',
    reportId: latest.id,
    createdAt: latest.createdAt,
    driftedColumns: latest.driftedColumns,
    totalColumns: latest.totalColumns,
  };
}

const ATTENTION_ORDER: Record<Attention, number> = { attention: 0, look: 1, ok: 2 };

/** Models needing attention first (alerts, then warnings), then by name. */
export function byAttention<T extends { name: string; attention: { level: Attention; reasons: readonly unknown[] } }>(
  cards: readonly T[],
): T[] {
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
