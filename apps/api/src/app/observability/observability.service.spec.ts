import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { httpMetricsMiddleware, routeTemplate } from './http-metrics.middleware';
import { MODEL_GAUGE_LIMIT, ObservabilityService, UNMATCHED_ROUTE } from './observability.service';

/** The value of one sample line of the exposition, e.g. `metric_ingest_points_total 12`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('ObservabilityService', () => {
  let service: ObservabilityService;
  beforeEach(() => (service = new ObservabilityService()));

  it('exports process and Node metrics', async () => {
    const { body, contentType } = await service.exposition();
    expect(contentType).toMatch(/^text\/plain/);
    expect(body).toMatch(/^process_cpu_user_seconds_total /m);
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(body).toMatch(/^process_resident_memory_bytes /m);
  });

  it('counts ingestion, rejections, uploads and drift durations', async () => {
    service.recordIngestedBatch(1000);
    service.recordIngestedBatch(5);
    service.recordRejectedBatch('validation', 30);
    service.recordRejectedBatch('too_large');
    service.recordDatasetUpload(2048, 'stored');
    service.recordDatasetUpload(99, 'rejected');
    service.observeDriftReport(0.3);
    await expect(service.timeDriftReport(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    const { body } = await service.exposition();
    expect(sample(body, 'metric_ingest_points_total')).toBe(1005);
    expect(sample(body, 'metric_ingest_batches_total')).toBe(2);
    expect(sample(body, 'metric_ingest_rejected_batches_total{reason="validation"}')).toBe(1);
    expect(sample(body, 'metric_ingest_rejected_batches_total{reason="too_large"}')).toBe(1);
    expect(sample(body, 'metric_ingest_rejected_batches_total{reason="unknown_model"}')).toBe(0);
    expect(sample(body, 'metric_ingest_rejected_points_total{reason="validation"}')).toBe(30);
    expect(sample(body, 'dataset_upload_bytes_total{outcome="stored"}')).toBe(2048);
    expect(sample(body, 'dataset_uploads_total{outcome="rejected"}')).toBe(1);
    expect(sample(body, 'drift_report_duration_seconds_count{outcome="ok"}')).toBe(1);
    expect(sample(body, 'drift_report_duration_seconds_bucket{le="0.5",outcome="ok"}')).toBe(1);
    expect(sample(body, 'drift_report_duration_seconds_count{outcome="error"}')).toBe(1);
  });

  it('caps per-model gauges at MODEL_GAUGE_LIMIT models (highest values kept) and reports how many were dropped', async () => {
    const models = Array.from({ length: MODEL_GAUGE_LIMIT + 50 }, (_, index) => ({ model: `model-${index}`, value: index }));
    service.addModelGauge({ name: 'model_versions', help: 'Versions per model.', collect: async () => models });
    service.addModelGauge({ name: 'model_versions', help: 'again', collect: async () => [] });
    const { body } = await service.exposition();
    const lines = body.split('\n').filter((line) => line.startsWith('model_versions{'));
    expect(lines).toHaveLength(MODEL_GAUGE_LIMIT);
    expect(sample(body, `model_versions{model="model-${MODEL_GAUGE_LIMIT + 49}"}`)).toBe(MODEL_GAUGE_LIMIT + 49);
    expect(sample(body, 'model_versions{model="model-0"}')).toBeUndefined();
    expect(sample(body, 'model_gauge_series_dropped{gauge="model_versions"}')).toBe(50);
  });

  it('still answers when a per-model source fails (database down)', async () => {
    service.addModelGauge({ name: 'model_points', help: 'x', collect: async () => Promise.reject(new Error('ECONNREFUSED')) });
    const { body } = await service.exposition();
    expect(body).toMatch(/^process_cpu_user_seconds_total /m);
    expect(body).not.toMatch(/^model_points\{/m);
  });
});

describe('http metrics middleware', () => {
  function fakeExchange(request: Partial<Request>): { request: Request; response: Response & EventEmitter } {
    const response = Object.assign(new EventEmitter(), { statusCode: 200 }) as unknown as Response & EventEmitter;
    return { request: { baseUrl: '', path: '/x', method: 'GET', ...request } as Request, response };
  }

  it('labels by route template, never by the raw URL, and unmatched requests as one value', async () => {
    const service = new ObservabilityService();
    const middleware = httpMetricsMiddleware(service);
    const next: NextFunction = () => undefined;
    for (const id of ['a1', 'b2', 'c3']) {
      const { request, response } = fakeExchange({ method: 'DELETE', path: `/api/v1/api-keys/${id}` });
      middleware(request, response, next);
      (request as Request & { route: { path: string } }).route = { path: '/api/v1/api-keys/:id' };
      response.statusCode = 204;
      response.emit('finish');
    }
    for (const path of ['/nope/1', '/nope/2']) {
      const { request, response } = fakeExchange({ method: 'BREW', path });
      middleware(request, response, next);
      response.statusCode = 404;
      response.emit('finish');
    }
    const { body } = await service.exposition();
    expect(sample(body, 'http_request_duration_seconds_count{method="DELETE",route="/api/v1/api-keys/:id",status_code="204"}')).toBe(3);
    expect(sample(body, `http_request_duration_seconds_count{method="OTHER",route="${UNMATCHED_ROUTE}",status_code="404"}`)).toBe(2);
    expect(body).not.toMatch(/a1|nope/);
  });

  it('routeTemplate joins a router mount path and the route path', () => {
    expect(routeTemplate({ baseUrl: '/api', route: { path: '/v1/models/:name' } } as unknown as Request)).toBe('/api/v1/models/:name');
    expect(routeTemplate({ baseUrl: '' } as Request)).toBe(UNMATCHED_ROUTE);
  });
});
