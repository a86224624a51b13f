import {
  CategoricalStats,
  classificationQuality,
  ColumnDriftResult,
  columnDrift,
  DriftColumnInput,
  DriftOptions,
  describeCategorical,
  describeNumerical,
  estimatePerformance,
  NumericalStats,
  PerformanceEstimateInput,
  PerformanceEstimateResult,
  QualityInput,
  QualityResult,
  regressionQuality,
  RegressionQualityResult,
  sortFloat64,
  StatisticsInputError,
} from '@stress/statistics';
import { compressChunkSync, decompressBytesSync } from '../datasets/chunk-codec';

/**
 * The work a statistics worker does. Pure functions of their messages (no Nest, no database), so
 * the same code runs in a worker thread in production and inline in unit specs.
 */
export type StatisticsTask =
  /**
   * A numerical column's stored row-order chunks (NaN = missing) → its profile and its sorted finite
   * values as compressed chunks of `chunkRows`, ready to store. The column is decompressed, sorted and
   * compressed here: it never sits on the event loop.
   */
  | { type: 'describe-numerical'; column: StoredColumn; missing: number; chunkRows: number }
  | { type: 'describe-categorical'; values: string[]; counts: number[]; missing: number }
  | { type: 'drift'; input: DriftColumnInput; options: DriftOptions }
  /**
   * Drift of a numerical column from the reference dataset's stored sorted chunks (decompressed here) and
   * the current dataset's stored chunks, or the current finite values themselves (a monitoring window's).
   */
  | { type: 'drift-numerical'; reference: StoredColumn; current: StoredColumn | Float64Array; options: DriftOptions }
  | { type: 'quality'; input: QualityInput }
  | { type: 'regression-quality'; actual: Float64Array; predicted: Float64Array }
  /** CBPE: calibration, estimated and realized metrics, trust checks. */
  | { type: 'performance-estimate'; input: PerformanceEstimateInput };

/** A column's chunks as stored: compressed Float64 arrays (chunk-codec) of `lengths` values each. */
export interface StoredColumn {
  chunks: Uint8Array[];
  lengths: number[];
}

export interface StatisticsResults {
  'describe-numerical': { count: number; sortedChunks: Uint8Array[]; stats: NumericalStats };
  'describe-categorical': CategoricalStats;
  drift: ColumnDriftResult;
  'drift-numerical': ColumnDriftResult;
  quality: QualityResult;
  'regression-quality': RegressionQualityResult;
  'performance-estimate': PerformanceEstimateResult;
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
      const sorted = sortFloat64(firstColumn.fill(task.column, true));
      const sortedChunks: Uint8Array[] = [];
      for (let start = 0; start < sorted.length; start += task.chunkRows) {
        sortedChunks.push(compressChunkSync(sorted.subarray(start, start + task.chunkRows)));
      }
      return { count: sorted.length, sortedChunks, stats: describeNumerical(sorted, task.missing) };
    }
    case 'describe-categorical': {
      const counts = new Map<string, number>();
      task.values.forEach((value, index) => counts.set(value, task.counts[index]));
      return describeCategorical(counts, task.missing);
    }
    case 'drift':
      return columnDrift(task.input, task.options);
    case 'drift-numerical':
      return columnDrift(
        {
          type: 'numerical',
          reference: firstColumn.fill(task.reference, false),
          current: task.current instanceof Float64Array ? sortFloat64(task.current) : secondColumn.fill(task.current, false),
        },
        task.options,
      );
    case 'quality':
      return classificationQuality(task.input);
    case 'regression-quality':
      return regressionQuality(task.actual, task.predicted);
    case 'performance-estimate':
      return estimatePerformance(task.input);
  }
}

/**
 * A column's values decompressed into a buffer kept for the next column: an upload profiles its numerical
 * columns one after another, a report compares them one after another, and a new 8 MB array per column
 * left the allocator fragmented (the process kept the freed memory). Very large buffers are not kept.
 */
class ReusedColumnBuffer {
  private static readonly KEPT_BYTES = 64 * 1024 * 1024;
  private buffer: Float64Array = new Float64Array(0);
  /** One decompressed chunk, 8-byte aligned (zlib's output need not be). */
  private chunk: Float64Array = new Float64Array(0);

  /** The column's values (only the finite ones with `finiteOnly`), as a view valid until the next fill. */
  fill(column: StoredColumn, finiteOnly: boolean): Float64Array {
    const total = column.lengths.reduce((sum, length) => sum + length, 0);
    let into = this.buffer;
    if (into.length < total) {
      into = new Float64Array(total);
      if (into.byteLength <= ReusedColumnBuffer.KEPT_BYTES) this.buffer = into;
    }
    let count = 0;
    column.chunks.forEach((data, index) => {
      const length = column.lengths[index];
      const bytes = decompressBytesSync(data, length * 8);
      if (bytes.byteLength !== length * 8)
        throw new Error(`A stored chunk holds ${bytes.byteLength / 8} values where ${length} were recorded`);
      if (this.chunk.length < length) this.chunk = new Float64Array(length);
      const values = this.chunk.subarray(0, length);
      new Uint8Array(values.buffer, 0, values.byteLength).set(bytes);
      if (!finiteOnly) {
        into.set(values, count);
        count += length;
        return;
      }
      for (let row = 0; row < length; row++) {
        const value = values[row];
        if (value - value === 0) into[count++] = value; // finite: NaN and ±Infinity give NaN
      }
    });
    return into.subarray(0, count);
  }
}

/** Two per worker: a drift test holds both samples of a column. */
const firstColumn = new ReusedColumnBuffer();
const secondColumn = new ReusedColumnBuffer();

/** Buffers a task hands over without copying (the caller must not use them afterwards). */
export function transferablesOfTask(task: StatisticsTask): ArrayBuffer[] {
  if (task.type === 'drift' && task.input.type === 'numerical') {
    const buffers = new Set<ArrayBuffer>([task.input.reference.buffer as ArrayBuffer, task.input.current.buffer as ArrayBuffer]);
    return [...buffers];
  }
  if (task.type === 'quality' && task.input.probability) return [task.input.probability.buffer as ArrayBuffer];
  if (task.type === 'performance-estimate') {
    const { reference, current, labelled } = task.input;
    const arrays = [
      reference.actualPositive,
      reference.predictedPositive,
      reference.probability,
      current.predictedPositive,
      current.probability,
    ];
    if (labelled) arrays.push(labelled.actualPositive, labelled.predictedPositive, labelled.probability);
    return [...new Set(arrays.map((array) => array.buffer as ArrayBuffer))];
  }
  return [];
}

export function toFailure(error: unknown): StatisticsFailure {
  if (error instanceof StatisticsInputError) return { message: error.message, input: true };
  return { message: error instanceof Error ? error.message : String(error), input: false };
}
