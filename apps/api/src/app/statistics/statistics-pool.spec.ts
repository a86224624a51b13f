import 'reflect-metadata';
import { AppConfigService } from '../../config/app-config.service';
import { parseEnv } from '../../config/env.schema';
import { compressChunk, decompressFloat64 } from '../datasets/chunk-codec';
import { StatisticsPool } from './statistics-pool.service';
import { StatisticsTaskError } from './statistics-tasks';

describe('StatisticsPool (inline: unit specs have no worker bundle)', () => {
  const pool = new StatisticsPool(new AppConfigService(parseEnv({})));

  afterAll(() => pool.onModuleDestroy());

  it('sorts a numerical column once and profiles it', async () => {
    // Two stored row-order chunks; NaN and ±Infinity are not finite values (the caller counted them missing).
    const rows = [Float64Array.from([3, Number.NaN, 1, 4]), Float64Array.from([2, Infinity, 2, -Infinity])];
    const { count, sortedChunks, stats } = await pool.run({
      type: 'describe-numerical',
      column: { chunks: await Promise.all(rows.map((values) => compressChunk(values))), lengths: rows.map((values) => values.length) },
      missing: 3,
      chunkRows: 3,
    });
    expect(count).toBe(5);
    const chunks = await Promise.all(sortedChunks.map((data, seq) => decompressFloat64(Buffer.from(data), Math.min(3, count - 3 * seq))));
    expect(chunks.map((chunk) => Array.from(chunk))).toEqual([
      [1, 2, 2],
      [3, 4],
    ]);
    expect(stats).toMatchObject({ count: 5, missing: 3, distinct: 4, mean: 2.4, min: 1, max: 4 });
  });

  it('tests numerical drift on stored sorted chunks as on the arrays themselves', async () => {
    const reference = Float64Array.from({ length: 50 }, (_, index) => index / 10);
    const current = Float64Array.from({ length: 40 }, (_, index) => 1 + index / 8);
    const stored = async (sorted: Float64Array) => ({
      chunks: await Promise.all([sorted.subarray(0, 16), sorted.subarray(16)].map((part) => compressChunk(part))),
      lengths: [16, sorted.length - 16],
    });
    const fromChunks = await pool.run({
      type: 'drift-numerical',
      reference: await stored(reference),
      current: await stored(current),
      options: {},
    });
    const fromArrays = await pool.run({ type: 'drift', input: { type: 'numerical', reference, current }, options: {} });
    expect(fromChunks.stattest).toBe('ks');
    expect(fromChunks).toEqual(fromArrays);
  });

  it('turns a statistics input problem into an input error (a 4xx for the caller)', async () => {
    const failure = pool.run({
      type: 'drift',
      input: { type: 'numerical', reference: new Float64Array(0), current: Float64Array.from([1]) },
      options: {},
    });
    await expect(failure).rejects.toBeInstanceOf(StatisticsTaskError);
    await expect(failure).rejects.toMatchObject({ inputError: true });
  });

  it('defaults to at most two workers', () => {
    expect(pool.size).toBeGreaterThanOrEqual(1);
    expect(pool.size).toBeLessThanOrEqual(2);
  });
});
