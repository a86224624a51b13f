import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * A fresh, empty database for one test suite: a new database on the PostgreSQL
 * server named by TEST_DATABASE_URL when it is set, else a new DATA_DIR for the
 * API's embedded database.
 */
export interface TestDatabase {
  kind: 'postgres' | 'embedded';
  /** Environment that points an API process at this database. */
  env: Record<string, string>;
  /** A connection string tests may use to look inside (postgres only). */
  url: string | null;
  drop(): Promise<void>;
}

export const usesRealPostgres = (): boolean => Boolean(process.env['TEST_DATABASE_URL']);

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env['TEST_DATABASE_URL'];
  if (!serverUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), 'sam-e2e-'));
    return {
      kind: 'embedded',
      env: { DATA_DIR: dataDir },
      url: null,
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `sam_e2e_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    env: { DATABASE_URL: url.toString() },
    url: url.toString(),
    drop: () => withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs SQL against a test database (postgres kind only). */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
