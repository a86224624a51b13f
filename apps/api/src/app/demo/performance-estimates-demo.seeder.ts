import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PerformanceEstimatesService } from '../performance-estimates/performance-estimates.service';
import { DEMO_ACTOR, DEMO_MODEL, DEMO_PRODUCTION_VERSION } from './demo-model';
import type { DemoSeeder } from './demo-seeder';

/**
 * The performance estimates' part of the demo: a CBPE estimate of the drift demo's current dataset ("production, last 7 days") against its
 * reference, so the dashboard shows estimated quality with bands next to the realized one. Runs after the drift seeder.
 */
@Injectable()
export class PerformanceEstimatesDemoSeeder implements DemoSeeder {
  private readonly logger = new Logger(PerformanceEstimatesDemoSeeder.name);

  constructor(
    private readonly estimates: PerformanceEstimatesService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async hasData(): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM performance_estimates) AS present`);
    return Boolean(row.present);
  }

  async seed(): Promise<void> {
    const datasets: Array<{ id: string; role: string }> = await this.dataSource.query(
      `SELECT DISTINCT ON (role) id, role FROM datasets
        WHERE model_name = $1 AND model_version = $2 AND status = 'ready' AND role IN ('reference', 'current')
        ORDER BY role, created_at DESC`,
      [DEMO_MODEL, DEMO_PRODUCTION_VERSION],
    );
    const reference = datasets.find((dataset) => dataset.role === 'reference');
    const current = datasets.find((dataset) => dataset.role === 'current');
    if (!reference || !current) {
      this.logger.warn(`No demo performance estimate: ${DEMO_MODEL} ${DEMO_PRODUCTION_VERSION} has no reference and current dataset.`);
      return;
    }
    const estimate = await this.estimates.create({ referenceDatasetId: reference.id, currentDatasetId: current.id }, DEMO_ACTOR);
    const accuracy = estimate.estimated.accuracy;
    this.logger.log(
      `Demo performance estimate: accuracy ${accuracy.value.toFixed(3)} [${accuracy.lower.toFixed(3)}, ${accuracy.upper.toFixed(3)}], ` +
        `realized ${estimate.realized?.accuracy.toFixed(3) ?? 'unknown'}.`,
    );
  }
}
