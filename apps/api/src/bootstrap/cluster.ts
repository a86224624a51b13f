import cluster, { Worker } from 'node:cluster';
import { serveClusterMetrics } from '../app/observability/cluster-metrics';
import { Env } from '../config/env.schema';

/** Set in each worker's environment: the primary already migrated, workers only serve. */
export const CLUSTER_WORKER_ENV = 'SAM_CLUSTER_WORKER';
/** More crashes than this within CRASH_WINDOW_MS means a crash loop: give up instead of spinning. */
const MAX_CRASHES = 10;
const CRASH_WINDOW_MS = 60_000;

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/**
 * WEB_CONCURRENCY > 1 on a single server (the prototype's `gunicorn -w 4`): this primary
 * process has already applied migrations; it forks N workers that share the HTTP port,
 * replaces a worker that dies, and on SIGTERM/SIGINT lets every worker drain (each runs the
 * normal graceful shutdown) and exits 0 once all have exited cleanly.
 */
export async function runClusterPrimary(env: Env): Promise<void> {
  serveClusterMetrics();
  let stopping = false;
  const crashes: number[] = [];

  const fork = (): Worker => cluster.fork({ [CLUSTER_WORKER_ENV]: '1' });

  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && (crashes[0] ?? now) < now - CRASH_WINDOW_MS) crashes.shift();
    say(`Worker ${worker.process.pid} exited (${signal ?? `code ${code}`}); starting a replacement.`);
    if (crashes.length > MAX_CRASHES) {
      say(`${crashes.length} worker crashes within ${CRASH_WINDOW_MS / 1000} s: stopping. Check the log above for the cause.`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      setTimeout(() => process.exit(1), env.SHUTDOWN_TIMEOUT_MS + 2_000).unref();
      return;
    }
    fork();
  });

  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    say(`${signal} received: draining ${workers.length} worker(s).`);
    let failed = false;
    let remaining = workers.length;
    if (remaining === 0) process.exit(0);
    for (const worker of workers) {
      worker.once('exit', (code, exitSignal) => {
        // Killed by our own signal = it had not installed its handlers, so it never listened
        // (a replacement still starting): nothing was in flight there.
        if (code !== 0 && exitSignal !== signal) failed = true;
        remaining -= 1;
        if (remaining === 0) process.exit(failed ? 1 : 0);
      });
      // Each worker drains its own requests in flight (see runApi's shutdown).
      worker.process.kill(signal);
    }
    setTimeout(() => {
      say('Workers did not exit in time; killing them.');
      for (const worker of workers) worker.process.kill('SIGKILL');
      process.exit(1);
    }, env.SHUTDOWN_TIMEOUT_MS + 5_000).unref();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));

  for (let index = 0; index < env.WEB_CONCURRENCY; index++) fork();
  say(`Primary ${process.pid}: ${env.WEB_CONCURRENCY} workers on port ${env.PORT} (WEB_CONCURRENCY).`);
}
