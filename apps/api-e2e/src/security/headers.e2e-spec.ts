import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';

// Found by a security probe: upgrade-insecure-requests broke plain-HTTP installs that are not localhost,
// X-Frame-Options SAMEORIGIN contradicted frame-ancestors 'none', and there was no Permissions-Policy.
describe('security headers', () => {
  let database: TestDatabase;
  const apis: ApiProcess[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    for (const api of apis) await api.stop();
    await database?.drop();
  });
  const headersOf = async (env: Record<string, string>) => {
    const api = await startApi({ database, env });
    apis.push(api);
    return (await fetch(`${api.url}/health/live`)).headers;
  };

  it('sends no HSTS or upgrade-insecure-requests over plain HTTP, and denies framing and unused features', async () => {
    const headers = await headersOf({});
    expect(headers.get('strict-transport-security')).toBeNull();
    expect(headers.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('x-frame-options')).toBe('DENY');
    expect(headers.get('permissions-policy')).toBe('camera=(), microphone=(), geolocation=(), payment=()');
  });

  it('sends HSTS and upgrade-insecure-requests when PUBLIC_URL is https', async () => {
    await apis.pop()?.stop();
    const headers = await headersOf({ PUBLIC_URL: 'https://monitor.example.com' });
    expect(headers.get('strict-transport-security')).toMatch(/^max-age=15552000; includeSubDomains$/);
    expect(headers.get('content-security-policy')).toContain('upgrade-insecure-requests');
    expect(headers.get('x-frame-options')).toBe('DENY');
  });
});
