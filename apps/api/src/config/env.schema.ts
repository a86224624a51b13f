import { z } from 'zod';
import * as jmespath from 'jmespath';

/**
 * Every environment variable the API reads, with its default and what is allowed.
 * README's configuration table mirrors this file; keep them in step.
 */
const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], {
    error: 'must be true or false',
  })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = (min = 1, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

/** "1mb", "512kb", "2048" (bytes) → bytes. */
const byteSize = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, {
    error: 'must be a size such as 1mb, 512kb or a number of bytes',
  })
  .transform((value) => {
    const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?$/i.exec(value);
    const amount = Number(match?.[1]);
    const unit = (match?.[2] ?? 'b').toLowerCase();
    const factor = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[unit] ?? 1;
    return Math.round(amount * factor);
  });

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0),
);

const httpOrigin = z.string().refine(
  (origin) => {
    try {
      const url = new URL(origin);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin;
    } catch {
      return false;
    }
  },
  { error: 'each origin must look like https://host[:port] with no path or trailing slash' },
);

/**
 * TRUST_PROXY follows Express's `trust proxy` setting: false, true, a hop count,
 * or a comma list of addresses/subnets (e.g. "loopback, 10.0.0.0/8").
 */
const trustProxy = z.string().transform((value): boolean | number | string => {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'false') return false;
  if (trimmed === 'true') return true;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed;
});

const optionalSecret = (minLength: number, what: string) =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()))
    .refine((value) => value === undefined || value.length >= minLength, {
      error: `${what} must be at least ${minLength} characters`,
    });

const optionalUrl = (protocols: string[], what: string) =>
  z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()))
    .refine(
      (value) => {
        if (value === undefined) return true;
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      { error: `must be a ${what} URL (${protocols.join(' or ')}//...)` },
    );

/** "8h", "30m", "90s", "2d" → milliseconds. */
const duration = z
  .string()
  .regex(/^\d+\s*(s|m|h|d)$/i, { error: 'must be a duration such as 8h, 30m, 90s or 2d' })
  .transform((value) => {
    const match = /^(\d+)\s*(s|m|h|d)$/i.exec(value);
    const factor = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[(match?.[2] ?? 's').toLowerCase()] ?? 1_000;
    return Number(match?.[1]) * factor;
  })
  .refine((ms) => ms >= 1_000 && ms <= 30 * 86_400_000, { error: 'must be between 1s and 30d' });

/** A JMESPath expression, compiled once here so a typo stops start-up instead of refusing every sign-in. */
const jmesPathExpression = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()))
  .refine(
    (value) => {
      if (value === undefined) return true;
      try {
        // compile() parses without evaluating; @types/jmespath declares only search().
        (jmespath as unknown as { compile(expression: string): unknown }).compile(value);
        return true;
      } catch {
        return false;
      }
    },
    { error: "must be a valid JMESPath expression, e.g. contains(groups[*], 'ml-admins') && 'admin' || 'viewer'" },
  );

export const envSchema = z.object({
  NODE_ENV: z
    .enum(['development', 'production', 'test'], {
      error: 'must be development, production or test',
    })
    .default('development'),
  PORT: positiveInt(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:'], 'PostgreSQL'),
  DATA_DIR: z.string().min(1).default('./data'),
  DB_POOL_SIZE: positiveInt(1, 200).default(10),
  ADMIN_API_KEY: optionalSecret(32, 'ADMIN_API_KEY'),
  CORS_ORIGINS: commaList.pipe(z.array(httpOrigin)).default([]),
  THROTTLE_LIMIT: positiveInt(1).default(300),
  THROTTLE_TTL_MS: positiveInt(1000).default(60_000),
  BODY_LIMIT: byteSize.default(1024 * 1024),
  TRUST_PROXY: trustProxy.default(false),
  /** Where people open the app; https here turns on HSTS and upgrade-insecure-requests. */
  PUBLIC_URL: optionalUrl(['http:', 'https:'], 'http(s)'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  SEED_DEMO: booleanString.optional(),
  SHUTDOWN_TIMEOUT_MS: positiveInt(100, 120_000).default(10_000),
  /** How long a client may take to send a request's headers. */
  HEADERS_TIMEOUT_MS: positiveInt(100, 600_000).default(20_000),
  /** How long a client may take to send a whole request (dataset uploads have UPLOAD_TIMEOUT_MS instead). */
  REQUEST_TIMEOUT_MS: positiveInt(100, 3_600_000).default(60_000),
  /** How long an idle keep-alive connection stays open: above a load balancer's idle timeout (60 s on most). */
  KEEP_ALIVE_TIMEOUT_MS: positiveInt(100, 3_600_000).default(65_000),
  DASHBOARD_DIR: z.string().optional(),

  // metrics
  METRICS_MAX_BATCH: positiveInt(1, 100_000).default(10_000),
  METRICS_RETENTION_DAYS: positiveInt(1, 36_500).default(400),

  // datasets
  MAX_UPLOAD_MB: positiveInt(1, 100_000).default(200),
  MAX_COLUMNS: positiveInt(1, 100_000).default(2_000),
  /** How long a dataset upload may take in all. */
  UPLOAD_TIMEOUT_MS: positiveInt(1_000, 86_400_000).default(1_800_000),
  /** An upload slower than this over UPLOAD_RATE_WINDOW_MS is aborted with 408 (0 turns the check off). */
  UPLOAD_MIN_BYTES_PER_SEC: positiveInt(0, 1_000_000_000).default(10_240),
  UPLOAD_RATE_WINDOW_MS: positiveInt(100, 3_600_000).default(30_000),
  /** Worker threads for profiles, drift tests and quality; unset → min(2, CPUs). */
  STATS_WORKERS: positiveInt(1, 64).optional(),

  // assistant
  CHAT_THROTTLE_LIMIT: positiveInt(1).default(20),
  OPENAI_API_KEY: optionalSecret(1, 'OPENAI_API_KEY'),
  OPENAI_BASE_URL: optionalUrl(['http:', 'https:'], 'http(s)'),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_TIMEOUT_MS: positiveInt(100, 600_000).default(20_000),

  // production operation
  WEB_CONCURRENCY: positiveInt(1, 64).default(1),
  REDIS_URL: optionalUrl(['redis:', 'rediss:'], 'Redis'),
  METRICS_TOKEN: optionalSecret(16, 'METRICS_TOKEN'),
  /** Serves GET /metrics on this port only (not on PORT); unset → on PORT. */
  METRICS_PORT: positiveInt(0, 65535).optional(),

  // production data
  /** Rows per POST …/predictions or …/actuals; more → 413. */
  PREDICTIONS_MAX_BATCH: positiveInt(1, 100_000).default(10_000),
  /** Logged predictions are kept this long (whole daily partitions are dropped). */
  PREDICTIONS_RETENTION_DAYS: positiveInt(1, 3_650).default(90),
  /** How long an actual waits for its prediction before it is forgotten. */
  ACTUALS_LOOKBACK_DAYS: positiveInt(1, 3_650).default(30),
  /** A window is computed once it has closed and this long has passed (room for stragglers). */
  MONITORING_DELAY_MS: positiveInt(0, 7 * 86_400_000).default(300_000),
  /** How often the scheduler looks for windows to compute (closed, or stale after late data). */
  MONITORING_INTERVAL_MS: positiveInt(1_000, 86_400_000).default(60_000),

  // processes and jobs
  /** What this process does: serve requests (`api`), run durable jobs (`worker`), or both. */
  PROCESS_ROLES: z
    .string()
    .default('api,worker')
    .transform((value) => [
      ...new Set(
        value
          .split(',')
          .map((role) => role.trim().toLowerCase())
          .filter(Boolean),
      ),
    ])
    .refine((roles) => roles.length > 0 && roles.every((role) => role === 'api' || role === 'worker'), {
      error: 'must list api, worker or both, comma-separated (e.g. "api,worker")',
    }),
  /** A running job's worker proves it is alive this often; a job silent for this long (a killed worker) is retried. */
  JOB_HEARTBEAT_SECONDS: positiveInt(10, 3_600).default(30),

  // alerting
  /** How often every enabled alert rule is evaluated. */
  ALERTS_EVAL_INTERVAL_MS: positiveInt(1_000, 86_400_000).default(60_000),
  /** Attempts per notification (the first and its retries) before it is marked failed. */
  ALERTS_MAX_ATTEMPTS: positiveInt(1, 20).default(6),
  /** Delay before the first retry of a failed notification; doubled at each further retry. */
  ALERTS_RETRY_BASE_MS: positiveInt(100, 3_600_000).default(30_000),
  /** Allows notification targets on loopback addresses (tests, a receiver on the same host). */
  NOTIFY_ALLOW_LOOPBACK: booleanString.default(false),
  /** SMTP server for email channels, e.g. smtp://user:password@mail.example.com:587 (smtps:// for TLS). */
  SMTP_URL: optionalUrl(['smtp:', 'smtps:'], 'SMTP'),
  /** Sender of alert emails. */
  SMTP_FROM: z.string().min(3).default('Stress AI Monitor <alerts@localhost>'),

  // single sign-on (OpenID Connect); all optional: without OIDC_ISSUER_URL only API keys sign in
  OIDC_ISSUER_URL: optionalUrl(['http:', 'https:'], 'http(s)'),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  OIDC_CLIENT_SECRET: optionalSecret(1, 'OIDC_CLIENT_SECRET'),
  OIDC_SCOPES: z.string().trim().min(1).default('openid profile email'),
  /** JMESPath over the ID token's claims merged with UserInfo, giving admin, editor or viewer. */
  OIDC_ROLE_ATTRIBUTE_PATH: jmesPathExpression,
  /** true: a person whose expression gives no role is refused; false: they become viewers. */
  OIDC_ROLE_STRICT: booleanString.default(true),
  OIDC_EMAIL_CLAIM: z.string().trim().min(1).default('email'),
  OIDC_NAME_CLAIM: z.string().trim().min(1).default('name'),
  /** Shown on the sign-in button: "Sign in with <name>". */
  OIDC_PROVIDER_NAME: z.string().trim().min(1).max(60).default('single sign-on'),
  OIDC_ALLOW_INSECURE_HTTP: booleanString.default(false),
  SESSION_TTL: duration.default(8 * 3_600_000),
  /** Whether the dashboard still offers the pasted-key sign-in (keys keep working for API calls either way). */
  AUTH_API_KEY_SIGNIN: booleanString.default(true),
  /** Audit events are kept this long. */
  AUDIT_RETENTION_DAYS: positiveInt(1, 36_500).default(400),
});

export type Env = z.output<typeof envSchema>;
export type EnvName = keyof Env;

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'InvalidConfigurationError';
  }
}

/**
 * Validates the environment once. Cross-field rules live here too, so a bad
 * combination stops start-up with a message naming the variables.
 */
export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty string means "unset" for optional values: compose files and
  // Kubernetes manifests often pass VAR= for variables they do not use.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new InvalidConfigurationError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const shown = cleaned[name] === undefined || /KEY|TOKEN|URL|SECRET/.test(name) ? '' : ` (got "${cleaned[name]}")`;
        return `${name}${shown}: ${issue.message}`;
      }),
    );
  }
  const env = result.data;
  const problems: string[] = [];
  if (env.METRICS_PORT !== undefined && env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
    throw new InvalidConfigurationError([
      `METRICS_PORT (got "${env.METRICS_PORT}"): must differ from PORT, or be unset to serve /metrics on PORT`,
    ]);
  }
  if (env.NODE_ENV === 'production' && env.DATABASE_URL === undefined) {
    throw new InvalidConfigurationError([
      'DATABASE_URL: is required when NODE_ENV=production (the embedded database is for development and single-machine trials); set it to postgres://user:password@host:5432/db',
    ]);
  }
  problems.push(...ssoProblems(env));
  if (problems.length > 0) throw new InvalidConfigurationError(problems);
  return env;
}

/** Cross-field rules of single sign-on: only checked when OIDC_ISSUER_URL is set. */
function ssoProblems(env: Env): string[] {
  if (env.OIDC_ISSUER_URL === undefined) return [];
  const problems: string[] = [];
  if (env.OIDC_CLIENT_ID === undefined) problems.push('OIDC_CLIENT_ID: is required when OIDC_ISSUER_URL is set');
  if (env.PUBLIC_URL === undefined) {
    problems.push('PUBLIC_URL: is required when OIDC_ISSUER_URL is set (the redirect URI is PUBLIC_URL + /auth/callback)');
  }
  if (env.OIDC_ISSUER_URL.startsWith('http:') && !env.OIDC_ALLOW_INSECURE_HTTP) {
    problems.push('OIDC_ISSUER_URL: must be https:// (set OIDC_ALLOW_INSECURE_HTTP=true only for a test provider on this machine)');
  }
  if (!env.OIDC_SCOPES.split(/\s+/).includes('openid')) problems.push('OIDC_SCOPES: must include openid');
  return problems;
}

/** Demo data is on by default outside production and off in production unless asked. */
export function shouldSeedDemo(env: Env): boolean {
  return env.SEED_DEMO ?? env.NODE_ENV !== 'production';
}
