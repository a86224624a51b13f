import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createSign, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import { ApiProcess, createTestDatabase, freePort, startApi, TestDatabase } from '@stress/e2e-support';
import { CookieJar, send } from '../support/oidc-flow';

/**
 * ID token validation, with a minimal provider whose tokens the test controls (oidc-provider only issues valid
 * ones): a token signed by a key that is not in the JWKS, for another audience, or with another nonce must
 * sign nobody in; the same provider's valid token does (so the refusals are the checks, not a broken setup).
 */
const CLIENT_ID = 'monitoring-token-checks';
type Flaw = 'none' | 'signature' | 'audience' | 'nonce' | 'issuer' | 'expired';

let flaw: Flaw = 'none';
let idp: Server;
let issuer: string;
let database: TestDatabase;
let api: ApiProcess;
const published = generateKeyPairSync('rsa', { modulusLength: 2048 });
const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const codes = new Map<string, string>();

function jwt(claims: Record<string, unknown>, key: KeyObject): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${encode(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

function idToken(nonce: string): string {
  const now = Math.floor(Date.now() / 1000);
  return jwt(
    {
      iss: flaw === 'issuer' ? 'https://other-issuer.example' : issuer,
      sub: 'token-user',
      aud: flaw === 'audience' ? 'some-other-client' : CLIENT_ID,
      iat: now - (flaw === 'expired' ? 7200 : 0),
      exp: flaw === 'expired' ? now - 3600 : now + 300,
      nonce: flaw === 'nonce' ? 'not-the-nonce' : nonce,
      email: 'token-user@example.com',
      name: 'Token User',
    },
    flaw === 'signature' ? stranger.privateKey : published.privateKey,
  );
}

beforeAll(async () => {
  idp = createServer((request, response) => {
    const url = new URL(request.url ?? '/', issuer);
    const json = (body: unknown) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json({
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (url.pathname === '/jwks')
      return json({ keys: [{ ...published.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }] });
    if (url.pathname === '/authorize') {
      const code = randomBytes(16).toString('hex');
      codes.set(code, url.searchParams.get('nonce') ?? '');
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set('code', code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      response.writeHead(302, { Location: back.href });
      return response.end();
    }
    if (url.pathname === '/token' && request.method === 'POST') {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const code = new URLSearchParams(body).get('code') ?? '';
        const nonce = codes.get(code);
        codes.delete(code);
        if (nonce === undefined) {
          response.writeHead(400, { 'Content-Type': 'application/json' });
          response.end(JSON.stringify({ error: 'invalid_grant' }));
          return;
        }
        json({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: idToken(nonce) });
      });
      return;
    }
    response.writeHead(404);
    response.end();
  });
  await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const port = await freePort();
  database = await createTestDatabase();
  api = await startApi({
    database,
    port,
    env: {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      OIDC_ISSUER_URL: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: 'secret',
      OIDC_ALLOW_INSECURE_HTTP: 'true',
      THROTTLE_LIMIT: '100000',
    },
  });
});

afterAll(async () => {
  await api?.stop();
  await database?.drop();
  await new Promise((resolve) => idp?.close(resolve));
});

async function signInWith(which: Flaw): Promise<{ status: number; jar: CookieJar; text: string }> {
  flaw = which;
  const jar = new CookieJar();
  const login = await send(`${api.url}/auth/login`, jar);
  const authorize = await send(login.headers.get('location') ?? '', new CookieJar());
  const callback = await send(authorize.headers.get('location') ?? '', jar);
  return { status: callback.status, jar, text: await callback.text() };
}

describe('ID token validation', () => {
  it('signs in with a valid ID token from this provider', async () => {
    const { status, jar } = await signInWith('none');
    expect(status).toBe(302);
    expect(jar.cookies.has('__Host-session')).toBe(true);
  });

  it.each<Flaw>(['signature', 'audience', 'nonce', 'issuer', 'expired'])(
    'signs nobody in when the ID token fails its %s check',
    async (which) => {
      const { status, jar, text } = await signInWith(which);
      expect(status).toBe(400);
      expect(text).toMatch(/Sign-in failed/);
      expect(jar.cookies.has('__Host-session')).toBe(false);
      expect((await send(`${api.url}/api/v1/auth/me`, jar)).status).toBe(401);
    },
  );
});
