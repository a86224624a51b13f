import type { ColumnDriftResult, DriftColumnInput, DriftOptions, StatTest } from './types';

/** Evidently's _get_default_stattest, as issue 4 states it (n = reference size, u = distinct values in both). */
export function defaultStatTest(input: DriftColumnInput): StatTest {
  void input;
  throw new Error('not implemented yet');
}

/** Throws `StatisticsInputError` with a readable message when a forced test does not apply or a sample is empty. */
export function columnDrift(input: DriftColumnInput, options?: DriftOptions): ColumnDriftResult {
  void input;
  void options;
  throw new Error('not implemented yet');
}
