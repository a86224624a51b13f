import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { freePort } from './free-port';
import { API_MAIN, DASHBOARD_DIR, WORKSPACE_ROOT } from './paths';
import { TestDatabase } from './test-database';

/**
 * The built API (which also serves the built dashboard) as a child process.
 * Mirrors apps/api-e2e/src/support/api-process.ts: e2e projects may not import
 * each other, and this one needs demo data on by default.
 */
export interface ApiProcess {
  url: string;
  port: number;
  /** ADMIN_API_KEY given to the process. */
  adminKey: string;
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

export interface ApiProcessOptions {
  database: TestDatabase;
  /** Extra environment, overriding the defaults. `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  startTimeoutMs?: number;
}

const CLEARED = ['DATABASE_URL', 'DATA_DIR', 'ADMIN_API_KEY', 'OPENAI_API_KEY', 'OPENAI_BASE_URL', 'REDIS_URL', 'METRICS_TOKEN', 'CORS_ORIGINS', 'PORT', 'DASHBOARD_DIR'];

export async function startApi(options: ApiProcessOptions): Promise<ApiProcess> {
  for (const [file, build] of [
    [API_MAIN, 'npx nx build api'],
    [`${DASHBOARD_DIR}/index.html`, 'npx nx build dashboard'],
  ]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build it first (${build}).`);
  }
  const port = await freePort();
  const adminKey = `e2e-admin-${randomBytes(24).toString('hex')}`;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !CLEARED.includes(name)) env[name] = value;
  }
  Object.assign(env, {
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ADMIN_API_KEY: adminKey,
    SEED_DEMO: 'true',
    DASHBOARD_DIR,
    // A browser makes many requests per page; the default limit is for clients, not tests.
    THROTTLE_LIMIT: '100000',
    CHAT_THROTTLE_LIMIT: '1000',
    ...options.database.env,
  });
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }

  const child = spawn(process.execPath, [API_MAIN], { cwd: WORKSPACE_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let running = true;
  void exited.then(() => (running = false));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 90_000);
  // Ready (not just live): migrations and the demo seed are done when the database answers.
  while (true) {
    if (!running) throw new Error(`The API exited during start-up:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The API did not become ready in time:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    url,
    port,
    adminKey,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) process.stderr.write(`API on port ${port} exited with ${code}:\n${output}\n`);
      return code;
    },
  };
}

/** Calls the API directly (set-up and checks that need no browser). */
export async function apiRequest<T>(api: ApiProcess, method: string, path: string, body?: unknown, key = api.adminKey): Promise<T> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Creates a key with `role` through the API (as admin) and returns it. */
export async function createKey(api: ApiProcess, role: 'viewer' | 'editor' | 'admin', name = `${role}-e2e`): Promise<string> {
  const created = await apiRequest<{ key: string }>(api, 'POST', '/api/v1/api-keys', { name, role });
  return created.key;
}
