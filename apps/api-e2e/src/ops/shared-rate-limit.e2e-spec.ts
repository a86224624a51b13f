import { randomBytes } from 'node:crypto';
import { ApiProcess, DatabaseServer, startApi, startDatabaseServer } from '@stress/e2e-support';
import { createKey, expectErrorShape } from '../support/http';
import { RedisServer, startRedisServer } from '../support/redis-server';

const LIMIT = 12;

describe('two API processes sharing one Redis enforce one rate limit', () => {
  let databaseServer: DatabaseServer;
  let redis: RedisServer;
  let first: ApiProcess;
  let second: ApiProcess;

  beforeAll(async () => {
    redis = await startRedisServer();
    databaseServer = await startDatabaseServer();
    const database = { kind: 'postgres' as const, env: { DATABASE_URL: databaseServer.url }, url: null, drop: async () => undefined };
    const env = { REDIS_URL: redis.url, THROTTLE_LIMIT: String(LIMIT), THROTTLE_TTL_MS: '60000' };
    first = await startApi({ database, env });
    second = await startApi({ database, env });
  });

  afterAll(async () => {
    await first?.stop();
    await second?.stop();
    await databaseServer?.stop();
    await redis?.stop();
  });

  it('counts a key once across replicas and answers 429 with Retry-After', async () => {
    // A fresh key: its counter starts at zero whatever other suites left in Redis.
    const key = await createKey(first.url, first.adminKey, 'viewer', `shared-${randomBytes(4).toString('hex')}`);
    const statuses: number[] = [];
    let limited: Response | null = null;
    for (let i = 0; i < LIMIT * 2; i++) {
      const base = i % 2 === 0 ? first.url : second.url;
      const response = await fetch(`${base}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${key}` } });
      statuses.push(response.status);
      if (response.status === 429 && !limited) limited = response;
      else await response.arrayBuffer();
    }
    // Each process alone would allow LIMIT requests (2 × LIMIT in total); shared, exactly LIMIT pass.
    expect(statuses.filter((status) => status === 200)).toHaveLength(LIMIT);
    expect(statuses.slice(0, LIMIT).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(LIMIT).every((status) => status === 429)).toBe(true);
    expect(limited).not.toBeNull();
    const retryAfter = Number(limited?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expectErrorShape(await limited?.json(), 429);
    // Probes never count against the limit.
    for (const base of [first.url, second.url]) expect((await fetch(`${base}/health/ready`)).status).toBe(200);
  });
});
