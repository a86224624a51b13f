import { DatabaseServer, startDatabaseServer } from '@stress/e2e-support';
import { Pool } from 'pg';

/**
 * The embedded database serves a whole connection pool from one PGlite session.
 * Concurrent extended-protocol queries and transactions from many connections must
 * neither interfere nor lose writes (with TEST_DATABASE_URL this runs on PostgreSQL
 * and must behave the same).
 */
describe('database server under a concurrent connection pool', () => {
  let server: DatabaseServer;
  let pool: Pool;

  beforeAll(async () => {
    server = await startDatabaseServer();
    pool = new Pool({ connectionString: server.url, max: 10 });
    await pool.query('CREATE TABLE concurrency_probe (id serial PRIMARY KEY, worker int NOT NULL, value text NOT NULL)');
  });

  afterAll(async () => {
    await pool?.end();
    await server?.stop();
  });

  it('runs 300 concurrent parameterised queries with the right results', async () => {
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        pool.query<{ echo: number; text: string }>('SELECT $1::int AS echo, $2::text AS text', [i, `v${i}`]),
      ),
    );
    results.forEach((result, i) => expect(result.rows[0]).toEqual({ echo: i, text: `v${i}` }));
  });

  it('keeps concurrent transactions isolated: commits stay, rollbacks vanish', async () => {
    await Promise.all(
      Array.from({ length: 40 }, async (_, worker) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('INSERT INTO concurrency_probe (worker, value) VALUES ($1, $2)', [worker, 'a']);
          await new Promise((resolve) => setTimeout(resolve, worker % 5));
          await client.query('INSERT INTO concurrency_probe (worker, value) VALUES ($1, $2)', [worker, 'b']);
          await client.query(worker % 4 === 0 ? 'ROLLBACK' : 'COMMIT');
        } finally {
          client.release();
        }
      }),
    );
    const { rows } = await pool.query<{ worker: number; n: string }>(
      'SELECT worker, count(*) AS n FROM concurrency_probe GROUP BY worker ORDER BY worker',
    );
    const expected = Array.from({ length: 40 }, (_, worker) => worker).filter((worker) => worker % 4 !== 0);
    expect(rows.map((row) => row.worker)).toEqual(expected);
    expect(rows.every((row) => Number(row.n) === 2)).toBe(true);
  });

  it('rolls back the open transaction of a connection that disappears', async () => {
    const client = await pool.connect();
    await client.query('BEGIN');
    await client.query('INSERT INTO concurrency_probe (worker, value) VALUES ($1, $2)', [999, 'orphan']);
    client.release(true); // destroys the connection mid-transaction
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM concurrency_probe WHERE worker = 999');
    expect(rows[0]).toEqual({ n: 0 });
  });
});
