import { createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { slowPost } from '../support/http';

describe('graceful shutdown', () => {
  let database: TestDatabase;
  beforeAll(async () => (database = await createTestDatabase()));
  afterAll(async () => database?.drop());

  it('on SIGTERM finishes requests in flight, refuses new connections, and exits 0 within 10 s', async () => {
    const api = await startApi({ database });
    const inFlight = Array.from({ length: 5 }, (_, i) =>
      slowPost(api.url, api.adminKey, '/api/v1/api-keys', { name: `in-flight-${i}`, role: 'viewer' }, 1_500),
    );
    await Promise.all(inFlight.map((post) => post.sent));
    await new Promise((resolve) => setTimeout(resolve, 200));

    const signalled = Date.now();
    api.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expect(fetch(`${api.url}/health/live`)).rejects.toThrow();

    const statuses = await Promise.all(inFlight.map((post) => post.status));
    expect(statuses).toEqual([201, 201, 201, 201, 201]);
    const code = await api.exited;
    expect(code).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);

    // What the drained requests wrote is really there.
    const again = await startApi({ database, port: api.port });
    try {
      const listed = await fetch(`${again.url}/api/v1/api-keys`, { headers: { Authorization: `Bearer ${again.adminKey}` } });
      const names = ((await listed.json()) as { items: Array<{ name: string }> }).items.map((item) => item.name);
      expect(names).toEqual(expect.arrayContaining(['in-flight-0', 'in-flight-1', 'in-flight-2', 'in-flight-3', 'in-flight-4']));
    } finally {
      await again.stop();
    }
  });
});
