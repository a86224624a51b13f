import { classificationQualityOf, regressionQualityOf } from '@stress/contracts';
import type { MonitoringWindowDto, MonitoringWindowStatus } from '@stress/contracts';

/** A window as the assistant sees it: counts, verdict, drifted column names and the headline quality, no per-column statistics. */
export interface WindowBrief {
  start: string;
  end: string;
  status: MonitoringWindowStatus;
  rows: number | null;
  rowsWithActual: number | null;
  /** rowsWithActual / rows; null until computed or without rows. */
  actualCoverage: number | null;
  /** null: no drift computed (pending, insufficient, failed). */
  datasetDrift: boolean | null;
  driftShare: number | null;
  driftedColumns: string[];
  accuracy: number | null;
  f1: number | null;
  rocAuc: number | null;
  /** Regression models: over the labelled rows. */
  rmse: number | null;
  r2: number | null;
  failure: string | null;
}

export interface ColumnDriftHistory {
  column: string;
  /** Windows in which the column drifted, of `compared` windows that tested it. */
  driftedWindows: number;
  compared: number;
  /** Start of the oldest and the newest window in which it drifted (null when never). */
  firstDrifted: string | null;
  lastDrifted: string | null;
}

export interface WindowsSummary {
  windows: number;
  /** Windows with drift results (computed with enough rows). */
  withDrift: number;
  driftedWindows: number;
  /**
   * When the newest window with drift results drifted: the start of the unbroken run of drifted windows it ends
   * (when drift started, as far as the range shows). Null when the newest such window did not drift.
   */
  ongoingDriftSince: string | null;
  /** True when the run reaches the oldest window with drift in the range: drift may have started earlier. */
  ongoingDriftSinceRangeStart: boolean;
  /** Start of the newest window that drifted (ongoing or not), null when none did. */
  lastDriftedWindow: string | null;
  /** Columns that drifted in at least one window, most windows first. */
  driftedColumns: ColumnDriftHistory[];
  /** Logged predictions and, of those, the ones with an actual, over the computed windows. */
  rows: number;
  rowsWithActual: number;
  actualCoverage: number | null;
  /** Computed windows whose rows have no actual yet (newest first). */
  windowsWithoutActuals: string[];
  statuses: Partial<Record<MonitoringWindowStatus, number>>;
}

export function toWindowBrief(window: MonitoringWindowDto): WindowBrief {
  return {
    start: window.start,
    end: window.end,
    status: window.status,
    rows: window.rows,
    rowsWithActual: window.rowsWithActual,
    actualCoverage: window.rows ? (window.rowsWithActual ?? 0) / window.rows : null,
    datasetDrift: window.drift ? window.drift.datasetDrift : null,
    driftShare: window.drift ? window.drift.driftShare : null,
    driftedColumns: window.drift ? window.drift.columns.filter((column) => column.drifted).map((column) => column.column) : [],
    accuracy: classificationQualityOf(window.quality)?.accuracy ?? null,
    f1: classificationQualityOf(window.quality)?.f1 ?? null,
    rocAuc: classificationQualityOf(window.quality)?.rocAuc ?? null,
    rmse: regressionQualityOf(window.quality)?.rmse ?? null,
    r2: regressionQualityOf(window.quality)?.r2 ?? null,
    failure: window.failure,
  };
}

/** What the windows say together: when drift started, which columns drifted, how many predictions have labels. Newest first in. */
export function summarizeWindows(windows: readonly MonitoringWindowDto[]): WindowsSummary {
  const newestFirst = [...windows].sort((a, b) => Date.parse(b.start) - Date.parse(a.start));
  const withDrift = newestFirst.filter((window) => window.drift !== null);

  let ongoingDriftSince: string | null = null;
  let runLength = 0;
  for (const window of withDrift) {
    if (!window.drift?.datasetDrift) break;
    ongoingDriftSince = window.start;
    runLength++;
  }

  const columns = new Map<string, ColumnDriftHistory>();
  // Oldest first, so the first drifted window is met first.
  for (const window of [...withDrift].reverse()) {
    for (const column of window.drift?.columns ?? []) {
      const history = columns.get(column.column) ?? {
        column: column.column,
        driftedWindows: 0,
        compared: 0,
        firstDrifted: null,
        lastDrifted: null,
      };
      history.compared++;
      if (column.drifted) {
        history.driftedWindows++;
        history.firstDrifted ??= window.start;
        history.lastDrifted = window.start;
      }
      columns.set(column.column, history);
    }
  }

  const computed = newestFirst.filter((window) => window.rows !== null);
  const rows = computed.reduce((sum, window) => sum + (window.rows ?? 0), 0);
  const rowsWithActual = computed.reduce((sum, window) => sum + (window.rowsWithActual ?? 0), 0);
  const statuses: Partial<Record<MonitoringWindowStatus, number>> = {};
  for (const window of newestFirst) statuses[window.status] = (statuses[window.status] ?? 0) + 1;

  return {
    windows: newestFirst.length,
    withDrift: withDrift.length,
    driftedWindows: withDrift.filter((window) => window.drift?.datasetDrift).length,
    ongoingDriftSince,
    ongoingDriftSinceRangeStart: runLength > 0 && runLength === withDrift.length,
    lastDriftedWindow: withDrift.find((window) => window.drift?.datasetDrift)?.start ?? null,
    driftedColumns: [...columns.values()]
      .filter((history) => history.driftedWindows > 0)
      .sort((a, b) => b.driftedWindows - a.driftedWindows || a.column.localeCompare(b.column)),
    rows,
    rowsWithActual,
    actualCoverage: rows > 0 ? rowsWithActual / rows : null,
    windowsWithoutActuals: computed.filter((window) => (window.rows ?? 0) > 0 && !window.rowsWithActual).map((window) => window.start),
    statuses,
  };
}
