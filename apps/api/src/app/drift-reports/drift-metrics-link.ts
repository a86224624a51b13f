import { Injectable } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';

/** Actor recorded on the metric points drift reports write. */
export const DRIFT_REPORTS_ACTOR = 'drift-reports';
export const DRIFT_SHARE_METRIC = 'drift_share';

/**
 * The one place drift reports write metric points: `drift_share` (share of drifted columns) for the
 * report's model version at the report's time, so drift shows in the metric charts. The report id is the
 * idempotency key: recording the same report twice stores one point.
 */
@Injectable()
export class DriftMetricsLink {
  constructor(private readonly metrics: MetricsService) {}

  async recordDriftShare(model: string, version: string, value: number, at: Date, reportId: string): Promise<void> {
    await this.metrics.ingest(
      [{ model, version, name: DRIFT_SHARE_METRIC, value, timestamp: at.toISOString() }],
      DRIFT_REPORTS_ACTOR,
      `drift-report-${reportId}`,
    );
  }
}
