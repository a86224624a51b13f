import { backoffMs, retryAfterMs, retryDefaults, withRetries } from './retry';

const answer = (status: number, headers: Record<string, string> = {}) => new Response(`{"statusCode":${status}}`, { status, headers });

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterMs('3')).toBe(3000);
    expect(retryAfterMs(' 0 ')).toBe(0);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:07 GMT', now)).toBe(7000);
    expect(retryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('backoffMs', () => {
  it('is full jitter under base·2^attempt, capped by maxDelayMs', () => {
    const policy = retryDefaults({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect(backoffMs(0, policy, () => 1)).toBe(100);
    expect(backoffMs(3, policy, () => 1)).toBe(800);
    expect(backoffMs(4, policy, () => 1)).toBe(1000);
    expect(backoffMs(3, policy, () => 0.5)).toBe(400);
    expect(backoffMs(3, policy, () => 0)).toBe(0);
  });
});

describe('withRetries', () => {
  it('retries 429 after Retry-After and 503 after a backoff, re-sending the same body', async () => {
    const statuses = [429, 503, 200];
    const bodies: string[] = [];
    const waits: number[] = [];
    const fetch = withRetries(
      async (request) => {
        bodies.push(await request.text());
        const status = statuses.shift() ?? 500;
        return answer(status, status === 429 ? { 'Retry-After': '2' } : {});
      },
      { baseDelayMs: 100 },
      async (ms) => {
        waits.push(ms);
      },
    );
    const response = await fetch(new Request('http://api.test/x', { method: 'POST', body: '{"a":1}' }));
    expect(response.status).toBe(200);
    expect(bodies).toEqual(['{"a":1}', '{"a":1}', '{"a":1}']);
    expect(waits[0]).toBe(2000);
    expect(waits[1]).toBeGreaterThanOrEqual(0);
    expect(waits[1]).toBeLessThanOrEqual(200);
    expect(waits).toHaveLength(2);
  });

  it('gives up after `retries` and returns the last answer', async () => {
    let calls = 0;
    const fetch = withRetries(
      async () => {
        calls++;
        return answer(503);
      },
      { retries: 2 },
      async () => undefined,
    );
    expect((await fetch(new Request('http://api.test/x'))).status).toBe(503);
    expect(calls).toBe(3);
  });

  it('does not wait for a Retry-After longer than maxDelayMs', async () => {
    let calls = 0;
    const fetch = withRetries(
      async () => {
        calls++;
        return answer(429, { 'Retry-After': '3600' });
      },
      { maxDelayMs: 10_000 },
      async () => undefined,
    );
    expect((await fetch(new Request('http://api.test/x'))).status).toBe(429);
    expect(calls).toBe(1);
  });

  it('retries network errors for GET, POST with an Idempotency-Key and prediction/actual logs, never for a plain POST', async () => {
    const failingTwice = () => {
      let calls = 0;
      return {
        fetch: async () => {
          calls++;
          if (calls <= 2) throw new TypeError('fetch failed');
          return answer(200);
        },
        calls: () => calls,
      };
    };
    const get = failingTwice();
    expect((await withRetries(get.fetch, {}, async () => undefined)(new Request('http://api.test/x'))).status).toBe(200);
    expect(get.calls()).toBe(3);

    const keyed = failingTwice();
    const keyedRequest = new Request('http://api.test/x', { method: 'POST', body: '{}', headers: { 'Idempotency-Key': 'k' } });
    expect((await withRetries(keyed.fetch, {}, async () => undefined)(keyedRequest)).status).toBe(200);
    expect(keyed.calls()).toBe(3);

    for (const path of ['/api/v1/models/churn/versions/2.0.0/predictions', '/api/v1/models/churn/actuals']) {
      const logged = failingTwice();
      const request = new Request(`http://api.test${path}`, { method: 'POST', body: '{"rows":[]}' });
      expect((await withRetries(logged.fetch, {}, async () => undefined)(request)).status).toBe(200);
      expect([path, logged.calls()]).toEqual([path, 3]);
    }

    const plain = failingTwice();
    await expect(
      withRetries(plain.fetch, {}, async () => undefined)(new Request('http://api.test/x', { method: 'POST', body: '{}' })),
    ).rejects.toThrow('fetch failed');
    expect(plain.calls()).toBe(1);
  });
});
