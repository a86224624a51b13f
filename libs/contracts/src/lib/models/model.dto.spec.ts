import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateModelDto, CreateModelVersionDto } from './model.dto';
import {
  autoMetricBucket,
  FixedMetricBucket,
  MAX_AUTO_BUCKETS,
  METRIC_BUCKET_SECONDS,
  MetricBucket,
  metricBucketCount,
  metricBucketsWithinLimit,
} from '../metrics/metric-enums';

function errorsOf<T extends object>(cls: new () => T, body: object): string[] {
  return validateSync(plainToInstance(cls, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
  }).map((e) => e.property);
}

describe('CreateModelDto', () => {
  it('accepts a slug and a task', () => {
    expect(
      errorsOf(CreateModelDto, {
        name: 'stress-detector',
        task: 'binary-classification',
        tags: ['a', 'b-c'],
      }),
    ).toEqual([]);
  });

  it.each([
    [{ name: 'A', task: 'regression' }, ['name']],
    [{ name: '-abc', task: 'regression' }, ['name']],
    [{ name: 'Abc', task: 'regression' }, ['name']],
    [{ name: 'a'.repeat(64), task: 'regression' }, ['name']],
    [{ name: 'ok-name', task: 'clustering' }, ['task']],
    [{ name: 'ok-name', task: 'regression', tags: ['a', 'a'] }, ['tags']],
    [{ name: 'ok-name', task: 'regression', tags: ['Has Space'] }, ['tags']],
  ])('refuses %j', (body, fields) => {
    expect(errorsOf(CreateModelDto, body)).toEqual(fields);
  });
});

describe('CreateModelVersionDto', () => {
  it('accepts features and training metrics', () => {
    expect(
      errorsOf(CreateModelVersionDto, {
        version: '1.0.0',
        trainingMetrics: { accuracy: 0.9, roc_auc: 0.95 },
        features: [{ name: 'eda', type: 'numerical', role: 'feature' }],
      }),
    ).toEqual([]);
  });

  it.each([
    [{ version: '' }, ['version']],
    [{ version: '1 0' }, ['version']],
    [{ version: '1', trainingMetrics: { accuracy: 'high' } }, ['trainingMetrics']],
    [{ version: '1', trainingMetrics: [1] }, ['trainingMetrics']],
    [{ version: '1', trainingMetrics: { '9bad': 1 } }, ['trainingMetrics']],
    [
      {
        version: '1',
        features: [
          { name: 'a', type: 'numerical', role: 'feature' },
          { name: 'a', type: 'text', role: 'feature' },
        ],
      },
      ['features'],
    ],
    [
      {
        version: '1',
        features: [{ name: 'a', type: 'float', role: 'feature' }],
      },
      ['features'],
    ],
    [{ version: '1', stage: 'production' }, ['stage']],
  ])('refuses %j', (body, fields) => {
    expect(errorsOf(CreateModelVersionDto, body)).toEqual(fields);
  });
});

describe('autoMetricBucket', () => {
  const hour = 3_600_000;
  it.each([
    [hour, MetricBucket.OneMinute],
    // 499 minutes can touch 500 one-minute buckets (a partial one at each end); one more millisecond, 501.
    [499 * 60_000, MetricBucket.OneMinute],
    [499 * 60_000 + 1, MetricBucket.FiveMinutes],
    [24 * hour, MetricBucket.FiveMinutes],
    [30 * 24 * hour, MetricBucket.SixHours],
    [400 * 24 * hour, MetricBucket.OneDay],
  ])('%d ms → %s', (range, bucket) => {
    expect(autoMetricBucket(range)).toBe(bucket);
    expect(metricBucketCount(range, bucket as FixedMetricBucket)).toBeLessThanOrEqual(MAX_AUTO_BUCKETS);
  });

  it('picks the finest width within the limit: the next finer one would exceed it', () => {
    const widths = Object.keys(METRIC_BUCKET_SECONDS) as FixedMetricBucket[];
    for (const range of [9 * hour, 48 * hour, 7 * 24 * hour, 30 * 24 * hour]) {
      const chosen = widths.indexOf(autoMetricBucket(range));
      expect(chosen).toBeGreaterThan(0);
      expect(metricBucketCount(range, widths[chosen - 1])).toBeGreaterThan(MAX_AUTO_BUCKETS);
    }
  });

  it('a floor skips the finer widths that would fit', () => {
    expect(autoMetricBucket(7 * 24 * hour, MetricBucket.OneHour)).toBe(MetricBucket.OneHour);
    expect(autoMetricBucket(2 * hour)).toBe(MetricBucket.OneMinute);
    expect(autoMetricBucket(2 * hour, MetricBucket.OneHour)).toBe(MetricBucket.OneHour);
    expect(metricBucketsWithinLimit(30 * 24 * hour)).toEqual([MetricBucket.SixHours, MetricBucket.OneDay]);
    expect(metricBucketsWithinLimit(5000 * 24 * hour)).toEqual([MetricBucket.OneDay]);
  });
});
