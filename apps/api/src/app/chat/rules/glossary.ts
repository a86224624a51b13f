/** Terms the assistant explains, with the words people use for them. */
export interface GlossaryEntry {
  key: string;
  title: string;
  aliases: string[];
  text: string;
}

export const GLOSSARY: GlossaryEntry[] = [
  {
    key: 'drift',
    title: 'Drift',
    aliases: ['drift', 'data drift', 'dataset drift', 'concept drift', 'covariate shift', 'distribution shift'],
    text:
      "A change in the distribution of a model's inputs or outputs between a **reference** dataset (usually the training data) and a **current** one (recent production data). " +
      'Each column is compared with a statistical test or distance; a column has drifted when the result crosses its threshold, and the dataset has drifted when the share of drifted columns reaches the drift share (0.5 by default). ' +
      'Drift does not prove the model got worse, but it is the early warning before labels arrive.',
  },
  {
    key: 'psi',
    title: 'PSI (Population Stability Index)',
    aliases: ['psi', 'population stability index', 'population stability'],
    text:
      'PSI = Σ (ref% − cur%) · ln(ref% / cur%) over bins of the column (Sturges bins for numbers, one bin per value for categories). ' +
      '0 means identical distributions; below 0.1 is usually read as stable, 0.1–0.25 as a moderate shift, above 0.25 as a large one. Drift is flagged at PSI ≥ 0.1.',
  },
  {
    key: 'wasserstein',
    title: 'Wasserstein distance',
    aliases: ['wasserstein', 'wasserstein distance', 'earth mover', "earth mover's distance", 'emd'],
    text:
      'The "earth mover\'s distance": how much probability mass has to move, and how far, to turn one distribution into the other. ' +
      'Here it is divided by the reference standard deviation, so 0.1 means the distribution moved by about a tenth of a standard deviation; drift is flagged at ≥ 0.1. It is the default test for numerical columns with more than 1,000 reference values.',
  },
  {
    key: 'jensenshannon',
    title: 'Jensen–Shannon distance',
    aliases: ['jensen-shannon', 'jensen shannon', 'jensenshannon', 'js distance', 'js divergence', 'jsd'],
    text:
      'A symmetric, bounded distance between two distributions: 0 when they are identical, at most √ln 2 ≈ 0.833 with the natural logarithm (as SciPy computes it). ' +
      'It is the square root of the Jensen–Shannon divergence, the average Kullback–Leibler divergence of each distribution from their mixture. Used for categorical columns with more than 1,000 reference values; drift at ≥ 0.1.',
  },
  {
    key: 'ks',
    title: 'Kolmogorov–Smirnov test (KS)',
    aliases: ['ks', 'ks test', 'kolmogorov-smirnov', 'kolmogorov smirnov', 'kolmogorov'],
    text:
      'A two-sample test whose statistic D is the largest vertical gap between the two empirical cumulative distributions. ' +
      'Its p-value is the probability of a gap at least that large if both samples came from the same distribution; drift is flagged when p ≤ 0.05. Default for numerical columns with at most 1,000 reference values.',
  },
  {
    key: 'chisquare',
    title: 'Chi-square test',
    aliases: ['chi-square', 'chi square', 'chisquare', 'chi-squared', 'chi squared', 'chi2', 'χ²'],
    text:
      'Compares the counts of each category in the current data with the counts expected from the reference proportions: χ² = Σ (observed − expected)² / expected. ' +
      'A small p-value (< 0.05) means the category mix changed. Default for categorical columns (more than two values) with at most 1,000 reference values.',
  },
  {
    key: 'z',
    title: 'Two-proportion z-test',
    aliases: ['z-test', 'z test', 'ztest', 'proportion test'],
    text: 'For binary columns: tests whether the share of one value differs between reference and current data, using the pooled proportion; drift when p < 0.05.',
  },
  {
    key: 'p_value',
    title: 'p-value',
    aliases: ['p-value', 'p value', 'pvalue', 'significance'],
    text: 'The probability of seeing a difference at least as large as the observed one if nothing had changed. Small p-values (below the 0.05 threshold) are evidence of drift; with very large samples even tiny, harmless shifts give small p-values, which is why distances (Wasserstein, Jensen–Shannon) are used above 1,000 rows.',
  },
  {
    key: 'accuracy',
    title: 'Accuracy',
    aliases: ['accuracy'],
    text: 'The share of predictions that are correct: (TP + TN) / all. Misleading when classes are imbalanced (predicting "no stress" always can score high).',
  },
  {
    key: 'precision',
    title: 'Precision',
    aliases: ['precision'],
    text: 'Of the cases the model flagged as positive (e.g. "stressed"), the share that really were: TP / (TP + FP). Low precision means many false alarms.',
  },
  {
    key: 'recall',
    title: 'Recall',
    aliases: ['recall', 'sensitivity', 'true positive rate', 'tpr'],
    text: 'Of the real positive cases, the share the model found: TP / (TP + FN). Low recall means missed cases.',
  },
  {
    key: 'f1',
    title: 'F1 score',
    aliases: ['f1', 'f1 score', 'f1-score', 'f-score', 'f measure'],
    text: 'The harmonic mean of precision and recall: 2·P·R / (P + R). High only when both are high; for multiclass data it is averaged per class (macro) or weighted by support.',
  },
  {
    key: 'roc_auc',
    title: 'ROC AUC',
    aliases: ['roc auc', 'roc_auc', 'auc', 'roc', 'area under the curve', 'auroc'],
    text: 'The area under the ROC curve (true positive rate against false positive rate over every threshold): the probability that a random positive case gets a higher score than a random negative one. 0.5 is chance, 1.0 perfect. Needs predicted probabilities.',
  },
  {
    key: 'log_loss',
    title: 'Log loss',
    aliases: ['log loss', 'logloss', 'log_loss', 'cross-entropy', 'cross entropy'],
    text: 'The mean negative log-likelihood of the true labels under the predicted probabilities. Lower is better; it punishes confident wrong predictions hard.',
  },
  {
    key: 'confusion_matrix',
    title: 'Confusion matrix',
    aliases: ['confusion matrix', 'confusion'],
    text: 'A table of counts: rows are the true labels, columns the predicted ones. The diagonal holds the correct predictions; off-diagonal cells show which classes are mistaken for which.',
  },
];

export function glossaryEntry(key: string): GlossaryEntry | undefined {
  return GLOSSARY.find((entry) => entry.key === key);
}
