/** Decoding and tolerance helpers shared by the fixture specs (test-only). */
import type { CategoryCounts, SortedSample } from './types';

export type EncodedSample = number[] | { values: number[]; counts: number[] };

/** Small samples are stored as arrays, large ones run-length encoded (see tools/fixtures). */
export function decodeSample(encoded: EncodedSample): SortedSample {
  if (Array.isArray(encoded)) return Float64Array.from(encoded);
  const total = encoded.counts.reduce((sum, count) => sum + count, 0);
  const sample = new Float64Array(total);
  let offset = 0;
  encoded.values.forEach((value, index) => {
    sample.fill(value, offset, offset + encoded.counts[index]);
    offset += encoded.counts[index];
  });
  return sample;
}

export function toCounts(record: Record<string, number>): CategoryCounts {
  return new Map(Object.entries(record));
}

/** |actual − expected| ≤ max(relative · |expected|, absolute); Infinity only equals Infinity. */
export function expectClose(actual: number, expected: number, relative: number, absolute: number, label: string): number {
  if (!Number.isFinite(expected)) {
    if (actual !== expected) throw new Error(`${label}: expected ${expected}, got ${actual}`);
    return 0;
  }
  const error = Math.abs(actual - expected);
  const allowed = Math.max(relative * Math.abs(expected), absolute);
  if (!(error <= allowed)) {
    throw new Error(`${label}: expected ${expected}, got ${actual} (error ${error.toExponential(2)} > ${allowed.toExponential(2)})`);
  }
  return expected === 0 ? error : error / Math.abs(expected);
}
