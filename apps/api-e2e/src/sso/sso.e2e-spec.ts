import { ApiProcess, createTestDatabase, freePort, startApi, TestDatabase } from '@stress/e2e-support';
import { CookieJar, send, signIn, startTestProvider, TestProvider } from '../support/oidc-flow';
import { http } from '../support/http';

const CLIENT_ID = 'stress-monitoring';
const CLIENT_SECRET = 'test-client-secret-0123456789';
// The issue's example, except that people outside the three groups match no role (and strict mode refuses them).
const ROLE_PATH =
  "contains(groups[*], 'ml-admins') && 'admin' || contains(groups[*], 'ml-team') && 'editor' || contains(groups[*], 'ml-readers') && 'viewer'";

interface Me {
  name: string;
  email?: string;
  role: string;
  via: string;
  csrfToken?: string;
}

let provider: TestProvider;
let database: TestDatabase;
let api: ApiProcess;
let shortDatabase: TestDatabase | undefined;
let shortApi: ApiProcess | undefined;
let apiPort: number;
let shortPort: number;
/** Request ids of the failed callbacks below, whose refusals the audit log must hold. */
const failedRequestIds: string[] = [];

function ssoEnv(port: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    OIDC_ISSUER_URL: provider.issuer,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_SCOPES: 'openid profile email groups',
    OIDC_ROLE_ATTRIBUTE_PATH: ROLE_PATH,
    OIDC_ALLOW_INSECURE_HTTP: 'true',
    THROTTLE_LIMIT: '100000',
    ...extra,
  };
}

function sessionCookie(jar: CookieJar): string {
  const value = jar.cookies.get('__Host-session');
  if (!value) throw new Error('no session cookie');
  return `__Host-session=${value}`;
}

async function me(url: string, jar: CookieJar): Promise<{ status: number; body: Me }> {
  const response = await send(`${url}/api/v1/auth/me`, jar);
  return { status: response.status, body: (await response.json()) as Me };
}

beforeAll(async () => {
  [apiPort, shortPort] = [await freePort(), await freePort()];
  const client = (port: number) => ({
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [`http://127.0.0.1:${port}/auth/callback`],
    post_logout_redirect_uris: [`http://127.0.0.1:${port}/signin?signedOut=1`],
    token_endpoint_auth_method: 'client_secret_post',
  });
  // One client per API process: each has its own PUBLIC_URL, hence its own redirect URI.
  provider = await startTestProvider([client(apiPort), { ...client(shortPort), client_id: `${CLIENT_ID}-short` }]);
  database = await createTestDatabase();
  api = await startApi({ database, port: apiPort, env: ssoEnv(apiPort) });
});

afterAll(async () => {
  await shortApi?.stop();
  await shortDatabase?.drop();
  await api?.stop();
  await database?.drop();
  await provider?.stop();
});

describe('single sign-on (OpenID Connect, authorization code + PKCE)', () => {
  it('sends the browser to the provider with a code challenge, state and nonce bound to an HttpOnly cookie', async () => {
    const response = await send(`${api.url}/auth/login?next=/models/stress-detector`, new CookieJar());
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin).toBe(provider.issuer);
    expect(location.searchParams.get('response_type')).toBe('code');
    expect(location.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(location.searchParams.get('redirect_uri')).toBe(`${api.url}/auth/callback`);
    expect(location.searchParams.get('code_challenge_method')).toBe('S256');
    expect(location.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get('state')).toBeTruthy();
    expect(location.searchParams.get('nonce')).toBeTruthy();
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('__Host-sso-login='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
  });

  it.each([
    ['alice', 'admin', 'alice@example.com', 'Alice Admin'],
    ['bob', 'editor', 'bob@example.com', 'Bob Editor'],
    ['vera', 'viewer', 'vera@example.com', 'Vera Viewer'],
    // No email claim: the email falls back to preferred_username, the person is not stuck.
    ['eve', 'viewer', 'eve@corp.example', 'Eve NoEmail'],
  ])('signs %s in with the role %s from their groups', async (login, role, email, name) => {
    const { callback, apiJar } = await signIn(api.url, login, { next: '/models/stress-detector?tab=drift' });
    expect(callback.status).toBe(302);
    expect(callback.headers.get('location')).toBe('/models/stress-detector?tab=drift');
    const cookie = callback.headers.getSetCookie().find((line) => line.startsWith('__Host-session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const { status, body } = await me(api.url, apiJar);
    expect(status).toBe(200);
    expect(body).toEqual({ name, email, role, via: 'sso', csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
  });

  it('refuses a person whose groups map to no role (strict mode) with a page that says to ask for access', async () => {
    const { callback, apiJar } = await signIn(api.url, 'carl');
    expect(callback.status).toBe(403);
    expect(await callback.text()).toMatch(/Ask an administrator for access/);
    expect(apiJar.cookies.has('__Host-session')).toBe(false);
    expect((await me(api.url, apiJar)).status).toBe(401);
  });

  it('never redirects off its own origin after sign-in', async () => {
    for (const next of ['https://evil.example', '//evil.example/x', '/\\evil.example']) {
      const { callback } = await signIn(api.url, 'vera', { next });
      expect(callback.status).toBe(302);
      expect(callback.headers.get('location')).toBe('/');
    }
  });

  it('signs nobody in when the state does not match, the code is replayed, or the nonce is wrong', async () => {
    const tampered = (field: string) => (jar: CookieJar) => {
      const raw = jar.cookies.get('__Host-sso-login') ?? '';
      const cookie = JSON.parse(Buffer.from(decodeURIComponent(raw), 'base64url').toString()) as Record<string, string>;
      jar.cookies.set(
        '__Host-sso-login',
        Buffer.from(JSON.stringify({ ...cookie, [field]: 'tampered-value-0123456789' })).toString('base64url'),
      );
    };
    for (const field of ['state', 'nonce']) {
      const { callback, apiJar } = await signIn(api.url, 'alice', { tamper: tampered(field) });
      expect(callback.status).toBe(400);
      const page = await callback.text();
      expect(page).toMatch(/Sign-in failed/);
      const shown = /Request id: <code>([^<]+)<\/code>/.exec(page);
      expect(shown).not.toBeNull();
      failedRequestIds.push(shown?.[1] ?? '');
      expect(page).toContain('href="/auth/login"');
      expect(apiJar.cookies.has('__Host-session')).toBe(false);
    }

    // A callback without the login cookie (another browser) and a replayed code: both refused.
    const first = await signIn(api.url, 'alice');
    expect(first.callback.status).toBe(302);
    const stranger = await send(first.callbackUrl, new CookieJar());
    expect(stranger.status).toBe(400);
    // Replaying the callback with the right login cookie: the provider refuses the used code.
    const replayJar = new CookieJar();
    const original = await signIn(api.url, 'bob', {
      tamper: (jar) => replayJar.cookies.set('__Host-sso-login', jar.cookies.get('__Host-sso-login') ?? ''),
    });
    expect(original.callback.status).toBe(302);
    const replayed = await send(original.callbackUrl, replayJar);
    expect(replayed.status).toBe(400);
    failedRequestIds.push(replayed.headers.get('x-request-id') ?? '');
    expect(replayJar.cookies.has('__Host-session')).toBe(false);
  });

  it('lets a session act like a key of its role, with X-CSRF-Token required on writes', async () => {
    const editor = await signIn(api.url, 'bob');
    const { body } = await me(api.url, editor.apiJar);
    const model = { name: 'sso-editor-model', task: 'regression' };

    const without = await send(`${api.url}/api/v1/models`, editor.apiJar, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(model),
    });
    expect(without.status).toBe(403);
    expect(((await without.json()) as { message: string }).message).toMatch(/X-CSRF-Token/);
    const wrong = await send(`${api.url}/api/v1/models`, editor.apiJar, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': 'x'.repeat(43) },
      body: JSON.stringify(model),
    });
    expect(wrong.status).toBe(403);
    const created = await send(`${api.url}/api/v1/models`, editor.apiJar, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': body.csrfToken ?? '' },
      body: JSON.stringify(model),
    });
    expect(created.status).toBe(201);

    // An editor may not manage keys, exactly like an editor key.
    const keys = await send(`${api.url}/api/v1/api-keys`, editor.apiJar);
    expect(keys.status).toBe(403);
    // Key-authenticated writes need no CSRF token.
    await http(api.url, api.adminKey).post('/api/v1/models').send({ name: 'key-model', task: 'regression' }).expect(201);
  });

  it('names the person in the stage history of a version they promoted', async () => {
    await http(api.url, api.adminKey).post('/api/v1/models').send({ name: 'sso-staged', task: 'regression' }).expect(201);
    await http(api.url, api.adminKey).post('/api/v1/models/sso-staged/versions').send({ version: '1' }).expect(201);
    const editor = await signIn(api.url, 'bob');
    const { body } = await me(api.url, editor.apiJar);
    const promoted = await send(`${api.url}/api/v1/models/sso-staged/versions/1`, editor.apiJar, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': body.csrfToken ?? '' },
      body: JSON.stringify({ stage: 'production' }),
    });
    expect(promoted.status).toBe(200);
    const history = await http(api.url, api.adminKey).get('/api/v1/models/sso-staged/versions/1/stage-history').expect(200);
    expect((history.body as { items: unknown[] }).items).toEqual([
      expect.objectContaining({ from: 'none', to: 'production', actor: 'Bob Editor' }),
    ]);
  });

  it('lists people for an admin and ends a person’s sessions', async () => {
    const viewer = await signIn(api.url, 'vera');
    expect((await me(api.url, viewer.apiJar)).status).toBe(200);
    const users = await http(api.url, api.adminKey).get('/api/v1/users').expect(200);
    const vera = (users.body as { items: Array<{ id: string; email: string; role: string; activeSessions: number }> }).items.find(
      (user) => user.email === 'vera@example.com',
    );
    if (!vera) throw new Error('vera is not in GET /api/v1/users');
    expect(vera.role).toBe('viewer');
    expect(vera.activeSessions).toBeGreaterThanOrEqual(1);
    const ended = await http(api.url, api.adminKey).delete(`/api/v1/users/${vera.id}/sessions`).expect(200);
    expect((ended.body as { ended: number }).ended).toBe(vera.activeSessions);
    const after = await me(api.url, viewer.apiJar);
    expect(after.status).toBe(401);
    expect((after.body as unknown as { message: string }).message).toMatch(/session has expired or was ended/);
  });

  it('signs out: deletes the session, clears the cookie and sends the browser to the provider’s logout', async () => {
    const { apiJar } = await signIn(api.url, 'alice');
    const cookie = sessionCookie(apiJar);
    const response = await send(`${api.url}/auth/logout`, apiJar, { method: 'POST' });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin).toBe(provider.issuer);
    expect(location.searchParams.get('post_logout_redirect_uri')).toBe(`${api.url}/signin?signedOut=1`);
    expect(location.searchParams.get('id_token_hint')).toBeTruthy();
    expect(apiJar.cookies.has('__Host-session')).toBe(false);
    // The old cookie no longer works anywhere.
    const reused = await fetch(`${api.url}/api/v1/auth/me`, { headers: { Cookie: cookie } });
    expect(reused.status).toBe(401);
  });

  it('ends sessions after SESSION_TTL', async () => {
    shortDatabase = await createTestDatabase();
    shortApi = await startApi({
      database: shortDatabase,
      port: shortPort,
      env: ssoEnv(shortPort, { OIDC_CLIENT_ID: `${CLIENT_ID}-short`, SESSION_TTL: '3s' }),
    });
    const { callback, apiJar } = await signIn(shortApi.url, 'vera');
    expect(callback.status).toBe(302);
    const expires = /Expires=([^;]+)/i.exec(callback.headers.getSetCookie().find((line) => line.startsWith('__Host-session=')) ?? '');
    expect(expires).not.toBeNull();
    const deadline = Date.now() + 30_000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      status = (await me(shortApi.url, apiJar)).status;
      if (status === 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(status).toBe(401);
  });
});

describe('the audit log', () => {
  it('records changes by a key and by a person, and sign-ins, for admins only', async () => {
    const admin = http(api.url, api.adminKey);
    const created = await admin.post('/api/v1/api-keys').send({ name: 'audited-key', role: 'editor' }).expect(201);
    const keyId = (created.body as { id: string }).id;
    await admin.delete(`/api/v1/api-keys/${keyId}`).expect(204);

    const person = await signIn(api.url, 'bob');
    const { body } = await me(api.url, person.apiJar);
    const response = await send(`${api.url}/api/v1/models`, person.apiJar, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': body.csrfToken ?? '' },
      body: JSON.stringify({ name: 'audited-model', task: 'regression' }),
    });
    expect(response.status).toBe(201);
    const requestId = response.headers.get('x-request-id');

    // A change's event commits with the change; sign-in events are written on their own: poll until all are there.
    type Event = {
      actor: string;
      via: string;
      action: string;
      method: string;
      route: string;
      resourceId: string | null;
      status: number;
      requestId: string;
    };
    const eventsOf = async (actor: string): Promise<Event[]> =>
      ((await admin.get(`/api/v1/audit-events?actor=${encodeURIComponent(actor)}&limit=200`).expect(200)).body as { items: Event[] }).items;
    const deadline = Date.now() + 20_000;
    let bobEvents: Event[] = [];
    while (Date.now() < deadline) {
      bobEvents = await eventsOf('bob@example.com');
      if (bobEvents.some((event) => event.route === '/api/v1/models' && event.requestId === requestId)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(bobEvents).toContainEqual(
      expect.objectContaining({
        via: 'sso',
        action: 'change',
        method: 'POST',
        route: '/api/v1/models',
        resourceId: expect.any(String),
        status: 201,
        requestId,
      }),
    );
    expect(bobEvents).toContainEqual(expect.objectContaining({ via: 'sso', action: 'sign-in', route: '/auth/callback' }));
    // The refused sign-in of the strict-mode test above was recorded too.
    expect(await eventsOf('carl@example.com')).toContainEqual(expect.objectContaining({ action: 'sign-in-refused', status: 403 }));
    // So were the failed callbacks (state and nonce mismatch, replayed code): nobody was identified.
    const failed = (await eventsOf('(unknown)')).filter((event) => event.action === 'sign-in-failed');
    expect(failedRequestIds).toHaveLength(3);
    for (const id of failedRequestIds) {
      expect(failed).toContainEqual(expect.objectContaining({ via: 'sso', route: '/auth/callback', status: 400, requestId: id }));
    }

    const adminEvents = await eventsOf('admin');
    expect(adminEvents).toContainEqual(
      expect.objectContaining({
        via: 'api-key',
        action: 'change',
        method: 'POST',
        route: '/api/v1/api-keys',
        resourceId: keyId,
        status: 201,
      }),
    );
    expect(adminEvents).toContainEqual(
      expect.objectContaining({ via: 'api-key', method: 'DELETE', route: `/api/v1/api-keys/${keyId}`, resourceId: keyId, status: 204 }),
    );
    // Reads are not changes; failed writes are not recorded.
    expect(adminEvents.every((event) => event.method !== 'GET')).toBe(true);

    // Admins only: an editor's session and an editor key are refused.
    expect((await send(`${api.url}/api/v1/audit-events`, person.apiJar)).status).toBe(403);
  });
});
