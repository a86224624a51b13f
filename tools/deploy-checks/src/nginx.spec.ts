import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardImageEnv, envsubst, nginxArgs, nginxTest, renderNginx, RenderedNginx, sourceRuntimeScript } from './support/nginx';
import { API_MAIN, DASHBOARD_DIST, NGINX, ROOT } from './support/paths';
import { freePort } from '@stress/e2e-support';
import { cleanEnv, run, Running, waitForHttp } from './support/processes';

describe('dashboard image entrypoint script', () => {
  const base = dashboardImageEnv();
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sam-runtime-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes config.json from DASHBOARD_API_BASE_URL and allows that origin in the CSP', () => {
    const same = sourceRuntimeScript({ ...base, DASHBOARD_RUNTIME_DIR: dir });
    expect(same.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({ apiBaseUrl: '', apiKeySignIn: true });
    expect(same.env['DASHBOARD_CSP_CONNECT_SRC']).toBe('');
    expect(same.env['API_UPSTREAM']).toBe('http://api:3000');

    const other = sourceRuntimeScript({ ...base, DASHBOARD_RUNTIME_DIR: dir, DASHBOARD_API_BASE_URL: 'https://api.example.com/' });
    expect(other.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({
      apiBaseUrl: 'https://api.example.com',
      apiKeySignIn: true,
    });
    expect(other.env['DASHBOARD_CSP_CONNECT_SRC']).toBe(' https://api.example.com');
  });

  it('announces single sign-on in config.json from the API’s own variables, as the API-served config.json does', () => {
    const read = () => JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as unknown;
    const sso = { ...base, DASHBOARD_RUNTIME_DIR: dir, OIDC_ISSUER_URL: 'https://login.example.com/realms/ml' };
    expect(sourceRuntimeScript(sso).status).toBe(0);
    // OIDC_PROVIDER_NAME's default is the API's.
    expect(read()).toEqual({ apiBaseUrl: '', sso: { providerName: 'single sign-on' }, apiKeySignIn: true });
    const named = sourceRuntimeScript({ ...sso, OIDC_PROVIDER_NAME: 'Acme "Okta" \\ SSO', AUTH_API_KEY_SIGNIN: 'false' });
    expect(named.status).toBe(0);
    expect(read()).toEqual({ apiBaseUrl: '', sso: { providerName: 'Acme "Okta" \\ SSO' }, apiKeySignIn: false });
    // Without an issuer the name is not announced; the key form can still be switched off.
    expect(
      sourceRuntimeScript({ ...base, DASHBOARD_RUNTIME_DIR: dir, OIDC_PROVIDER_NAME: 'Okta', AUTH_API_KEY_SIGNIN: 'false' }).status,
    ).toBe(0);
    expect(read()).toEqual({ apiBaseUrl: '', apiKeySignIn: false });
  });

  it.each([
    ['API_UPSTREAM', 'api:3000'],
    ['API_UPSTREAM', 'http://api:3000/api'],
    ['DASHBOARD_API_BASE_URL', 'https://api.example.com/v1'],
    ['DASHBOARD_API_BASE_URL', 'javascript:alert(1)'],
    ['DASHBOARD_API_BASE_URL', 'https://x.example.com","a":"b'],
    ['AUTH_API_KEY_SIGNIN', 'maybe'],
  ])('stops the container when %s is %p, naming the variable', (name, value) => {
    const result = sourceRuntimeScript({ ...base, DASHBOARD_RUNTIME_DIR: dir, [name]: value });
    expect(result.status).toBe(1);
    expect(result.output).toContain(name);
  });

  it('envsubst touches only the filtered variables, never nginx $variables', () => {
    const text = 'proxy_pass ${API_UPSTREAM}; set $x $host$uri; ${HOME} $API_UPSTREAM_X';
    expect(envsubst(text, { API_UPSTREAM: 'http://a:1', HOME: '/root', host: 'no' }, '^(API_UPSTREAM|DASHBOARD_)')).toBe(
      'proxy_pass http://a:1; set $x $host$uri; ${HOME} $API_UPSTREAM_X',
    );
    // The same result as GNU envsubst with the variable list nginx's entrypoint builds.
    const gnu = spawnSync('envsubst', ['${API_UPSTREAM}'], { input: text, env: { API_UPSTREAM: 'http://a:1' }, encoding: 'utf8' });
    if (gnu.status === 0) expect(gnu.stdout).toBe('proxy_pass http://a:1; set $x $host$uri; ${HOME} $API_UPSTREAM_X');
  });
});

describe('nginx configuration', () => {
  it('passes `nginx -t` once rendered as the container renders it', () => {
    const rendered = renderNginx({ apiUpstream: 'http://127.0.0.1:3000', port: 18080 });
    try {
      const result = nginxTest(rendered);
      expect({ status: result.status, output: result.output }).toEqual({ status: 0, output: expect.stringMatching(/test is successful/) });
      // What the image gets: nothing left to substitute, proxy to the upstream, port 8080 on both stacks.
      expect(rendered.imageDefaultConf).not.toMatch(/\$\{[A-Z_]+\}/);
      expect(rendered.imageDefaultConf).toMatch(/listen 8080;/);
      // /health, /api and /auth (single sign-on's redirects and callback) go to the API.
      expect(rendered.imageDefaultConf.match(/proxy_pass http:\/\/127\.0\.0\.1:3000;/g)).toHaveLength(3);
    } finally {
      rmSync(rendered.dir, { recursive: true, force: true });
    }
  });
});

describe('built dashboard served through nginx, proxying to a running API', () => {
  let api: Running;
  let nginx: Running;
  let rendered: RenderedNginx;
  let dataDir: string;
  let origin: string;
  const adminKey = 'deploy-check-admin-key-0123456789abcdef';

  beforeAll(async () => {
    if (!existsSync(join(DASHBOARD_DIST, 'index.html'))) throw new Error('Build the dashboard first (npx nx build dashboard).');
    dataDir = mkdtempSync(join(tmpdir(), 'sam-nginx-api-'));
    const apiPort = await freePort();
    api = run(process.execPath, [API_MAIN], {
      cwd: ROOT,
      env: cleanEnv({
        NODE_ENV: 'test',
        PORT: String(apiPort),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        ADMIN_API_KEY: adminKey,
        SEED_DEMO: 'false',
        LOG_LEVEL: 'warn',
        TRUST_PROXY: 'loopback',
      }),
    });
    await waitForHttp(`http://127.0.0.1:${apiPort}/health/live`, api);
    const port = await freePort();
    rendered = renderNginx({ apiUpstream: `http://127.0.0.1:${apiPort}`, port });
    nginx = run(NGINX, [...nginxArgs(rendered), '-g', 'daemon off;'], {});
    origin = `http://127.0.0.1:${port}`;
    await waitForHttp(`${origin}/healthz`, nginx);
  });

  afterAll(async () => {
    await nginx?.stop('SIGQUIT');
    await api?.stop();
    if (rendered) rmSync(rendered.dir, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves index.html uncached with a CSP the built page satisfies', async () => {
    const response = await fetch(`${origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    const html = await response.text();
    expect(html).toContain('<sam-root>');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/connect-src 'self';/);
    // script-src 'self' without 'unsafe-inline': every script must be a file of this origin.
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes = '', body = ''] of scripts) {
      expect(attributes).toMatch(/\ssrc="[^":]+"/);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('caches hashed bundles for a year and 404s missing files instead of returning the shell', async () => {
    const bundle = readdirSync(DASHBOARD_DIST).find((name) => /^main-[A-Z0-9]{8,}\.js$/.test(name));
    expect(bundle).toBeDefined();
    const asset = await fetch(`${origin}/${bundle}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    await asset.arrayBuffer();
    expect((await fetch(`${origin}/main-OLDHASH1.js`)).status).toBe(404);
    const favicon = await fetch(`${origin}/favicon.ico`);
    expect(favicon.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers deep links with the app shell and config.json from the environment, both uncached', async () => {
    const deep = await fetch(`${origin}/models/stress-detector/metrics`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<sam-root>');
    const config = await fetch(`${origin}/config.json`);
    expect(config.status).toBe(200);
    expect(config.headers.get('cache-control')).toBe('no-cache');
    expect(config.headers.get('content-type')).toMatch(/application\/json/);
    expect(await config.json()).toEqual({ apiBaseUrl: '', apiKeySignIn: true });
  });

  it('proxies /health and /api to the API on the same origin, and hides /metrics', async () => {
    const live = await fetch(`${origin}/health/live`);
    expect(live.status).toBe(200);
    expect(((await live.json()) as { status: string }).status).toBe('ok');
    expect((await fetch(`${origin}/health/ready`)).status).toBe(200);

    const anonymous = await fetch(`${origin}/api/v1/auth/me`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { statusCode: number }).statusCode).toBe(401);

    const me = await fetch(`${origin}/api/v1/auth/me`, {
      headers: { Authorization: `Bearer ${adminKey}`, 'X-Request-Id': 'through-nginx-1' },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toEqual({ name: expect.any(String), role: 'admin', via: 'api-key' });

    const created = await fetch(`${origin}/api/v1/api-keys`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'through-nginx', role: 'viewer' }),
    });
    expect(created.status).toBe(201);

    expect((await fetch(`${origin}/metrics`)).status).toBe(404);
  });
});
