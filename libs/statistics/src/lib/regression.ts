import { StatisticsInputError } from './errors';

/** Regression quality of paired targets and predictions, as scikit-learn's metrics compute it. */
export interface RegressionQualityResult {
  task: 'regression';
  /** Pairs used. */
  support: number;
  /** `mean_absolute_error`. */
  mae: number;
  /** `root_mean_squared_error`. */
  rmse: number;
  /**
   * `r2_score` (force_finite): 1 − SS_res / SS_tot; with constant targets 1 when every prediction is exact, else 0;
   * null below two pairs, where scikit-learn gives NaN.
   */
  r2: number | null;
}

/** MAE, RMSE and R² of `predicted` against `actual` (same length, finite numbers). */
export function regressionQuality(actual: Float64Array, predicted: Float64Array): RegressionQualityResult {
  const n = actual.length;
  if (n !== predicted.length) throw new StatisticsInputError(`${n} targets and ${predicted.length} predictions: they must pair up.`);
  if (n === 0) throw new StatisticsInputError('No pair of a target and a prediction: regression quality needs at least one.');
  let mean = 0;
  for (let row = 0; row < n; row++) mean += actual[row];
  mean /= n;
  let absolute = 0;
  let squared = 0;
  let total = 0;
  for (let row = 0; row < n; row++) {
    const error = actual[row] - predicted[row];
    absolute += Math.abs(error);
    squared += error * error;
    const deviation = actual[row] - mean;
    total += deviation * deviation;
  }
  let r2: number | null = null;
  if (n >= 2) r2 = total === 0 ? (squared === 0 ? 1 : 0) : 1 - squared / total;
  return { task: 'regression', support: n, mae: absolute / n, rmse: Math.sqrt(squared / n), r2 };
}
