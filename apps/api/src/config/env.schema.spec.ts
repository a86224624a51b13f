import { InvalidConfigurationError, parseEnv, shouldSeedDemo } from './env.schema';

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof InvalidConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe('parseEnv', () => {
  it('applies the documented defaults', () => {
    const env = parseEnv({});
    expect(env).toEqual(
      expect.objectContaining({
        NODE_ENV: 'development',
        PORT: 3000,
        DATA_DIR: './data',
        CORS_ORIGINS: [],
        THROTTLE_LIMIT: 300,
        THROTTLE_TTL_MS: 60_000,
        BODY_LIMIT: 1024 * 1024,
        TRUST_PROXY: false,
        LOG_LEVEL: 'info',
        METRICS_MAX_BATCH: 10_000,
        METRICS_RETENTION_DAYS: 400,
        MAX_UPLOAD_MB: 200,
        CHAT_THROTTLE_LIMIT: 20,
        OPENAI_TIMEOUT_MS: 20_000,
        WEB_CONCURRENCY: 1,
      }),
    );
    expect(env.DATABASE_URL).toBeUndefined();
    expect(shouldSeedDemo(env)).toBe(true);
  });

  it('parses lists, sizes, booleans and proxy settings', () => {
    const env = parseEnv({
      CORS_ORIGINS: 'https://a.example.com, http://localhost:4200',
      BODY_LIMIT: '512kb',
      SEED_DEMO: 'false',
      TRUST_PROXY: '2',
    });
    expect(env.CORS_ORIGINS).toEqual(['https://a.example.com', 'http://localhost:4200']);
    expect(env.BODY_LIMIT).toBe(512 * 1024);
    expect(env.SEED_DEMO).toBe(false);
    expect(env.TRUST_PROXY).toBe(2);
    expect(parseEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).TRUST_PROXY).toBe('loopback, 10.0.0.0/8');
    expect(parseEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ DATABASE_URL: '', ADMIN_API_KEY: '', PORT: '' }).PORT).toBe(3000);
  });

  it('names the variable, the value and what is allowed', () => {
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT (got "70000"): must be at most 65535']);
    expect(problemsOf({ SEED_DEMO: 'maybe' })).toEqual(['SEED_DEMO (got "maybe"): must be true or false']);
    expect(problemsOf({ CORS_ORIGINS: 'https://ok.example.com/path' })[0]).toMatch(/^CORS_ORIGINS.*no path or trailing slash/);
  });

  it('never echoes secrets in its messages', () => {
    const problems = problemsOf({ ADMIN_API_KEY: 'short-secret', DATABASE_URL: 'mysql://user:hunter2@db/x' });
    expect(problems.join('\n')).not.toMatch(/short-secret|hunter2/);
    expect(problems).toHaveLength(2);
  });

  it('requires DATABASE_URL in production and turns demo data off there unless asked', () => {
    expect(problemsOf({ NODE_ENV: 'production' })[0]).toMatch(/^DATABASE_URL: is required when NODE_ENV=production/);
    const production = parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' });
    expect(shouldSeedDemo(production)).toBe(false);
    expect(shouldSeedDemo(parseEnv({ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', SEED_DEMO: 'true' }))).toBe(true);
  });

  it('reports every problem at once', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', THROTTLE_TTL_MS: '5' })).toHaveLength(3);
  });

  describe('single sign-on', () => {
    const sso = {
      OIDC_ISSUER_URL: 'https://login.example.com/realms/ml',
      OIDC_CLIENT_ID: 'monitoring',
      PUBLIC_URL: 'https://monitoring.example.com',
    };

    it('changes nothing without OIDC_ISSUER_URL, and has the documented defaults', () => {
      const env = parseEnv({});
      expect(env.OIDC_ISSUER_URL).toBeUndefined();
      expect(env).toEqual(
        expect.objectContaining({
          OIDC_SCOPES: 'openid profile email',
          OIDC_ROLE_STRICT: true,
          OIDC_EMAIL_CLAIM: 'email',
          OIDC_NAME_CLAIM: 'name',
          OIDC_ALLOW_INSECURE_HTTP: false,
          SESSION_TTL: 8 * 3_600_000,
          AUTH_API_KEY_SIGNIN: true,
          AUDIT_RETENTION_DAYS: 400,
        }),
      );
    });

    it('parses durations and a JMESPath role expression', () => {
      const env = parseEnv({
        ...sso,
        SESSION_TTL: '30m',
        OIDC_ROLE_ATTRIBUTE_PATH: "contains(groups[*], 'ml-admins') && 'admin' || 'viewer'",
      });
      expect(env.SESSION_TTL).toBe(30 * 60_000);
      expect(parseEnv({ SESSION_TTL: '90s' }).SESSION_TTL).toBe(90_000);
      expect(parseEnv({ SESSION_TTL: '2d' }).SESSION_TTL).toBe(2 * 86_400_000);
    });

    it('names the variable of a bad value', () => {
      expect(problemsOf({ SESSION_TTL: '8 hours' })).toEqual([
        'SESSION_TTL (got "8 hours"): must be a duration such as 8h, 30m, 90s or 2d',
      ]);
      expect(problemsOf({ OIDC_ROLE_ATTRIBUTE_PATH: "contains(groups[*], 'x' && 'admin'" })[0]).toMatch(
        /^OIDC_ROLE_ATTRIBUTE_PATH .*must be a valid JMESPath expression/,
      );
      expect(problemsOf({ OIDC_ROLE_STRICT: 'sometimes' })[0]).toMatch(/^OIDC_ROLE_STRICT .*must be true or false/);
    });

    it('requires the client id and PUBLIC_URL with an issuer, and https unless insecure HTTP is allowed', () => {
      expect(problemsOf({ OIDC_ISSUER_URL: 'https://login.example.com' })).toEqual([
        'OIDC_CLIENT_ID: is required when OIDC_ISSUER_URL is set',
        'PUBLIC_URL: is required when OIDC_ISSUER_URL is set (the redirect URI is PUBLIC_URL + /auth/callback)',
      ]);
      expect(problemsOf({ ...sso, OIDC_ISSUER_URL: 'http://127.0.0.1:9000' })[0]).toMatch(/^OIDC_ISSUER_URL: must be https:\/\//);
      expect(problemsOf({ ...sso, OIDC_ISSUER_URL: 'http://127.0.0.1:9000', OIDC_ALLOW_INSECURE_HTTP: 'true' })).toEqual([]);
      expect(problemsOf({ ...sso, OIDC_SCOPES: 'profile email' })).toEqual(['OIDC_SCOPES: must include openid']);
    });
  });
});
