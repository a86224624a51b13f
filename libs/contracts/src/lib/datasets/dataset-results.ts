/*
 * Response shapes with nested arrays (rows of cells, the confusion matrix). They live outside *.dto.ts on
 * purpose: the Swagger compiler plugin cannot describe arrays of arrays, so the controllers document these
 * responses with explicit schemas (see DATASET_ROWS_SCHEMA and QUALITY_SCHEMA below).
 */

/**
 * `GET /api/v1/datasets/:id/rows`: values as in the file's columns; numbers for numerical columns,
 * strings otherwise, null for missing values.
 */
export class DatasetRowsDto {
  columns!: string[];
  rows!: (string | number | null)[][];
  /** Rows in the dataset. */
  total!: number;
}

export class ConfusionMatrixDto {
  /** Labels, sorted. */
  labels!: string[];
  /** Rows = actual label, columns = predicted label, in `labels` order. */
  matrix!: number[][];
}

export class PrecisionRecallF1Dto {
  precision!: number;
  recall!: number;
  f1!: number;
}

export class QualityAveragesDto {
  macro!: PrecisionRecallF1Dto;
  weighted!: PrecisionRecallF1Dto;
}

/** `GET /api/v1/datasets/:id/quality`: classification quality as scikit-learn computes it. */
export class QualityDto {
  task!: 'binary-classification' | 'multiclass-classification';
  /** Rows with both a target and a prediction. */
  support!: number;
  accuracy!: number;
  /** Binary: for the positive label. Multiclass: macro average. */
  precision!: number;
  recall!: number;
  f1!: number;
  /** When a probability column exists (binary). */
  rocAuc?: number;
  logLoss?: number;
  /** Multiclass only. */
  averages?: QualityAveragesDto;
  confusionMatrix!: ConfusionMatrixDto;
  /** Binary: the label treated as positive. */
  positiveLabel?: string;
  targetColumn!: string;
  predictionColumn!: string;
  probabilityColumn?: string;
}

/** Regression quality over pairs of a numerical target and prediction (scikit-learn's metrics). */
export class RegressionQualityDto {
  task!: 'regression';
  /** Pairs with both a target and a prediction. */
  support!: number;
  /** Mean absolute error. */
  mae!: number;
  /** Root mean squared error. */
  rmse!: number;
  /** Coefficient of determination (`r2_score`); null below two pairs. */
  r2!: number | null;
  targetColumn!: string;
  predictionColumn!: string;
}

const number = { type: 'number' as const };
const prf = {
  type: 'object' as const,
  required: ['precision', 'recall', 'f1'],
  properties: { precision: number, recall: number, f1: number },
};

/** OpenAPI schema of DatasetRowsDto. */
export const DATASET_ROWS_SCHEMA = {
  type: 'object',
  required: ['columns', 'rows', 'total'],
  properties: {
    columns: { type: 'array', items: { type: 'string' } },
    rows: {
      type: 'array',
      description: 'One array of cells per row, in `columns` order: numbers, strings, or null when missing.',
      items: { type: 'array', items: { oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true } },
    },
    total: { type: 'integer' },
  },
};

/** OpenAPI schema of QualityDto. */
export const QUALITY_SCHEMA = {
  type: 'object',
  required: ['task', 'support', 'accuracy', 'precision', 'recall', 'f1', 'confusionMatrix', 'targetColumn', 'predictionColumn'],
  properties: {
    task: { type: 'string', enum: ['binary-classification', 'multiclass-classification'] },
    support: { type: 'integer' },
    accuracy: number,
    precision: { ...number, description: 'Binary: for the positive label. Multiclass: macro average.' },
    recall: number,
    f1: number,
    rocAuc: { ...number, description: 'When a probability column exists (binary).' },
    logLoss: number,
    averages: { type: 'object', properties: { macro: prf, weighted: prf }, description: 'Multiclass only.' },
    confusionMatrix: {
      type: 'object',
      required: ['labels', 'matrix'],
      properties: {
        labels: { type: 'array', items: { type: 'string' } },
        matrix: {
          type: 'array',
          description: 'Rows = actual, columns = predicted, in `labels` order.',
          items: { type: 'array', items: { type: 'integer' } },
        },
      },
    },
    positiveLabel: { type: 'string' },
    targetColumn: { type: 'string' },
    predictionColumn: { type: 'string' },
    probabilityColumn: { type: 'string' },
  },
};
