import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { API_MAIN, WORKSPACE_ROOT } from './paths';
import { freePort } from './free-port';
import { TestDatabase } from './test-database';

export interface ApiProcessOptions {
  database: TestDatabase;
  /** Extra environment, overriding the defaults below. `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
  /** Reuse a port (restarts); a free one otherwise. */
  port?: number;
  /**
   * Milliseconds to wait for the API to answer `waitFor` (default 120 s: start-up is a few seconds on an idle machine, and
   * up to a minute on a CI machine whose two cores run other suites' builds at the same time).
   */
  startTimeoutMs?: number;
  /** `live` (default): the process serves HTTP; `ready`: migrations and demo seed are done too. */
  waitFor?: 'live' | 'ready';
  /** Arguments for the API's `node` (e.g. `--cpu-prof` when profiling a benchmark). */
  nodeArgs?: string[];
}

export interface ApiProcess {
  url: string;
  port: number;
  /** ADMIN_API_KEY given to the process (unless the test removed it). */
  adminKey: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the output once it matches `pattern`; rejects after `timeoutMs` or when the process exits first. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends a signal and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Variables of the developer's shell that must not leak into a test process. */
const CLEARED = [
  'DATABASE_URL',
  'DATA_DIR',
  'ADMIN_API_KEY',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'REDIS_URL',
  'METRICS_TOKEN',
  'CORS_ORIGINS',
  'PORT',
  'DASHBOARD_DIR',
];

/** Starts the production bundle (`node dist/apps/api/main.js`) as a child process: for the e2e tests and the benchmarks. */
export async function startApi(options: ApiProcessOptions): Promise<ApiProcess> {
  if (!existsSync(API_MAIN)) {
    throw new Error(`${API_MAIN} is missing: build the API first (npx nx build api).`);
  }
  const port = options.port ?? (await freePort());
  const adminKey = `test-admin-${randomBytes(24).toString('hex')}`;
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
    SEED_DEMO: 'false',
    ...options.database.env,
  });
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }

  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), API_MAIN], {
    cwd: WORKSPACE_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  let running = true;
  void exited.then(() => (running = false));
  while (true) {
    if (!running) throw new Error(`The API exited during start-up:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The API did not become ${options.waitFor ?? 'live'} in time:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/health/${options.waitFor ?? 'live'}`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    port,
    adminKey: env['ADMIN_API_KEY'] ?? '',
    child,
    output: () => output,
    waitForOutput: (pattern, timeoutMs = 10_000) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          finish();
          resolve(output);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`The API did not print ${pattern} within ${timeoutMs} ms:\n${output}`));
        }, timeoutMs);
        const onExit = () => {
          finish();
          if (pattern.test(output)) resolve(output);
          else reject(new Error(`The API exited before printing ${pattern}:\n${output}`));
        };
        const finish = () => {
          clearTimeout(timer);
          child.stdout?.off('data', check);
          child.stderr?.off('data', check);
          child.off('exit', onExit);
        };
        // Listeners added after the ones that collect `output`, so they see each chunk already appended.
        child.stdout?.on('data', check);
        child.stderr?.on('data', check);
        child.once('exit', onExit);
        check();
      }),
    exited,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      // A failed exit is easier to diagnose with what the process said.
      if (code !== 0 && signal === 'SIGTERM') process.stderr.write(`API on port ${port} exited with ${code}:\n${output}\n`);
      return code;
    },
  };
}

/** Runs the bundle with a command (e.g. `migrate`) or a bad environment and collects the result. */
export function runApiCommand(
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 60_000,
): Promise<{ code: number | null; output: string }> {
  const fullEnv: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...process.env, ...env })) {
    if (value !== undefined && !(CLEARED.includes(name) && !(name in env))) fullEnv[name] = value;
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [API_MAIN, ...args], { cwd: WORKSPACE_ROOT, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
