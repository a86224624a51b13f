import {
  ApiProcess,
  DatabaseServer,
  freePort,
  runApiCommand,
  startApi,
  startDatabaseServer,
  startTestProvider,
  TestProvider,
  withClient,
} from '@stress/e2e-support';
import { http } from '../support/http';
import { signIn } from '../support/oidc-flow';

/**
 * What the audit log and the sessions table hold in the database: audit events written in the change's own
 * transaction, expired sessions and old audit events deleted by periodic jobs. The API runs against a database
 * server this test can also query (the embedded database over TCP, or a fresh PostgreSQL database).
 */
const CLIENT_ID = 'audit-storage';
const CLIENT_SECRET = 'audit-storage-secret-0123456789';

let databaseServer: DatabaseServer;
let provider: TestProvider;
let api: ApiProcess;

const sql = <T = Record<string, unknown>>(text: string, parameters: unknown[] = []): Promise<T[]> =>
  withClient(databaseServer.url, async (client) => (await client.query(text, parameters)).rows as T[]);

async function waitFor<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await probe();
  }
  return value;
}

interface AuditEvent {
  actor: string;
  action: string;
  method: string;
  route: string;
  resourceId: string | null;
  status: number;
  requestId: string;
}

async function eventsWith(requestId: string): Promise<AuditEvent[]> {
  const response = await http(api.url, api.adminKey).get('/api/v1/audit-events?limit=200').expect(200);
  return (response.body as { items: AuditEvent[] }).items.filter((event) => event.requestId === requestId);
}

beforeAll(async () => {
  databaseServer = await startDatabaseServer();
  const migrated = await runApiCommand(['migrate'], { DATABASE_URL: databaseServer.url });
  if (migrated.code !== 0) throw new Error(`migrate failed:\n${migrated.output}`);
  // Before the API starts: what its jobs must find at their first run (soon after start-up).
  const [user] = await sql<{ id: string }>(
    `INSERT INTO users (issuer, subject, email, name, role) VALUES ('https://idp.example', 'old-sub', 'old@example.com', 'Old', 'viewer') RETURNING id`,
  );
  await sql(
    `INSERT INTO sessions (id_hash, user_id, csrf_token, expires_at) VALUES
       (decode(repeat('aa', 32), 'hex'), $1, 'expired-token', now() - interval '1 minute'),
       (decode(repeat('bb', 32), 'hex'), $1, 'live-token', now() + interval '1 hour')`,
    [user.id],
  );
  await sql(
    `INSERT INTO audit_events (at, actor, via, action, method, route, status) VALUES
       (now() - interval '500 days', 'ancient@example.com', 'sso', 'change', 'POST', '/api/v1/models', 201),
       (now() - interval '10 days', 'recent@example.com', 'sso', 'change', 'POST', '/api/v1/models', 201)`,
  );

  const port = await freePort();
  provider = await startTestProvider([
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [`http://127.0.0.1:${port}/auth/callback`],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ]);
  api = await startApi({
    database: { kind: 'postgres', env: { DATABASE_URL: databaseServer.url }, url: null, drop: async () => undefined },
    port,
    env: {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_ALLOW_INSECURE_HTTP: 'true',
      SESSION_TTL: '3s',
      AUDIT_RETENTION_DAYS: '30',
      THROTTLE_LIMIT: '100000',
    },
  });
});

afterAll(async () => {
  await api?.stop();
  await provider?.stop();
  await databaseServer?.stop();
});

describe('periodic clean-up (durable jobs)', () => {
  it('deletes audit events older than AUDIT_RETENTION_DAYS and expired sessions soon after start-up, keeping the rest', async () => {
    await waitFor(
      'the old audit event and the expired session to be deleted',
      async () => [
        ...(await sql<{ actor: string }>(`SELECT actor FROM audit_events WHERE actor IN ('ancient@example.com', 'recent@example.com')`)),
        ...(await sql<{ csrf_token: string }>(`SELECT csrf_token FROM sessions`)),
      ],
      (rows) =>
        !rows.some((row) => 'actor' in row && row.actor === 'ancient@example.com') &&
        !rows.some((row) => 'csrf_token' in row && row.csrf_token === 'expired-token'),
    );
    expect(await sql(`SELECT actor FROM audit_events WHERE actor IN ('ancient@example.com', 'recent@example.com')`)).toEqual([
      { actor: 'recent@example.com' },
    ]);
    expect(await sql(`SELECT csrf_token FROM sessions WHERE csrf_token IN ('expired-token', 'live-token')`)).toEqual([
      { csrf_token: 'live-token' },
    ]);
  });

  it('deletes a session once SESSION_TTL has passed', async () => {
    const { callback } = await signIn(api.url, 'vera');
    expect(callback.status).toBe(302);
    const [vera] = await sql<{ id: string }>(`SELECT id FROM users WHERE subject = 'vera'`);
    expect(await sql(`SELECT 1 FROM sessions WHERE user_id = $1`, [vera.id])).toHaveLength(1);
    await waitFor(
      "vera's session row to be deleted",
      () => sql(`SELECT 1 FROM sessions WHERE user_id = $1`, [vera.id]),
      (rows) => rows.length === 0,
    );
  });
});

describe('audit events in the change’s transaction', () => {
  it('records a successful change exactly once, before the response is sent', async () => {
    const response = await http(api.url, api.adminKey)
      .post('/api/v1/models')
      .send({ name: 'audited-once', task: 'regression' })
      .expect(201);
    const requestId = response.headers['x-request-id'] as string;
    // No polling: the event committed with the model, before the answer.
    const events = await eventsWith(requestId);
    expect(events).toEqual([
      expect.objectContaining({ actor: 'admin', action: 'change', method: 'POST', route: '/api/v1/models', status: 201 }),
    ]);
    expect(events[0].resourceId).toBe((response.body as { id: string }).id);
    // A later change's event is there too; the first one was still written once (not again after the response).
    const later = await http(api.url, api.adminKey).delete('/api/v1/models/audited-once').expect(204);
    expect(await eventsWith(later.headers['x-request-id'] as string)).toEqual([
      expect.objectContaining({ method: 'DELETE', route: '/api/v1/models/audited-once', resourceId: 'audited-once', status: 204 }),
    ]);
    expect(await eventsWith(requestId)).toHaveLength(1);
  });

  it('leaves no audit event when the change’s transaction fails', async () => {
    await sql(`
      CREATE FUNCTION refuse_model() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by the test'; END $$`);
    await sql(
      `CREATE TRIGGER refuse_model AFTER INSERT ON models FOR EACH ROW WHEN (NEW.name = 'explodes') EXECUTE FUNCTION refuse_model()`,
    );
    const failed = await http(api.url, api.adminKey).post('/api/v1/models').send({ name: 'explodes', task: 'regression' }).expect(500);
    const requestId = failed.headers['x-request-id'] as string;
    // Wait for the next change's event, after which a (wrong) event of the failed one would be there too.
    const next = await http(api.url, api.adminKey).post('/api/v1/models').send({ name: 'after-explodes', task: 'regression' }).expect(201);
    await waitFor(
      'the next change’s event',
      () => eventsWith(next.headers['x-request-id'] as string),
      (events) => events.length === 1,
    );
    expect(await eventsWith(requestId)).toEqual([]);
    expect(await sql(`SELECT 1 FROM models WHERE name = 'explodes'`)).toEqual([]);
  });

  it('undoes the change when its audit event cannot be written', async () => {
    const editor = (
      await http(api.url, api.adminKey).post('/api/v1/api-keys').send({ name: 'unaudited-editor', role: 'editor' }).expect(201)
    ).body as { key: string };
    await sql(`
      CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit log unavailable'; END $$`);
    await sql(
      `CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW WHEN (NEW.actor = 'unaudited-editor') EXECUTE FUNCTION refuse_audit()`,
    );
    const client = http(api.url, editor.key);
    // Model creation, a version, a stage change, a dataset upload: none may happen without its event.
    await client.post('/api/v1/models').send({ name: 'unaudited', task: 'regression' }).expect(500);
    await http(api.url, api.adminKey).get('/api/v1/models/unaudited').expect(404);

    await http(api.url, api.adminKey).post('/api/v1/models').send({ name: 'staged', task: 'regression' }).expect(201);
    await http(api.url, api.adminKey).post('/api/v1/models/staged/versions').send({ version: '1' }).expect(201);
    await client.patch('/api/v1/models/staged/versions/1').send({ stage: 'production' }).expect(500);
    const version = await http(api.url, api.adminKey).get('/api/v1/models/staged/versions/1').expect(200);
    expect((version.body as { stage: string }).stage).toBe('none');
    const history = await http(api.url, api.adminKey).get('/api/v1/models/staged/versions/1/stage-history').expect(200);
    expect((history.body as { items: unknown[] }).items).toEqual([]);

    await client
      .post('/api/v1/datasets')
      .field('name', 'unaudited-data')
      .attach('file', Buffer.from('a,b\n1,2\n3,4\n'), { filename: 'data.csv', contentType: 'text/csv' })
      .expect(500);
    const datasets = await http(api.url, api.adminKey).get('/api/v1/datasets').expect(200);
    expect((datasets.body as { items: Array<{ name: string }> }).items.map((item) => item.name)).not.toContain('unaudited-data');
  });
});
