import { classificationQualityOf, regressionQualityOf } from '@stress/contracts';
import type { MonitoringWindowDto, MonitoringWindowStatus, WindowColumnDriftDto } from '@stress/contracts';
import { driftScore } from '../../drift/drift-score';

/**
 * Colour step of a heatmap cell, from the column's drift score (threshold / p-value for p-value tests,
 * statistic / threshold for distances, so 1 is the threshold whatever the test):
 * 0 well below (< 0.5), 1 approaching (0.5–1), 2 drifted (1–10), 3 far past it (≥ 10).
 */
export type DriftLevel = 0 | 1 | 2 | 3;

export function driftLevel(column: Pick<WindowColumnDriftDto, 'drifted' | 'pValue' | 'statistic' | 'threshold'>): DriftLevel {
  const score = driftScore(column);
  // The verdict decides drifted or not (a p-value exactly at the threshold drifts), the score how far.
  if (column.drifted) return score >= 10 ? 3 : 2;
  return score >= 0.5 ? 1 : 0;
}

export interface HeatmapCell {
  column: string;
  /** The window's start (ISO 8601), to open its detail. */
  start: string;
  drifted: boolean;
  score: number;
  level: DriftLevel;
  stattest: string;
  statistic: number;
  pValue: number | null;
}

export interface HeatmapWindow {
  start: string;
  label: string;
  status: MonitoringWindowStatus;
  datasetDrift: boolean | null;
}

export interface HeatmapRow {
  column: string;
  /** One per window, oldest first; null when the window has no drift for the column (not computed, insufficient). */
  cells: (HeatmapCell | null)[];
  drifted: number;
}

export interface DriftHeatmap {
  windows: HeatmapWindow[];
  rows: HeatmapRow[];
}

/**
 * Columns × windows: windows oldest first (time runs left to right), columns that drifted in more windows
 * first, then by name; `prediction` and `probability` (the model's outputs) after the inputs on ties.
 */
export function buildDriftHeatmap(windows: readonly MonitoringWindowDto[], widthMs: number): DriftHeatmap {
  const ordered = chronological(windows);
  const columns = new Map<string, (HeatmapCell | null)[]>();
  ordered.forEach((window, index) => {
    for (const column of window.drift?.columns ?? []) {
      let cells = columns.get(column.column);
      if (!cells) {
        cells = ordered.map(() => null);
        columns.set(column.column, cells);
      }
      cells[index] = {
        column: column.column,
        start: window.start,
        drifted: column.drifted,
        score: driftScore(column),
        level: driftLevel(column),
        stattest: column.stattest,
        statistic: column.statistic,
        pValue: column.pValue,
      };
    }
  });
  const rows = [...columns.entries()].map(([column, cells]) => ({
    column,
    cells,
    drifted: cells.filter((cell) => cell?.drifted).length,
  }));
  rows.sort((a, b) => b.drifted - a.drifted || outputRank(a.column) - outputRank(b.column) || a.column.localeCompare(b.column));
  return {
    windows: ordered.map((window) => ({
      start: window.start,
      label: windowLabel(window.start, widthMs),
      status: window.status,
      datasetDrift: window.drift ? window.drift.datasetDrift : null,
    })),
    rows,
  };
}

function outputRank(column: string): number {
  return column === 'prediction' || column === 'probability' ? 1 : 0;
}

/** Oldest first (the API lists newest first). */
export function chronological<T extends Pick<MonitoringWindowDto, 'start'>>(windows: readonly T[]): T[] {
  return [...windows].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** A window's short name in UTC: its day for daily and weekly windows, else day and hour. */
export function windowLabel(start: string, widthMs: number): string {
  const iso = new Date(start).toISOString();
  return widthMs >= 86_400_000 ? iso.slice(5, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/** Width of a configured window in ms (the contract's table lives beside decorated classes the bundle must not load). */
export const WINDOW_WIDTH_MS: Readonly<Record<string, number>> = { '1h': 3_600_000, '6h': 21_600_000, '1d': 86_400_000, '7d': 604_800_000 };

export interface VolumeBar {
  name: string;
  series: { name: 'With actual' | 'Without actual'; value: number }[];
}

/** Predictions per computed window, split into rows with and without an actual (stacked bars, oldest first). */
export function volumeBars(windows: readonly MonitoringWindowDto[], widthMs: number): VolumeBar[] {
  return chronological(windows)
    .filter((window) => window.rows !== null)
    .map((window) => {
      const rows = window.rows ?? 0;
      const labelled = Math.min(rows, window.rowsWithActual ?? 0);
      return {
        name: windowLabel(window.start, widthMs),
        series: [
          { name: 'With actual' as const, value: labelled },
          { name: 'Without actual' as const, value: rows - labelled },
        ],
      };
    });
}

/** Share of a window's predictions that have an actual; null until computed or without rows. */
export function actualCoverage(window: Pick<MonitoringWindowDto, 'rows' | 'rowsWithActual'>): number | null {
  if (window.rows === null || window.rows === 0) return null;
  return (window.rowsWithActual ?? 0) / window.rows;
}

export const QUALITY_METRICS = ['accuracy', 'precision', 'recall', 'f1', 'rocAuc'] as const;
export type QualityMetric = (typeof QUALITY_METRICS)[number];
const QUALITY_LABELS: Record<QualityMetric, string> = {
  accuracy: 'accuracy',
  precision: 'precision',
  recall: 'recall',
  f1: 'f1',
  rocAuc: 'roc_auc',
};

export interface LineSeries {
  name: string;
  series: { name: Date; value: number }[];
}

/**
 * Quality over time: one line per metric over the windows that have labelled rows (R² for a regression model: its
 * MAE and RMSE are in the metric chart, on their own scale), the accuracy estimated
 * from the probabilities (CBPE) over every window that has one (labelled or not), and actual coverage, all on
 * the 0–1 scale. Lines no window has (roc_auc without probabilities) are left out.
 */
export function qualityLines(windows: readonly MonitoringWindowDto[]): LineSeries[] {
  const ordered = chronological(windows);
  const lines: LineSeries[] = QUALITY_METRICS.map((metric) => ({
    name: QUALITY_LABELS[metric],
    series: ordered.flatMap((window) => {
      const value = classificationQualityOf(window.quality)?.[metric];
      return typeof value === 'number' && Number.isFinite(value) ? [{ name: new Date(window.start), value }] : [];
    }),
  }));
  lines.push({
    name: 'r2',
    series: ordered.flatMap((window) => {
      const value = regressionQualityOf(window.quality)?.r2;
      return typeof value === 'number' && Number.isFinite(value) ? [{ name: new Date(window.start), value }] : [];
    }),
  });
  lines.push({
    name: 'estimated accuracy',
    series: ordered.flatMap((window) => {
      const value = window.estimate?.estimated.accuracy.value;
      return typeof value === 'number' && Number.isFinite(value) ? [{ name: new Date(window.start), value }] : [];
    }),
  });
  lines.push({
    name: 'actual coverage',
    series: ordered.flatMap((window) => {
      const coverage = actualCoverage(window);
      return coverage === null ? [] : [{ name: new Date(window.start), value: coverage }];
    }),
  });
  return lines.filter((line) => line.series.length > 0);
}

/**
 * The one quality number a window's row shows: realized accuracy (R² for a regression model) once actuals arrived,
 * else the accuracy estimated from the probabilities; null with neither.
 */
export function headlineQuality(window: Pick<MonitoringWindowDto, 'quality' | 'estimate'>): { name: string; value: number } | null {
  const classification = classificationQualityOf(window.quality);
  if (classification) return { name: 'accuracy', value: classification.accuracy };
  const r2 = regressionQualityOf(window.quality)?.r2;
  if (typeof r2 === 'number') return { name: 'R²', value: r2 };
  const estimated = window.estimate?.estimated.accuracy.value;
  return typeof estimated === 'number' ? { name: 'estimated accuracy', value: estimated } : null;
}

/** Counts per status, in the contract's order, leaving out the statuses no window has. */
export function statusCounts(windows: readonly Pick<MonitoringWindowDto, 'status'>[]): { status: MonitoringWindowStatus; count: number }[] {
  const order: MonitoringWindowStatus[] = ['fresh', 'stale', 'pending', 'insufficient', 'failed'];
  return order
    .map((status) => ({ status, count: windows.filter((window) => window.status === status).length }))
    .filter((entry) => entry.count > 0);
}

/** What a status means, for the window table. */
export const STATUS_HINTS: Record<MonitoringWindowStatus, string> = {
  pending: 'not computed yet',
  fresh: 'computed on all its data',
  stale: 'data arrived after it was computed; recomputed within the next interval',
  insufficient: 'fewer rows than the minimum: no drift',
  failed: 'the computation failed',
};
