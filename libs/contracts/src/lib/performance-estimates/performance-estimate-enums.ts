/** Plain values and types of performance estimates, free of decorators so the dashboard may import them as values. */

/** How the reference's probabilities are calibrated before the estimate (`isotonic`: scikit-learn's isotonic regression). */
export type CalibrationMethodName = 'isotonic' | 'none';
export const CALIBRATION_METHODS: readonly CalibrationMethodName[] = ['isotonic', 'none'];

/** Metrics a performance estimate reports, in display order. */
export const ESTIMATED_METRICS = ['accuracy', 'precision', 'recall', 'f1', 'specificity', 'rocAuc'] as const;
export type EstimatedMetricName = (typeof ESTIMATED_METRICS)[number];
