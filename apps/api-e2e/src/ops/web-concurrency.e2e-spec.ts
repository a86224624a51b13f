import { execFileSync } from 'node:child_process';
import { ApiProcess, DatabaseServer, startApi, startDatabaseServer } from '@stress/e2e-support';
import { slowPost } from '../support/http';

/** Node worker processes forked by `pid` (Linux ps). */
function childPids(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((value) => value > 0);
  } catch {
    return []; // ps exits 1 when there are none
  }
}

async function waitFor<T>(what: string, probe: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await probe();
  }
  return value;
}

/** A GET whose connection is closed after the answer, so the cluster spreads requests over workers. */
async function getStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  const response = await fetch(url, { headers: { Connection: 'close', ...headers } });
  await response.arrayBuffer();
  return response.status;
}

describe('WEB_CONCURRENCY (node:cluster)', () => {
  let databaseServer: DatabaseServer;
  let api: ApiProcess;
  const workers = 3;

  beforeAll(async () => {
    // Several workers need a database server (the embedded one serves one process): with
    // TEST_DATABASE_URL a fresh PostgreSQL database, else the embedded database over TCP.
    databaseServer = await startDatabaseServer();
    api = await startApi({
      database: { kind: 'postgres', env: { DATABASE_URL: databaseServer.url }, url: null, drop: async () => undefined },
      env: { WEB_CONCURRENCY: String(workers), THROTTLE_LIMIT: '100000', DB_POOL_SIZE: '3', LOG_LEVEL: 'warn' },
    });
    await waitFor(
      'all workers',
      () => childPids(api.child.pid ?? 0).length,
      (count) => count === workers,
    );
  });

  afterAll(async () => {
    if (api && api.child.exitCode === null) await api.stop('SIGKILL');
    await databaseServer?.stop();
  });

  it('runs WEB_CONCURRENCY workers behind one port, migrating once in the primary', async () => {
    expect(childPids(api.child.pid ?? 0)).toHaveLength(workers);
    // The primary migrates (the embedded database server may have done it already); workers never do.
    expect((api.output().match(/Applied \d+ migration/g) ?? []).length).toBeLessThanOrEqual(1);
    expect(api.output()).toMatch(new RegExp(`${workers} workers on port`));
    const statuses = await Promise.all(Array.from({ length: 30 }, () => getStatus(`${api.url}/health/ready`)));
    expect(statuses.every((status) => status === 200)).toBe(true);
  });

  it('serves /metrics aggregated over every worker', async () => {
    const requests = 24;
    for (let i = 0; i < requests; i++) expect(await getStatus(`${api.url}/api/v1/auth/me`)).toBe(401);
    const text = await (await fetch(`${api.url}/metrics`, { headers: { Connection: 'close' } })).text();
    const line = text
      .split('\n')
      .find((candidate) =>
        candidate.startsWith('http_request_duration_seconds_count{method="GET",route="/api/v1/auth/me",status_code="401"}'),
      );
    expect(Number(line?.split(' ').pop())).toBe(requests);
  });

  it('replaces a worker that crashes, and keeps answering meanwhile', async () => {
    const before = childPids(api.child.pid ?? 0);
    const victim = before[0] ?? 0;
    process.kill(victim, 'SIGKILL');
    const after = await waitFor(
      'a replacement worker',
      () => childPids(api.child.pid ?? 0),
      (pids) => pids.length === workers && !pids.includes(victim),
    );
    expect(after.filter((pid) => before.includes(pid))).toHaveLength(workers - 1);
    await waitFor(
      'the primary to report the crash',
      () => api.output(),
      (output) => output.includes(`Worker ${victim} exited (SIGKILL); starting a replacement`),
    );
    await waitFor(
      'the replacement to listen',
      () => api.output().match(/listening on/g)?.length ?? 0,
      (count) => count === workers + 1,
    );
    await waitFor(
      'every worker answering',
      async () => {
        const statuses = await Promise.all(Array.from({ length: 12 }, () => getStatus(`${api.url}/health/live`)));
        return statuses.every((status) => status === 200);
      },
      (ok) => ok,
    );
  });

  it('on SIGTERM to the primary, every worker drains its requests in flight and all exit 0', async () => {
    const pids = childPids(api.child.pid ?? 0);
    const inFlight = Array.from({ length: 6 }, (_, i) =>
      slowPost(api.url, api.adminKey, '/api/v1/api-keys', { name: `cluster-drain-${i}`, role: 'viewer' }, 1_500),
    );
    await Promise.all(inFlight.map((post) => post.accepted));
    const signalled = Date.now();
    api.child.kill('SIGTERM');
    expect(await Promise.all(inFlight.map((post) => post.status))).toEqual([201, 201, 201, 201, 201, 201]);
    const code = await api.exited;
    expect({ code, output: code === 0 ? '' : api.output() }).toEqual({ code: 0, output: '' });
    expect(Date.now() - signalled).toBeLessThan(15_000);
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
