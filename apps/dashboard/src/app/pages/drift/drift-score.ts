import type { ColumnDriftDto } from '@stress/contracts';

/**
 * How far a column is past (≥ 1) or short of (< 1) its drift threshold, on one scale for every test:
 * p-value tests drift when p ≤ threshold, so their score is threshold / p; distances (wasserstein,
 * jensenshannon, psi) drift when the statistic ≥ threshold, so theirs is statistic / threshold.
 * Sorting by it puts the most drifted columns first whatever test each used.
 */
export function driftScore(column: Pick<ColumnDriftDto, 'pValue' | 'statistic' | 'threshold'>): number {
  if (column.pValue !== null && column.pValue !== undefined) {
    if (column.pValue <= 0) return Number.MAX_VALUE;
    return column.threshold / column.pValue;
  }
  if (column.threshold <= 0) return column.statistic > 0 ? Number.MAX_VALUE : 0;
  return column.statistic / column.threshold;
}

export type DriftSortKey = 'drift' | 'column' | 'type' | 'stattest' | 'statistic' | 'pValue' | 'threshold' | 'drifted';
export type SortDirection = 'asc' | 'desc' | '';

/**
 * The columns in the order asked. `drift` ranks drifted columns first, then by score (most drifted
 * first when descending); no direction falls back to that default order. Ties go by column name.
 */
export function sortColumns(columns: readonly ColumnDriftDto[], key: DriftSortKey, direction: SortDirection): ColumnDriftDto[] {
  const sorted = [...columns];
  if (direction === '' || key === 'drift') {
    const sign = direction === 'asc' ? -1 : 1;
    return sorted.sort(
      (a, b) => sign * (Number(b.drifted) - Number(a.drifted) || driftScore(b) - driftScore(a)) || a.column.localeCompare(b.column),
    );
  }
  const sign = direction === 'asc' ? 1 : -1;
  return sorted.sort((a, b) => sign * compare(valueOf(a, key), valueOf(b, key)) || a.column.localeCompare(b.column));
}

function valueOf(column: ColumnDriftDto, key: Exclude<DriftSortKey, 'drift'>): string | number {
  switch (key) {
    case 'column':
      return column.column;
    case 'type':
      return column.type;
    case 'stattest':
      return column.stattest;
    case 'statistic':
      return column.statistic;
    // Distances have no p-value: they sort after every p-value when ascending.
    case 'pValue':
      return column.pValue ?? Number.POSITIVE_INFINITY;
    case 'threshold':
      return column.threshold;
    case 'drifted':
      return Number(column.drifted);
  }
}

function compare(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a === b ? 0 : a < b ? -1 : 1;
  return String(a).localeCompare(String(b));
}
