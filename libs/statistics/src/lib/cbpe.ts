/**
 * Confidence-based performance estimation (CBPE) for a binary classifier: the quality of predictions
 * whose labels are unknown, estimated from the model's own probabilities once calibrated on a labelled
 * reference. Formulas and their standard errors: libs/statistics/README.md and docs/performance-estimation.md.
 */
import { columnDrift } from './drift';
import { StatisticsInputError } from './errors';
import { fitIsotonic, groupByValue, predictIsotonic } from './isotonic';
import { sortFloat64 } from './sort';
import type { ColumnDriftResult } from './types';

export type CalibrationMethod = 'isotonic' | 'none';

export const CBPE_METRICS = ['accuracy', 'precision', 'recall', 'f1', 'specificity', 'rocAuc'] as const;
export type CbpeMetric = (typeof CBPE_METRICS)[number];

/** Rows of one dataset: 1 where the label (target or prediction) is the positive label, else 0. */
export interface LabelledRows {
  actualPositive: Uint8Array;
  predictedPositive: Uint8Array;
  /** The model's probability of the positive label. */
  probability: Float64Array;
}

export interface PredictedRows {
  predictedPositive: Uint8Array;
  probability: Float64Array;
}

export interface PerformanceEstimateInput {
  /** Labelled rows the calibration is fitted on (not the training data). */
  reference: LabelledRows;
  /** The rows whose quality is estimated. */
  current: PredictedRows;
  /** The current rows that have a target, to compare the estimate with (realized metrics). */
  labelled?: LabelledRows;
  /** Default `isotonic`. */
  calibration?: CalibrationMethod;
}

export interface EstimatedMetric {
  value: number;
  standardError: number;
  /** value ∓ 1.96 standard errors, clipped to [0, 1]. */
  lower: number;
  upper: number;
}

export type CbpeWarningCode =
  | 'reference-miscalibrated'
  | 'calibration-insufficient'
  | 'single-class-reference'
  | 'few-reference-rows'
  | 'few-current-rows'
  | 'probabilities-out-of-range'
  | 'probability-drift';

export interface CbpeWarning {
  code: CbpeWarningCode;
  message: string;
}

export interface PerformanceEstimateResult {
  calibration: { method: CalibrationMethod; eceBefore: number; eceAfter: number };
  rows: { reference: number; current: number; labelled: number };
  /** Null: the metric is undefined (ROC AUC when every calibrated probability is 0, or every one is 1). */
  estimated: Record<CbpeMetric, EstimatedMetric | null>;
  /** From the labelled current rows; null without any. ROC AUC null when they hold one class. */
  realized: Record<CbpeMetric, number | null> | null;
  /** Share of current probabilities outside the reference's [min, max]. */
  outOfRangeShare: number;
  probabilityDrift: Pick<ColumnDriftResult, 'stattest' | 'statistic' | 'pValue' | 'threshold' | 'drifted'>;
  warnings: CbpeWarning[];
}

/** Trust-check limits. */
export const CBPE_LIMITS = {
  maxEce: 0.05,
  minReferenceRows: 500,
  minCurrentRows: 100,
  maxOutOfRangeShare: 0.05,
  eceBins: 10,
} as const;

/** Φ⁻¹(0.975): the half-width of a 95 % normal band in standard errors. */
const Z_95 = 1.959963984540054;

/**
 * Expected calibration error over 10 equal-width bins of [0, 1] (bin ⌊10·p⌋, p = 1 in the last):
 * Σ_bins (n_b / n) · |mean target − mean probability| = Σ_bins |Σ (y − p)| / n.
 */
export function expectedCalibrationError(actualPositive: Uint8Array, probability: Float64Array): number {
  const bins = CBPE_LIMITS.eceBins;
  const gap = new Float64Array(bins);
  for (let i = 0; i < probability.length; i++) {
    const bin = Math.min(Math.floor(probability[i] * bins), bins - 1);
    gap[bin] += actualPositive[i] - probability[i];
  }
  let sum = 0;
  for (const value of gap) sum += Math.abs(value);
  return sum / probability.length;
}

const divideOrZero = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);

function band(value: number, standardError: number): EstimatedMetric {
  return {
    value,
    standardError,
    lower: Math.max(0, value - Z_95 * standardError),
    upper: Math.min(1, value + Z_95 * standardError),
  };
}

/**
 * The metrics expected when row i is positive with probability p_i, independently, with their standard
 * errors under that model (delta method where a metric is a ratio of random sums). With p_i ∈ {0, 1}
 * (known labels) the values are the realized metrics and the errors 0.
 */
export function expectedMetrics(
  predictedPositive: Uint8Array,
  positiveProbability: Float64Array,
  score: Float64Array,
): Record<CbpeMetric, EstimatedMetric | null> {
  const n = positiveProbability.length;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  // Variances of TP (= of FP) over predicted positives and of FN (= of TN) over predicted negatives.
  let varianceOfPredictedPositives = 0;
  let varianceOfPredictedNegatives = 0;
  for (let i = 0; i < n; i++) {
    const p = positiveProbability[i];
    const variance = p * (1 - p);
    if (predictedPositive[i]) {
      tp += p;
      fp += 1 - p;
      varianceOfPredictedPositives += variance;
    } else {
      fn += p;
      tn += 1 - p;
      varianceOfPredictedNegatives += variance;
    }
  }
  const totalVariance = varianceOfPredictedPositives + varianceOfPredictedNegatives;
  const predictedPositives = tp + fp;

  const accuracy = band((tp + tn) / n, Math.sqrt(totalVariance) / n);
  // The number of predicted positives is fixed: precision is a mean of independent Bernoullis.
  const precision = band(divideOrZero(tp, predictedPositives), divideOrZero(Math.sqrt(varianceOfPredictedPositives), predictedPositives));
  // recall = TP / (TP + FN) with TP and FN independent: Var ≈ (FN² Var TP + TP² Var FN) / (TP + FN)⁴.
  const positives = tp + fn;
  const recall = band(
    divideOrZero(tp, positives),
    divideOrZero(Math.sqrt(fn * fn * varianceOfPredictedPositives + tp * tp * varianceOfPredictedNegatives), positives * positives),
  );
  // specificity = TN / (TN + FP), the same form with TN (negatives predicted negative) and FP.
  const negatives = tn + fp;
  const specificity = band(
    divideOrZero(tn, negatives),
    divideOrZero(Math.sqrt(fp * fp * varianceOfPredictedNegatives + tn * tn * varianceOfPredictedPositives), negatives * negatives),
  );
  // f1 = 2 TP / (2 TP + FP + FN) = 2 TP / (m + TP + FN), m the fixed number of predicted positives:
  // ∂/∂TP = 2 (m + FN) / D², ∂/∂FN = −2 TP / D².
  const f1Denominator = predictedPositives + tp + fn;
  const f1 = band(
    divideOrZero(2 * tp, f1Denominator),
    divideOrZero(
      2 * Math.sqrt((predictedPositives + fn) ** 2 * varianceOfPredictedPositives + tp * tp * varianceOfPredictedNegatives),
      f1Denominator * f1Denominator,
    ),
  );
  return { accuracy, precision, recall, f1, specificity, rocAuc: weightedRocAuc(positiveProbability, score) };
}

/**
 * ROC AUC of `score` with row i counted as a positive of weight p_i and a negative of weight 1 − p_i
 * (sklearn's roc_auc_score on the doubled rows with those weights): W / (P·N) with
 * W = Σ_i Σ_j p_i (1 − p_j) k_ij, k_ij = 1 if s_i > s_j, ½ if equal (i = j included), P = Σ p, N = Σ (1 − p).
 * Standard error by the delta method in the labels: ∂W/∂y_i = R_i − P with R_i = Σ_j k_ij, and
 * ∂AUC/∂y_i = (R_i − P − AUC·(N − P)) / (P·N); Var ≈ Σ_i (∂AUC/∂y_i)² p_i (1 − p_i).
 */
function weightedRocAuc(weight: Float64Array, score: Float64Array): EstimatedMetric | null {
  const n = weight.length;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += weight[i];
  const negatives = n - positives;
  if (!(positives > 0) || !(negatives > 0)) return null;
  // Groups of equal scores, ascending: each group's positive weight (Σ p) and size.
  const { counts, sums, groupOf } = groupByValue(score, weight);
  const groups = counts.length;
  let wins = 0;
  let negativesBelow = 0;
  let rowsBelow = 0;
  const rankOfGroup = new Float64Array(groups);
  for (let g = 0; g < groups; g++) {
    const groupPositives = sums[g];
    const groupNegatives = counts[g] - sums[g];
    wins += groupPositives * (negativesBelow + groupNegatives / 2);
    rankOfGroup[g] = rowsBelow + counts[g] / 2;
    negativesBelow += groupNegatives;
    rowsBelow += counts[g];
  }
  const pairs = positives * negatives;
  const value = wins / pairs;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    const gradient = (rankOfGroup[groupOf[i]] - positives - value * (negatives - positives)) / pairs;
    variance += gradient * gradient * weight[i] * (1 - weight[i]);
  }
  return band(value, Math.sqrt(variance));
}

function checkRows(rows: { predictedPositive: Uint8Array; probability: Float64Array; actualPositive?: Uint8Array }, name: string): void {
  const n = rows.probability.length;
  if (rows.predictedPositive.length !== n || (rows.actualPositive && rows.actualPositive.length !== n)) {
    throw new StatisticsInputError(`The ${name} columns have different lengths: pass one value per row in each.`);
  }
  for (let i = 0; i < n; i++) {
    const p = rows.probability[i];
    if (!(p >= 0 && p <= 1)) {
      throw new StatisticsInputError(`The ${name} probability column holds ${String(p)} (row ${i + 1}): probabilities must lie in [0, 1].`);
    }
  }
}

export function estimatePerformance(input: PerformanceEstimateInput): PerformanceEstimateResult {
  const { reference, current, labelled } = input;
  const method = input.calibration ?? 'isotonic';
  checkRows(reference, 'reference');
  checkRows(current, 'current');
  if (labelled) checkRows(labelled, 'labelled current');
  if (reference.probability.length === 0) {
    throw new StatisticsInputError('The reference has no row with a target, a prediction and a probability: CBPE calibrates on such rows.');
  }
  if (current.probability.length === 0) {
    throw new StatisticsInputError('The current dataset has no row with a prediction and a probability: there is nothing to estimate.');
  }

  const referenceTarget = Float64Array.from(reference.actualPositive);
  const eceBefore = expectedCalibrationError(reference.actualPositive, reference.probability);
  let calibrated: Float64Array;
  let eceAfter = eceBefore;
  if (method === 'isotonic') {
    const fit = fitIsotonic(reference.probability, referenceTarget);
    calibrated = predictIsotonic(fit, current.probability);
    eceAfter = expectedCalibrationError(reference.actualPositive, predictIsotonic(fit, reference.probability));
  } else {
    calibrated = current.probability;
  }
  const estimated = expectedMetrics(current.predictedPositive, calibrated, current.probability);
  const realized = labelled && labelled.probability.length > 0 ? realizedMetrics(labelled) : null;

  let referenceMin = Infinity;
  let referenceMax = -Infinity;
  for (const p of reference.probability) {
    referenceMin = Math.min(referenceMin, p);
    referenceMax = Math.max(referenceMax, p);
  }
  let outside = 0;
  for (const p of current.probability) if (p < referenceMin || p > referenceMax) outside++;
  const outOfRangeShare = outside / current.probability.length;

  const drift = columnDrift({
    type: 'numerical',
    reference: sortFloat64(Float64Array.from(reference.probability)),
    current: sortFloat64(Float64Array.from(current.probability)),
  });
  const probabilityDrift = {
    stattest: drift.stattest,
    statistic: drift.statistic,
    pValue: drift.pValue,
    threshold: drift.threshold,
    drifted: drift.drifted,
  };

  const warnings: CbpeWarning[] = [];
  const ece = (value: number) => value.toFixed(3);
  const referencePositives = referenceTarget.reduce((sum, value) => sum + value, 0);
  if (referencePositives === 0 || referencePositives === referenceTarget.length) {
    warnings.push({
      code: 'single-class-reference',
      message:
        `Every reference row is ${referencePositives === 0 ? 'negative' : 'positive'}: calibration learns a constant, so the estimate ` +
        'only repeats the reference. Use a reference with both classes.',
    });
  }
  if (method === 'isotonic' && eceBefore > CBPE_LIMITS.maxEce) {
    warnings.push({
      code: 'reference-miscalibrated',
      message:
        `The model's probabilities are miscalibrated on the reference (expected calibration error ${ece(eceBefore)} > ${CBPE_LIMITS.maxEce}); ` +
        `isotonic calibration brought it to ${ece(eceAfter)}. The estimate relies on that calibration still holding for the current data.`,
    });
  }
  if (eceAfter > CBPE_LIMITS.maxEce) {
    warnings.push({
      code: 'calibration-insufficient',
      message:
        `The probabilities the estimate uses are miscalibrated on the reference (expected calibration error ${ece(eceAfter)} > ${CBPE_LIMITS.maxEce}): ` +
        `the estimate is biased.${method === 'none' ? ' Use calibration "isotonic".' : ' Use a larger reference.'}`,
    });
  }
  if (reference.probability.length < CBPE_LIMITS.minReferenceRows) {
    warnings.push({
      code: 'few-reference-rows',
      message: `The reference has ${reference.probability.length} usable rows (fewer than ${CBPE_LIMITS.minReferenceRows}): the calibration is noisy. Use a larger reference.`,
    });
  }
  if (current.probability.length < CBPE_LIMITS.minCurrentRows) {
    warnings.push({
      code: 'few-current-rows',
      message: `The current dataset has ${current.probability.length} usable rows (fewer than ${CBPE_LIMITS.minCurrentRows}): the bands are wide.`,
    });
  }
  if (outOfRangeShare > CBPE_LIMITS.maxOutOfRangeShare) {
    warnings.push({
      code: 'probabilities-out-of-range',
      message:
        `${(outOfRangeShare * 100).toFixed(1)} % of the current probabilities lie outside the reference's range ` +
        `[${referenceMin}, ${referenceMax}] (more than ${CBPE_LIMITS.maxOutOfRangeShare * 100} %): the calibration is extrapolated there (clipped).`,
    });
  }
  if (drift.drifted) {
    warnings.push({
      code: 'probability-drift',
      message:
        `The probability column drifted from the reference (${drift.stattest} ${drift.statistic.toPrecision(4)}, threshold ${drift.threshold}): ` +
        'the population changed, so check the estimate against labels when they arrive.',
    });
  }

  return {
    calibration: { method, eceBefore, eceAfter },
    rows: { reference: reference.probability.length, current: current.probability.length, labelled: labelled?.probability.length ?? 0 },
    estimated,
    realized,
    outOfRangeShare,
    probabilityDrift,
    warnings,
  };
}

/** The metrics of known labels: the expected ones with every p_i equal to the label (0 or 1). */
function realizedMetrics(rows: LabelledRows): Record<CbpeMetric, number | null> {
  const metrics = expectedMetrics(rows.predictedPositive, Float64Array.from(rows.actualPositive), rows.probability);
  const valueOf = (metric: CbpeMetric) => metrics[metric]?.value ?? null;
  return {
    accuracy: valueOf('accuracy'),
    precision: valueOf('precision'),
    recall: valueOf('recall'),
    f1: valueOf('f1'),
    specificity: valueOf('specificity'),
    rocAuc: valueOf('rocAuc'),
  };
}
