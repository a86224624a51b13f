import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiProcess, DatabaseServer, startApi, startDatabaseServer, TestDatabase, usesRealPostgres, withClient } from '@stress/e2e-support';
import { http } from '../support/http';

/**
 * A database written by the release before the framework upgrades (commit 03bcab4: NestJS 11, TypeORM 0.3.31):
 * `legacy-database.sql` is its pg_dump (see make-legacy-dump.mjs) and `legacy-expected.json` what that release
 * answered. The current build must start on it, run no migration again, and answer the same.
 */
interface LegacyExpected {
  editorKey: string;
  reads: Record<string, unknown>;
  currentDownload: { path: string; body: string };
}

const expected: LegacyExpected = JSON.parse(readFileSync(join(__dirname, 'legacy-expected.json'), 'utf8'));

/**
 * The dump as SQL a pg client can send: psql meta-commands (`\restrict`) dropped. On the embedded database the
 * uuid-ossp extension TypeORM 0.3 installed on PostgreSQL does not exist (no column default uses it), so its two
 * statements are dropped there too.
 */
function legacySql(embedded: boolean): string {
  return readFileSync(join(__dirname, 'legacy-database.sql'), 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith('\\'))
    .filter((line) => !(embedded && /EXTENSION (IF NOT EXISTS )?"uuid-ossp"/.test(line)))
    .join('\n');
}

describe('a database made by the previous release', () => {
  let server: DatabaseServer;
  let api: ApiProcess;

  beforeAll(async () => {
    server = await startDatabaseServer();
    await withClient(server.url, async (client) => {
      // The embedded database server migrates its database on start: empty it so only the dump's schema remains.
      await client.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
      await client.query(legacySql(!usesRealPostgres()));
      // The dump empties search_path; the embedded server shares one session between connections.
      await client.query('RESET ALL');
    });
    const database: TestDatabase = { kind: 'postgres', env: { DATABASE_URL: server.url }, url: server.url, drop: async () => undefined };
    api = await startApi({ database, waitFor: 'ready', env: { THROTTLE_LIMIT: '100000' } });
  });

  afterAll(async () => {
    await api?.stop();
    await server?.stop();
  });

  it('keeps the migrations the previous release applied, none run twice', async () => {
    const applied = await withClient(server.url, (client) =>
      client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id'),
    );
    const names = applied.rows.map((row) => row.name);
    // Migrations added after that release may follow; the old ones stay first, once each.
    expect(names.slice(0, 6)).toEqual([
      'Foundation1764172800000',
      'ModelRegistry1764180000000',
      'MetricSeries1764183600000',
      'DatasetsAndDrift1764345600000',
      'Chat1764400000000',
      'DatasetCellFormats1764432000000',
    ]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('authenticates the API key the previous release issued', async () => {
    await http(api.url, expected.editorKey).get('/api/v1/auth/me').expect(200, { name: 'legacy-editor', role: 'editor', via: 'api-key' });
  });

  it.each(Object.keys(expected.reads))('answers GET %s as the previous release did', async (path) => {
    const response = await http(api.url, expected.editorKey).get(path).expect(200);
    expect(response.body).toEqual(expected.reads[path]);
  });

  it('streams a stored dataset back byte for byte', async () => {
    const response = await http(api.url, expected.editorKey).get(expected.currentDownload.path).buffer(true).expect(200);
    expect(response.text).toBe(expected.currentDownload.body);
  });

  it('keeps accepting writes on the old schema', async () => {
    await http(api.url, expected.editorKey).post('/api/v1/models/legacy-stress-model/versions').send({ version: '2.0.0' }).expect(201);
    // (No metrics ingest here: with DATABASE_URL the API writes points with COPY, which the embedded server lacks.)
    await http(api.url, expected.editorKey)
      .patch('/api/v1/models/legacy-stress-model/versions/2.0.0')
      .send({ stage: 'staging' })
      .expect(200);
    const versions = await http(api.url, expected.editorKey).get('/api/v1/models/legacy-stress-model/versions').expect(200);
    expect(versions.body.items.map((item: { version: string }) => item.version).sort()).toEqual(['1.0.0', '1.1.0', '2.0.0']);
  });
});
