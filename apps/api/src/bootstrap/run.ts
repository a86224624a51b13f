import type { Server } from 'node:http';
import { EmbeddedAdminKeyBootstrap } from '../app/api-keys/embedded-admin-key.bootstrap';
import { LifecycleService } from '../app/health/lifecycle.service';
import { MetricsAccess } from '../app/observability/metrics-access';
import { startMetricsServer } from '../app/observability/metrics-server';
import { ObservabilityService } from '../app/observability/observability.service';
import { Env, InvalidConfigurationError, parseEnv } from '../config/env.schema';
import { DatabaseConnection } from '../database/database-options';
import { EmbeddedDatabase } from '../database/embedded-database';
import { runMigrations } from '../database/migrate';
import cluster from 'node:cluster';
import { CLUSTER_WORKER_ENV, runClusterPrimary } from './cluster';
import { createApp } from './create-app';

/** Plain stdout lines for the operator at start-up; request logs go through pino. */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function loadEnv(): Env {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof InvalidConfigurationError) {
      throw new Error(`${error.message}\nFix the variables above (see the configuration table in README.md) and start again.`);
    }
    throw error;
  }
}

async function openDatabase(env: Env): Promise<{ connection: DatabaseConnection; embedded: EmbeddedDatabase | null }> {
  if (env.DATABASE_URL) {
    return { connection: { url: env.DATABASE_URL, poolSize: env.DB_POOL_SIZE, embedded: false }, embedded: null };
  }
  const embedded = await EmbeddedDatabase.start(env.DATA_DIR, env.DB_POOL_SIZE);
  say(`Embedded database (PGlite) in ${embedded.directory}. Set DATABASE_URL to use a PostgreSQL server instead.`);
  // Other processes on this machine (a PROCESS_ROLES=worker process, psql) can share it while this one runs.
  say(`Embedded database listening: ${embedded.url}`);
  return { connection: { url: embedded.url, poolSize: env.DB_POOL_SIZE, embedded: true }, embedded };
}

async function migrate(connection: DatabaseConnection): Promise<void> {
  try {
    const { applied } = await runMigrations(connection);
    if (applied.length > 0) say(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
  } catch (error) {
    throw new Error(
      `Could not migrate the database: ${(error as Error).message}. ` +
        (connection.embedded ? 'Check DATA_DIR.' : 'Check DATABASE_URL and that PostgreSQL is running and reachable.'),
    );
  }
}

export async function runMigrateCommand(): Promise<void> {
  const env = loadEnv();
  const { connection, embedded } = await openDatabase(env);
  try {
    await migrate(connection);
    say('Database schema is up to date.');
  } finally {
    await embedded?.stop();
  }
}

/**
 * `embedded-db`: serves the embedded database of DATA_DIR alone on a loopback port,
 * so psql or any PostgreSQL client can look inside while the API is stopped.
 */
export async function runEmbeddedDatabaseCommand(): Promise<void> {
  const env = loadEnv();
  const embedded = await EmbeddedDatabase.start(env.DATA_DIR, env.DB_POOL_SIZE);
  await migrate({ url: embedded.url, poolSize: 1, embedded: true });
  say(`Embedded database listening: ${embedded.url}`);
  say('Stop with Ctrl+C.');
  const stop = async (): Promise<void> => {
    await embedded.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

/**
 * `serve`: one process, or with WEB_CONCURRENCY > 1 a cluster primary that migrates once
 * and forks that many workers (each one runs runApi without migrating).
 */
export async function runServe(): Promise<void> {
  const env = loadEnv();
  if (cluster.isWorker && process.env[CLUSTER_WORKER_ENV] === '1') return runApi({ migrate: false });
  if (env.WEB_CONCURRENCY > 1) {
    if (!env.DATABASE_URL) {
      say('WEB_CONCURRENCY is ignored with the embedded database (it serves one process); set DATABASE_URL to run several workers.');
    } else {
      await migrate({ url: env.DATABASE_URL, poolSize: 1, embedded: false });
      return runClusterPrimary(env);
    }
  }
  return runApi({ migrate: true });
}

export async function runApi(options: { migrate: boolean } = { migrate: true }): Promise<void> {
  const env = loadEnv();
  const { connection, embedded } = await openDatabase(env);
  if (options.migrate) await migrate(connection);
  const { app, dashboardServed } = await createApp(env, connection);

  let shuttingDown = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`${signal} received: finishing requests in flight, then exiting.`);
    app.get(LifecycleService).startDraining();
    const server = app.getHttpServer() as Server;
    const force = setTimeout(() => {
      say(`Requests still open after ${env.SHUTDOWN_TIMEOUT_MS} ms; closing them.`);
      server.closeAllConnections();
      setTimeout(() => process.exit(1), 500).unref();
    }, env.SHUTDOWN_TIMEOUT_MS);
    force.unref();
    // Idle keep-alive sockets would hold server.close() open; close them as they go idle.
    const idleSweep = setInterval(() => server.closeIdleConnections(), 100);
    try {
      await app.close();
      await embedded?.stop();
      clearInterval(idleSweep);
      process.exit(0);
    } catch (error) {
      process.stderr.write(`Shutdown failed: ${(error as Error).message}\n`);
      process.exit(1);
    }
  };
  // `on`, not `once`: a second signal (Ctrl+C reaches cluster workers from the terminal and
  // from the primary) must not kill a process that is draining.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen(env.PORT, env.HOST);
  if (env.METRICS_PORT !== undefined) {
    const metricsServer = await startMetricsServer(env.METRICS_PORT, env.HOST, new MetricsAccess(env), app.get(ObservabilityService));
    const metricsAddress = metricsServer.address();
    say(
      `Prometheus metrics on port ${typeof metricsAddress === 'object' && metricsAddress ? metricsAddress.port : env.METRICS_PORT} (/metrics)`,
    );
  }
  const server = app.getHttpServer() as Server;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const base = `http://localhost:${port}`;
  say(`Stress AI Model Monitoring listening on ${base} (API docs: ${base}/api/docs)`);
  if (!dashboardServed) say('Dashboard not served: no built dashboard found (run `npm run build`, or set DASHBOARD_DIR).');

  const adminKeys = app.get(EmbeddedAdminKeyBootstrap);
  const createdKey = adminKeys.takeCreatedKey();
  if (createdKey) {
    say('');
    say('An admin API key was created for this embedded database. It is shown only now: keep it.');
    say(`  Key:      ${createdKey}`);
    say(`  Sign in:  ${base}/signin#key=${createdKey}`);
    say('');
  } else if (adminKeys.hadStoredAdminKey) {
    say('Sign in with the admin key printed at first start (or set ADMIN_API_KEY and restart).');
  }
}
