import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { API_MAIN, ROOT } from './paths';

export interface Running {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Variables of the developer's shell that must not leak into a process under test. */
const CLEARED = ['DATABASE_URL', 'DATA_DIR', 'ADMIN_API_KEY', 'OPENAI_API_KEY', 'REDIS_URL', 'METRICS_TOKEN', 'PORT', 'NODE_ENV', 'WEB_CONCURRENCY'];

export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !CLEARED.includes(name)) env[name] = value;
  }
  return { ...env, ...extra };
}

export function run(command: string, args: string[], options: SpawnOptions): Running {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => {
    child.once('error', (error) => {
      output += String(error);
      resolve(-1);
    });
    child.once('exit', (code) => resolve(code));
  });
  return {
    child,
    output: () => output,
    exited,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function waitForHttp(url: string, process: Running, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void process.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`exited before ${url} answered:\n${process.output()}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await process.stop('SIGKILL');
  throw new Error(`${url} did not answer in time:\n${process.output()}`);
}

/**
 * A PostgreSQL server for production-mode processes (which refuse the embedded database
 * when DATABASE_URL is unset): a fresh database on TEST_DATABASE_URL's server, or the
 * bundle's own `embedded-db` command serving PGlite over TCP.
 */
export interface DatabaseServer {
  url: string;
  stop(): Promise<void>;
}

export async function startDatabaseServer(): Promise<DatabaseServer> {
  const serverUrl = process.env['TEST_DATABASE_URL'];
  if (serverUrl) {
    const name = `sam_deploy_${randomBytes(6).toString('hex')}`;
    await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      stop: async () => {
        await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'sam-deploy-db-'));
  const server = run(process.execPath, [API_MAIN, 'embedded-db'], { cwd: ROOT, env: cleanEnv({ NODE_ENV: 'test', DATA_DIR: dataDir }) });
  const deadline = Date.now() + 60_000;
  let url: string | undefined;
  while (!url) {
    url = /Embedded database listening: (\S+)/.exec(server.output())?.[1];
    if (url) break;
    if (Date.now() > deadline || server.child.exitCode !== null) {
      await server.stop('SIGKILL');
      throw new Error(`embedded-db did not start:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
