import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { http } from '../support/http';
import { TestDatabase, withClient } from '@stress/e2e-support';

/** Fixtures written by tools/fixtures/datasets_e2e_fixtures.py (pandas, NumPy, SciPy, scikit-learn). */
export interface DriftExpectation {
  columns: Record<string, { stattest: string; statistic: number; pValue: number | null; threshold: number; drifted: boolean }>;
  driftedColumns: number;
  totalColumns: number;
  datasetDrift: boolean;
}

export interface Fixtures {
  profile: { csv: string; rows: number; expected: Record<string, Record<string, unknown>>; quality: Record<string, unknown> };
  multiclass: { csv: string; expected: Record<string, unknown> };
  drift: {
    small: { reference: string; current: string; expected: DriftExpectation };
    large: { reference: string; current: string; expected: DriftExpectation };
    largePsi: { request: Record<string, unknown>; expected: DriftExpectation };
  };
}

export const fixtures: Fixtures = JSON.parse(readFileSync(join(__dirname, 'fixtures.json'), 'utf8'));

/** POST /api/v1/datasets as multipart; fields in the given order, the file first when `fileFirst`. */
export function upload(
  url: string,
  key: string,
  csv: string | Buffer,
  fields: Record<string, string> = {},
  options: { fileFirst?: boolean; fileName?: string } = {},
) {
  let request = http(url, key).post('/api/v1/datasets');
  const attach = () => {
    request = request.attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv, 'utf8'), {
      filename: options.fileName ?? 'data.csv',
      contentType: 'text/csv',
    });
  };
  if (options.fileFirst) attach();
  for (const [name, value] of Object.entries(fields)) request = request.field(name, value);
  if (!options.fileFirst) attach();
  return request;
}

/** What is stored: datasets visible to the API and, on PostgreSQL, every row of the dataset tables. */
export async function storedCounts(url: string, key: string, database: TestDatabase): Promise<Record<string, number>> {
  const listed = await http(url, key).get('/api/v1/datasets?limit=1').expect(200);
  const counts: Record<string, number> = { listed: listed.body.total };
  if (database.url) {
    await withClient(database.url, async (client) => {
      for (const table of ['datasets', 'dataset_columns', 'dataset_chunks']) {
        const result = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
        counts[table] = result.rows[0].n;
      }
    });
  }
  return counts;
}

/** `actual` equals `expected` to a relative 1e-9 (absolute 1e-12 near zero), recursively. */
export function expectClose(actual: unknown, expected: unknown, path = 'value', relative = 1e-9): void {
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') throw new Error(`${path}: expected ${expected}, got ${JSON.stringify(actual)}`);
    const tolerance = Math.max(Math.abs(expected) * relative, 1e-12);
    if (!(Math.abs(actual - expected) <= tolerance)) throw new Error(`${path}: expected ${expected}, got ${actual}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length)
      throw new Error(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    expected.forEach((item, index) => expectClose(actual[index], item, `${path}[${index}]`, relative));
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object') throw new Error(`${path}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [key, value] of Object.entries(expected))
      expectClose((actual as Record<string, unknown>)[key], value, `${path}.${key}`, relative);
    return;
  }
  if (actual !== expected) throw new Error(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

/** A CSV of `rows` rows × 10 numerical and 2 categorical columns, deterministic. */
export function bigCsv(rows: number, seed = 1): Buffer {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const parts: string[] = ['n0,n1,n2,n3,n4,n5,n6,n7,n8,n9,c0,c1\n'];
  const categories = ['walk', 'run', 'sit', 'sleep'];
  for (let row = 0; row < rows; row++) {
    let line = '';
    for (let column = 0; column < 10; column++) line += (random() * 100 + column).toFixed(4) + ',';
    line += categories[Math.floor(random() * 4)] + ',' + categories[Math.floor(random() * random() * 4)] + '\n';
    parts.push(line);
  }
  return Buffer.from(parts.join(''), 'utf8');
}

/** Polls /health/live every `intervalMs` while `work` runs; returns each probe's latency in ms. */
export async function probeWhile<T>(url: string, work: Promise<T>, intervalMs = 50): Promise<{ result: T; latencies: number[] }> {
  const latencies: number[] = [];
  let done = false;
  const probing = (async () => {
    while (!done) {
      const started = performance.now();
      const response = await fetch(`${url}/health/live`);
      await response.text();
      if (response.status !== 200) throw new Error(`/health/live answered ${response.status}`);
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  try {
    const result = await work;
    return { result, latencies };
  } finally {
    done = true;
    await probing;
  }
}

/** 90th percentile of probe latencies. */
export function p90(latencies: number[]): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.9))];
}

/**
 * Probe latency of the idle API on this machine (a shared CI box can be slow on its own), so tests
 * assert what heavy work adds (≤ 200 ms, the target) rather than the machine's load.
 */
export async function idleProbeP90(url: string): Promise<number> {
  const { latencies } = await probeWhile(url, new Promise((resolve) => setTimeout(resolve, 1_500)), 30);
  return p90(latencies);
}
