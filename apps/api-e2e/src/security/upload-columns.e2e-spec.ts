import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { storedCounts, upload } from '../datasets/datasets-support';
import { expectErrorShape, http } from '../support/http';
import { processMemoryMb, resetPeakMemory } from '../support/process-memory';

/** A CSV of `columns` columns (odd ones text, even ones numbers) and `rows` rows. */
function wideCsv(columns: number, rows: number): string {
  const header = Array.from({ length: columns }, (_, index) => `c${index}`).join(',');
  const row = (value: number) => Array.from({ length: columns }, (_, index) => cell(index, value)).join(',');
  return [header, ...Array.from({ length: rows }, (_, value) => row(value))].join('\n') + '\n';
}

/** How much the API's resident memory rose while `work` ran (peak during it, minus resident before). */
async function memoryRiseMb(api: ApiProcess, work: () => Promise<void>): Promise<number> {
  const pid = api.child.pid as number;
  resetPeakMemory(pid);
  const before = processMemoryMb(pid).resident;
  await work();
  return processMemoryMb(pid).peak - before;
}

function cell(column: number, row: number): string | number {
  return column % 2 === 0 ? (column + row) % 97 : `t${(column + row) % 5}`;
}

// Found by a security probe: 100,000 columns × 2 rows (a 600 KB file) ran the API out of memory (20 GB),
// 2,000 columns took 1.7 GB: every column reserved two 65,536-row arrays up front.
describe('dataset upload width (MAX_COLUMNS) and memory per column', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000' } });
  });
  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('refuses 100,000 columns with a 400 naming the limit, quickly and without the memory growing, and stores nothing', async () => {
    const csv = wideCsv(100_000, 2);
    const before = await storedCounts(api.url, api.adminKey, database);
    let status = 0;
    let body: unknown;
    let elapsedMs = 0;
    const rise = await memoryRiseMb(api, async () => {
      const started = Date.now();
      const response = await upload(api.url, api.adminKey, csv, { name: 'too-wide' });
      elapsedMs = Date.now() - started;
      status = response.status;
      body = response.body;
    });
    expect(status).toBe(400);
    expectErrorShape(body, 400);
    expect((body as { message: string }).message).toMatch(/names 100000 columns; the limit is 2000 \(MAX_COLUMNS\)/);
    // The bounds: answered within a second, < 50 MB more memory (it was 20 GB, then killed).
    expect(elapsedMs).toBeLessThan(1_000);
    expect(rise).toBeLessThan(50);
    expect(await storedCounts(api.url, api.adminKey, database)).toEqual(before);
    await http(api.url).get('/health/live').expect(200);
  });

  it('stores 2,000 columns × 2 rows with memory proportional to the data (< 200 MB more)', async () => {
    let status = 0;
    let id = '';
    const rise = await memoryRiseMb(api, async () => {
      const response = await upload(api.url, api.adminKey, wideCsv(2_000, 2), { name: 'wide' });
      status = response.status;
      id = (response.body as { id: string }).id;
    });
    expect(status).toBe(201);
    expect(rise).toBeLessThan(200);
    // Reading a wide dataset back works too (2,000 concurrent column reads once outwaited the connection pool: 503).
    const rows = await http(api.url, api.adminKey).get(`/api/v1/datasets/${id}/rows`).expect(200);
    expect(rows.body.columns).toHaveLength(2_000);
    expect(rows.body.rows).toEqual([0, 1].map((row) => Array.from({ length: 2_000 }, (_, column) => cell(column, row))));
    const download = await http(api.url, api.adminKey).get(`/api/v1/datasets/${id}/download`).expect(200);
    expect(download.text.split('\r\n')[2]).toBe(Array.from({ length: 2_000 }, (_, column) => cell(column, 1)).join(','));
    // Profiling 2,000 columns on the embedded database takes a minute on a busy machine.
  }, 240_000);
});
