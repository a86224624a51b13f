import { createHash, timingSafeEqual } from 'node:crypto';
import type { Env } from '../../config/env.schema';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Who may read `GET /metrics` (model names, Node version, the route list). With METRICS_TOKEN: a
 * matching bearer token, wherever it is served. Without one: development and tests keep it open; in
 * production it is open only on METRICS_PORT, which the Kubernetes Service does not expose.
 */
export class MetricsAccess {
  private readonly tokenDigest: Buffer | null;

  constructor(private readonly env: Pick<Env, 'METRICS_TOKEN' | 'METRICS_PORT' | 'NODE_ENV'>) {
    this.tokenDigest = env.METRICS_TOKEN ? digest(env.METRICS_TOKEN) : null;
  }

  /** The refusal's message for a request on the main port (`separatePort` false) or METRICS_PORT, or null when allowed. */
  refusal(authorization: string | undefined, separatePort: boolean): string | null {
    if (this.tokenDigest) {
      const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
      return presented && timingSafeEqual(digest(presented), this.tokenDigest)
        ? null
        : 'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>" (configure it in your Prometheus scrape job).';
    }
    if (separatePort || this.env.NODE_ENV !== 'production') return null;
    return 'In production GET /metrics needs METRICS_TOKEN (sent as a bearer token), or METRICS_PORT to serve it on a port of its own.';
  }
}
