import type { CategoricalStats, CategoryCounts, NumericalStats, SortedSample } from './types';

export function describeNumerical(sorted: SortedSample, missing: number): NumericalStats {
  void sorted;
  void missing;
  throw new Error('not implemented yet');
}

export function describeCategorical(counts: CategoryCounts, missing: number): CategoricalStats {
  void counts;
  void missing;
  throw new Error('not implemented yet');
}
