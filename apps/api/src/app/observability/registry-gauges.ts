import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ObservabilityService } from './observability.service';

type Row = { model: string; value: string | number | null };
const toSamples = (rows: Row[]) => rows.map((row) => ({ model: row.model, value: Number(row.value) }));

/**
 * Per-model gauges, read from the registry tables at scrape time (one query each, on the
 * indexes the features already have), capped by ObservabilityService.addModelGauge.
 */
@Injectable()
export class RegistryGauges implements OnModuleInit {
  constructor(
    private readonly observability: ObservabilityService,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.observability.addModelGauge({
      name: 'model_versions',
      help: 'Registered versions per model.',
      collect: async () =>
        toSamples(
          await this.dataSource.query(
            `SELECT m.name AS model, count(v.id) AS value FROM models m LEFT JOIN model_versions v ON v.model_id = m.id GROUP BY m.name`,
          ),
        ),
    });
    this.observability.addModelGauge({
      name: 'model_metric_series',
      help: 'Metric series (metric name x labels x version) per model.',
      collect: async () =>
        toSamples(
          await this.dataSource.query(
            `SELECT m.name AS model, count(s.id) AS value
               FROM models m JOIN model_versions v ON v.model_id = m.id JOIN metric_series s ON s.model_version_id = v.id
              GROUP BY m.name`,
          ),
        ),
    });
    this.observability.addModelGauge({
      name: 'model_last_metric_timestamp_seconds',
      help: 'Unix time of the newest metric point of each model (alert when it stops advancing).',
      collect: async () =>
        toSamples(
          // One index probe per series on metric_points (series_id, ts).
          await this.dataSource.query(
            `SELECT m.name AS model, extract(epoch FROM max(last.ts)) AS value
               FROM models m JOIN model_versions v ON v.model_id = m.id JOIN metric_series s ON s.model_version_id = v.id
               CROSS JOIN LATERAL (SELECT p.ts FROM metric_points p WHERE p.series_id = s.id ORDER BY p.ts DESC LIMIT 1) last
              GROUP BY m.name`,
          ),
        ),
    });
  }
}
