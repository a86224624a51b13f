import { Injectable } from '@nestjs/common';

/** Actor recorded on the metric points drift reports write. */
export const DRIFT_REPORTS_ACTOR = 'drift-reports';

/**
 * The one place drift reports write metric points (issue 3's MetricsService): `drift_share` per model
 * version, so drift shows in the metric charts.
 */
@Injectable()
export class DriftMetricsLink {
  async recordDriftShare(_model: string, _version: string, _value: number, _at: Date, _reportId: string): Promise<void> {
    // Wired to MetricsService.ingest once the registry's metrics module is on main.
  }
}
