import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { ObservabilityService } from './observability.service';

/**
 * With WEB_CONCURRENCY > 1 a scrape lands on one worker, which asks the cluster primary for
 * the metrics of every worker (prom-client's AggregatorRegistry), so Prometheus sees the
 * whole server, not a random worker. Single process: the local registry.
 */
const REQUEST = 'sam:metrics-request';
const RESPONSE = 'sam:metrics-response';
const TIMEOUT_MS = 5_000;

interface MetricsMessage {
  type: string;
  id: number;
  body?: string;
  contentType?: string;
  error?: string;
}

let nextId = 0;
const pending = new Map<number, (message: MetricsMessage) => void>();
let listening = false;

export async function clusterExposition(observability: ObservabilityService): Promise<{ contentType: string; body: string }> {
  if (!cluster.isWorker || !process.send) return observability.exposition();
  if (!listening) {
    listening = true;
    process.on('message', (message: MetricsMessage) => {
      if (message?.type !== RESPONSE) return;
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    });
  }
  const id = ++nextId;
  const reply = await new Promise<MetricsMessage | null>((resolve) => {
    const timer = setTimeout(() => {
      pending.delete(id);
      resolve(null);
    }, TIMEOUT_MS);
    pending.set(id, (message) => {
      clearTimeout(timer);
      resolve(message);
    });
    process.send?.({ type: REQUEST, id });
  });
  if (!reply || reply.error || reply.body === undefined) return observability.exposition();
  return { contentType: reply.contentType ?? observability.registry.contentType, body: reply.body };
}

/** In the cluster primary: answers workers' requests with the aggregate of all workers. */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: MetricsMessage) => {
    if (message?.type !== REQUEST) return;
    aggregator
      .clusterMetrics()
      .then((body) => worker.send({ type: RESPONSE, id: message.id, body, contentType: aggregator.contentType }))
      .catch((error: Error) => worker.send({ type: RESPONSE, id: message.id, error: error.message }));
  });
}
