import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fromRoot } from './support/paths';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  restart?: string;
  read_only?: boolean;
  tmpfs?: string[];
  ports?: string[];
}

const compose = parse(readFileSync(fromRoot('docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const envExample = readFileSync(fromRoot('.env.example'), 'utf8');

/** Every variable the API validates, read from the schema's source (the one list). */
function apiVariables(): string[] {
  const source = readFileSync(fromRoot('apps/api/src/config/env.schema.ts'), 'utf8');
  const body = /export const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? '';
  return [...body.matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map((match) => match[1] ?? '');
}

describe('docker-compose.yml', () => {
  it('has postgres (volume, healthcheck), redis, a one-shot migrate, api and dashboard', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'dashboard', 'migrate', 'postgres', 'redis']);
    expect(services['postgres']?.volumes?.some((volume) => volume.endsWith(':/var/lib/postgresql/data'))).toBe(true);
    expect(Object.keys(compose.volumes)).toContain('pgdata');
    for (const name of ['postgres', 'redis', 'api']) expect(services[name]?.healthcheck?.test.length).toBeGreaterThan(0);
    expect(services['migrate']?.command).toEqual(['node', 'dist/apps/api/main.js', 'migrate']);
    expect(services['migrate']?.restart).toBe('no');
  });

  it('starts each service only when what it needs is ready', () => {
    expect(services['migrate']?.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(services['api']?.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
      redis: { condition: 'service_healthy' },
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(services['dashboard']?.depends_on).toEqual({ api: { condition: 'service_healthy' } });
  });

  it('builds the two images from docker/, pins third-party images, and runs the API read-only with /tmp', () => {
    expect(services['migrate']?.build).toEqual({ context: '.', dockerfile: 'docker/api.Dockerfile' });
    expect(services['dashboard']?.build).toEqual({ context: '.', dockerfile: 'docker/dashboard.Dockerfile' });
    expect(services['api']?.image).toBe(services['migrate']?.image);
    // PostgreSQL releases are major.minor (17.6); Redis major.minor.patch.
    for (const name of ['postgres', 'redis']) expect(services[name]?.image).toMatch(/^[a-z]+:\d+\.\d+(\.\d+)?(-[a-z0-9]+)?$/);
    for (const name of ['api', 'migrate', 'dashboard']) {
      expect(services[name]?.read_only).toBe(true);
      expect(services[name]?.tmpfs).toContain('/tmp');
    }
    expect(services['dashboard']?.environment?.['API_UPSTREAM']).toBe('http://api:3000');
    // The sign-in page's config.json announces single sign-on from the same settings as the API's.
    for (const name of ['OIDC_ISSUER_URL', 'OIDC_PROVIDER_NAME', 'AUTH_API_KEY_SIGNIN']) {
      expect({ name, value: services['dashboard']?.environment?.[name] }).toEqual({ name, value: services['api']?.environment?.[name] });
    }
  });

  it('passes every API variable to the API, production mode, PostgreSQL and the shared Redis', () => {
    const env = services['api']?.environment ?? {};
    const passed = Object.keys(env);
    // DATA_DIR and DASHBOARD_DIR only concern the embedded database and the API-served dashboard.
    const expected = apiVariables().filter((name) => !['DATA_DIR', 'DASHBOARD_DIR'].includes(name));
    expect(expected.length).toBeGreaterThan(20);
    expect(passed.sort()).toEqual(expected.sort());
    expect(env['NODE_ENV']).toBe('production');
    expect(env['DATABASE_URL']).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    expect(env['REDIS_URL']).toBe('redis://redis:6379');
    expect(services['migrate']?.environment).toEqual(env);
  });

  it('.env.example names every variable of the API and of compose', () => {
    const listed = new Set([...envExample.matchAll(/^#?\s?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
    for (const name of apiVariables()) expect({ name, listed: listed.has(name) }).toEqual({ name, listed: true });
    const composeText = readFileSync(fromRoot('docker-compose.yml'), 'utf8');
    const interpolated = new Set([...composeText.matchAll(/\$\{([A-Z][A-Z0-9_]+)[:}?-]/g)].map((match) => match[1]));
    for (const name of interpolated) expect({ name, listed: listed.has(name) }).toEqual({ name, listed: true });
  });
});
