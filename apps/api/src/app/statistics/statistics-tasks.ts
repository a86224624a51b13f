import {
  CategoricalStats,
  classificationQuality,
  ColumnDriftResult,
  columnDrift,
  DriftColumnInput,
  DriftOptions,
  describeCategorical,
  describeNumerical,
  NumericalStats,
  QualityInput,
  QualityResult,
  sortFloat64,
  StatisticsInputError,
} from '@stress/statistics';

/**
 * The work a statistics worker does. Pure functions of their messages (no Nest, no database), so
 * the same code runs in a worker thread in production and inline in unit specs.
 */
export type StatisticsTask =
  /**
   * Finite values in row order, in pieces to be joined (as collected, so the caller never holds a second
   * copy) → sorted in one array (returned, transferred back) and the column's profile.
   */
  | { type: 'describe-numerical'; values: Float64Array[]; missing: number }
  | { type: 'describe-categorical'; values: string[]; counts: number[]; missing: number }
  | { type: 'drift'; input: DriftColumnInput; options: DriftOptions }
  | { type: 'quality'; input: QualityInput };

export interface StatisticsResults {
  'describe-numerical': { sorted: Float64Array; stats: NumericalStats };
  'describe-categorical': CategoricalStats;
  drift: ColumnDriftResult;
  quality: QualityResult;
}

export type StatisticsResult = StatisticsResults[keyof StatisticsResults];

/** A task's failure as it crosses the thread boundary. `input` marks a problem with the request's data (→ 4xx). */
export interface StatisticsFailure {
  message: string;
  input: boolean;
}

export class StatisticsTaskError extends Error {
  constructor(
    message: string,
    /** True when the data or options do not fit the computation (a client error), not a bug. */
    readonly inputError: boolean,
  ) {
    super(message);
    this.name = 'StatisticsTaskError';
  }
}

export function runStatisticsTask(task: StatisticsTask): StatisticsResult {
  switch (task.type) {
    case 'describe-numerical': {
      const sorted = sortFloat64(joinPieces(task.values));
      return { sorted, stats: describeNumerical(sorted, task.missing) };
    }
    case 'describe-categorical': {
      const counts = new Map<string, number>();
      task.values.forEach((value, index) => counts.set(value, task.counts[index]));
      return describeCategorical(counts, task.missing);
    }
    case 'drift':
      return columnDrift(task.input, task.options);
    case 'quality':
      return classificationQuality(task.input);
  }
}

function joinPieces(pieces: Float64Array[]): Float64Array {
  const joined = new Float64Array(pieces.reduce((sum, piece) => sum + piece.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    joined.set(piece, offset);
    offset += piece.length;
  }
  return joined;
}

/** Buffers a result hands back without copying. */
export function transferablesOf(result: StatisticsResult): ArrayBuffer[] {
  if ('sorted' in result && result.sorted instanceof Float64Array) return [result.sorted.buffer as ArrayBuffer];
  return [];
}

/** Buffers a task hands over without copying (the caller must not use them afterwards). */
export function transferablesOfTask(task: StatisticsTask): ArrayBuffer[] {
  if (task.type === 'describe-numerical') return [...new Set(task.values.map((piece) => piece.buffer as ArrayBuffer))];
  if (task.type === 'drift' && task.input.type === 'numerical') {
    const buffers = new Set<ArrayBuffer>([task.input.reference.buffer as ArrayBuffer, task.input.current.buffer as ArrayBuffer]);
    return [...buffers];
  }
  if (task.type === 'quality' && task.input.probability) return [task.input.probability.buffer as ArrayBuffer];
  return [];
}

export function toFailure(error: unknown): StatisticsFailure {
  if (error instanceof StatisticsInputError) return { message: error.message, input: true };
  return { message: error instanceof Error ? error.message : String(error), input: false };
}
