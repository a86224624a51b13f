/**
 * Classification quality with scikit-learn's semantics (1.2): accuracy_score, precision / recall / f1
 * (binary for the positive label; macro and weighted for multiclass; zero_division gives 0),
 * roc_auc_score and log_loss for a binary probability column, confusion_matrix over sorted labels.
 */
import { StatisticsInputError } from './errors';
import type { QualityInput, QualityResult } from './types';

/** float64 machine epsilon: sklearn 1.2's log_loss clips probabilities to [eps, 1 − eps] with eps='auto'. */
const LOG_LOSS_EPS = 2.220446049250313e-16;

/** Labels in the order scikit-learn sorts them: numerically when every label is a number, else by string. */
export function sortLabels(labels: Iterable<string>): string[] {
  const unique = [...new Set(labels)];
  const numeric = unique.every((label) => label.trim() !== '' && Number.isFinite(Number(label)));
  if (numeric) return unique.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0));
  return unique.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The positive label: the one asked for; else "1", "true" or "True" when present; else the greater of the
 * labels in sorted order (scikit-learn's convention for roc_auc_score).
 */
export function resolvePositiveLabel(labels: readonly string[], requested?: string): string {
  if (requested !== undefined) {
    if (labels.length >= 2 && !labels.includes(requested)) {
      throw new StatisticsInputError(`positiveLabel "${requested}" is not among the labels (${labels.join(', ')}): choose one of them.`);
    }
    return requested;
  }
  for (const candidate of ['1', 'true', 'True']) if (labels.includes(candidate)) return candidate;
  return labels[labels.length - 1] ?? '1';
}

const divideOrZero = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);

function f1(precision: number, recall: number): number {
  const denominator = precision + recall;
  return denominator === 0 ? 0 : (2 * precision * recall) / denominator;
}

/** Mann–Whitney form of the ROC AUC with ties counted half, identical to sklearn's trapezoidal curve. */
function rocAuc(isPositive: Uint8Array, probability: Float64Array): number | undefined {
  let positives = 0;
  for (let i = 0; i < isPositive.length; i++) positives += isPositive[i];
  const negatives = isPositive.length - positives;
  if (positives === 0 || negatives === 0) return undefined;
  const positiveScores = new Float64Array(positives);
  const negativeScores = new Float64Array(negatives);
  for (let i = 0, p = 0, q = 0; i < isPositive.length; i++) {
    if (isPositive[i]) positiveScores[p++] = probability[i];
    else negativeScores[q++] = probability[i];
  }
  positiveScores.sort();
  negativeScores.sort();
  // Σ over positives of (#negatives below + ½ #negatives equal), by one merge; all terms are halves
  // of integers, so the sum is exact and the only rounding is the final division.
  let wins = 0;
  let below = 0;
  let i = 0;
  while (i < positives) {
    const score = positiveScores[i];
    let sameScore = 0;
    while (i < positives && positiveScores[i] === score) {
      sameScore++;
      i++;
    }
    while (below < negatives && negativeScores[below] < score) below++;
    let equal = 0;
    while (below + equal < negatives && negativeScores[below + equal] === score) equal++;
    wins += sameScore * (below + equal / 2);
  }
  return wins / (positives * negatives);
}

/** sklearn.metrics.log_loss(y, p, labels=[0, 1]) for the probability p of the positive label. */
function logLoss(isPositive: Uint8Array, probability: Float64Array): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < isPositive.length; i++) {
    const p = Math.min(Math.max(probability[i], LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    const q = 1 - p;
    // sklearn renormalises the two columns [1 − p, p] by their sum.
    const total = q + p;
    const loss = -Math.log((isPositive[i] ? p : q) / total);
    const t = sum + loss;
    c += sum >= loss ? sum - t + loss : loss - t + sum;
    sum = t;
  }
  return (sum + c) / isPositive.length;
}

export function classificationQuality(input: QualityInput): QualityResult {
  const { actual, predicted, probability } = input;
  const support = actual.length;
  if (predicted.length !== support) {
    throw new StatisticsInputError(
      `The target has ${support} values but the prediction has ${predicted.length}: pass the same rows for both.`,
    );
  }
  if (support === 0) {
    throw new StatisticsInputError('No rows with both a target and a prediction: quality needs at least one.');
  }
  if (probability !== undefined) {
    if (probability.length !== support) {
      throw new StatisticsInputError(`The probability column has ${probability.length} values for ${support} rows: pass the same rows.`);
    }
    for (let i = 0; i < probability.length; i++) {
      const p = probability[i];
      if (!(p >= 0 && p <= 1)) {
        throw new StatisticsInputError(
          `The probability column holds ${String(p)} (row ${i + 1} of the rows used): probabilities must lie in [0, 1].`,
        );
      }
    }
  }

  const labels = sortLabels([...actual, ...predicted]);
  const index = new Map(labels.map((label, i) => [label, i]));
  const k = labels.length;
  const matrix = labels.map(() => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < support; i++) {
    const a = index.get(actual[i]) as number;
    const p = index.get(predicted[i]) as number;
    matrix[a][p] += 1;
    if (a === p) correct++;
  }
  const accuracy = correct / support;
  const confusionMatrix = { labels, matrix };

  if (k <= 2) {
    const positive = resolvePositiveLabel(labels, input.positiveLabel);
    const pos = index.get(positive);
    let tp = 0;
    let fp = 0;
    let fn = 0;
    if (pos !== undefined) {
      for (let r = 0; r < k; r++) {
        for (let c = 0; c < k; c++) {
          if (r === pos && c === pos) tp += matrix[r][c];
          else if (c === pos) fp += matrix[r][c];
          else if (r === pos) fn += matrix[r][c];
        }
      }
    }
    const precision = divideOrZero(tp, tp + fp);
    const recall = divideOrZero(tp, tp + fn);
    const result: QualityResult = {
      task: 'binary-classification',
      support,
      accuracy,
      precision,
      recall,
      f1: f1(precision, recall),
      confusionMatrix,
    };
    if (probability !== undefined) {
      const isPositive = new Uint8Array(support);
      for (let i = 0; i < support; i++) isPositive[i] = actual[i] === positive ? 1 : 0;
      const auc = rocAuc(isPositive, probability);
      if (auc !== undefined) result.rocAuc = auc;
      result.logLoss = logLoss(isPositive, probability);
    }
    return result;
  }

  const perLabel = labels.map((_, l) => {
    let predictedCount = 0;
    let trueCount = 0;
    for (let o = 0; o < k; o++) {
      predictedCount += matrix[o][l];
      trueCount += matrix[l][o];
    }
    const precision = divideOrZero(matrix[l][l], predictedCount);
    const recall = divideOrZero(matrix[l][l], trueCount);
    return { precision, recall, f1: f1(precision, recall), weight: trueCount };
  });
  const macro = { precision: 0, recall: 0, f1: 0 };
  const weighted = { precision: 0, recall: 0, f1: 0 };
  for (const metrics of perLabel) {
    for (const key of ['precision', 'recall', 'f1'] as const) {
      macro[key] += metrics[key];
      weighted[key] += metrics[key] * metrics.weight;
    }
  }
  for (const key of ['precision', 'recall', 'f1'] as const) {
    macro[key] /= k;
    weighted[key] /= support;
  }
  return {
    task: 'multiclass-classification',
    support,
    accuracy,
    precision: macro.precision,
    recall: macro.recall,
    f1: macro.f1,
    averages: { macro, weighted },
    confusionMatrix,
  };
}
