import 'reflect-metadata';
import { AppConfigService } from '../../config/app-config.service';
import { parseEnv } from '../../config/env.schema';
import { StatisticsPool } from './statistics-pool.service';
import { StatisticsTaskError } from './statistics-tasks';

describe('StatisticsPool (inline: unit specs have no worker bundle)', () => {
  const pool = new StatisticsPool(new AppConfigService(parseEnv({})));

  afterAll(() => pool.onModuleDestroy());

  it('sorts a numerical column once and profiles it', async () => {
    const { sorted, stats } = await pool.run({ type: 'describe-numerical', values: [Float64Array.from([3, 1]), Float64Array.from([2, 2])], missing: 1 });
    expect(Array.from(sorted)).toEqual([1, 2, 2, 3]);
    expect(stats).toMatchObject({ count: 4, missing: 1, distinct: 3, mean: 2, min: 1, max: 3 });
  });

  it('turns a statistics input problem into an input error (a 4xx for the caller)', async () => {
    const failure = pool.run({ type: 'drift', input: { type: 'numerical', reference: new Float64Array(0), current: Float64Array.from([1]) }, options: {} });
    await expect(failure).rejects.toBeInstanceOf(StatisticsTaskError);
    await expect(failure).rejects.toMatchObject({ inputError: true });
  });

  it('defaults to at most two workers', () => {
    expect(pool.size).toBeGreaterThanOrEqual(1);
    expect(pool.size).toBeLessThanOrEqual(2);
  });
});
