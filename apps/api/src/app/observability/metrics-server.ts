import { createServer, Server } from 'node:http';
import { clusterExposition } from './cluster-metrics';
import { MetricsAccess } from './metrics-access';
import { ObservabilityService } from './observability.service';

/**
 * METRICS_PORT: a plain HTTP server answering only `GET /metrics`, so Prometheus scrapes a port the
 * Service (and so the ingress) never exposes. METRICS_TOKEN, when set, is required here too.
 */
export async function startMetricsServer(
  port: number,
  host: string,
  access: MetricsAccess,
  observability: ObservabilityService,
): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    const answer = (status: number, message: string) => {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(`${message}\n`);
    };
    if (path !== '/metrics') return answer(404, 'Only GET /metrics is served on METRICS_PORT.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'Only GET /metrics is served on METRICS_PORT.');
    const refusal = access.refusal(request.headers.authorization, true);
    if (refusal) return answer(401, refusal);
    clusterExposition(observability).then(
      ({ contentType, body }) => {
        response.writeHead(200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
        response.end(body);
      },
      () => answer(500, 'Metrics could not be collected; see the API log.'),
    );
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
