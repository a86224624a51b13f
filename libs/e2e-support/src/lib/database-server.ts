import { ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_MAIN, WORKSPACE_ROOT } from './paths';
import { createTestDatabase, TestDatabase, usesRealPostgres } from './test-database';

/**
 * A PostgreSQL server reachable over TCP, for tests that must sit between the API
 * and its database (outages). With TEST_DATABASE_URL: a fresh database on that
 * server. Without: the API bundle's `embedded-db` command in a child process.
 */
export interface DatabaseServer {
  host: string;
  port: number;
  url: string;
  /** The URL with the host and port replaced (to point through a proxy). */
  urlVia(host: string, port: number): string;
  stop(): Promise<void>;
}

function replaceHost(url: string, host: string, port: number): string {
  const via = new URL(url);
  via.hostname = host;
  via.port = String(port);
  return via.toString();
}

export async function startDatabaseServer(): Promise<DatabaseServer> {
  if (usesRealPostgres()) {
    const database: TestDatabase = await createTestDatabase();
    const url = database.env['DATABASE_URL'] ?? '';
    const parsed = new URL(url);
    return {
      host: parsed.hostname,
      port: Number(parsed.port || 5432),
      url,
      urlVia: (host, port) => replaceHost(url, host, port),
      stop: () => database.drop(),
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'sam-dbserver-'));
  const child: ChildProcess = spawn(process.execPath, [API_MAIN, 'embedded-db'], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`embedded-db did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Embedded database listening: (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', () => reject(new Error(`embedded-db exited:\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port),
    url,
    urlVia: (host, port) => replaceHost(url, host, port),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
