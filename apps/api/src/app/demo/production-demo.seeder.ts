import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MonitoringService } from '../monitoring/monitoring.service';
import { PredictionsService } from '../predictions/predictions.service';
import { DEMO_ACTOR, DEMO_MODEL, DEMO_PRODUCTION_VERSION } from './demo-model';
import type { DemoSeeder } from './demo-seeder';
import { wearableRows } from './drift-demo.seeder';

const DAY_MS = 86_400_000;
/** Days of logged predictions, the last of them today. */
const DAYS = 14;
const ROWS_PER_DAY = 300;
/** Inputs drift from this many days ago on (the heart rate and EDA rise of the drift demo). */
const DRIFT_DAYS = 3;
/** The last days have no actuals yet: labels arrive late. */
const UNLABELLED_DAYS = 2;
const BATCH_ROWS = 2_000;

/**
 * Production data for stress-detector 1.1.0: 14 days of logged predictions (seeded, deterministic), drifting
 * from three days ago, actuals for all but the last two days, and monitoring on with daily windows against
 * the drift demo's reference dataset, so the windows are computed by the scheduler right after start-up.
 * Runs after the drift demo (it needs the reference dataset).
 */
@Injectable()
export class ProductionDemoSeeder implements DemoSeeder {
  private readonly logger = new Logger(ProductionDemoSeeder.name);

  constructor(
    private readonly predictions: PredictionsService,
    private readonly monitoring: MonitoringService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async hasData(): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM prediction_keys) AS present`);
    return Boolean(row.present);
  }

  async seed(): Promise<void> {
    const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
    const now = Date.now();
    const predictions: object[] = [];
    const actuals: object[] = [];
    for (let day = DAYS - 1; day >= 0; day--) {
      const dayStart = today - day * DAY_MS;
      // Today's rows spread up to now; earlier days over the whole day.
      const span = day === 0 ? Math.max(60_000, now - dayStart - 60_000) : DAY_MS;
      wearableRows(ROWS_PER_DAY, 100 + day, day < DRIFT_DAYS).forEach((row, index) => {
        const id = `demo-${new Date(dayStart).toISOString().slice(0, 10)}-${String(index).padStart(4, '0')}`;
        predictions.push({
          id,
          timestamp: new Date(dayStart + Math.floor((index * span) / ROWS_PER_DAY)).toISOString(),
          features: {
            heart_rate: round(row.heartRate, 1),
            eda: row.eda === null ? null : round(row.eda, 3),
            skin_temp: round(row.skinTemp, 2),
            resp_rate: round(row.respRate, 1),
            hrv_rmssd: round(row.hrv, 1),
            activity: row.activity,
            device: row.device,
          },
          prediction: row.probability >= 0.5 ? 1 : 0,
          probability: round(row.probability, 4),
        });
        if (day >= UNLABELLED_DAYS) actuals.push({ id, actual: row.stressed });
      });
    }
    for (let start = 0; start < predictions.length; start += BATCH_ROWS) {
      await this.predictions.logPredictions(DEMO_MODEL, DEMO_PRODUCTION_VERSION, { rows: predictions.slice(start, start + BATCH_ROWS) });
    }
    for (let start = 0; start < actuals.length; start += BATCH_ROWS) {
      await this.predictions.logActuals(DEMO_MODEL, { rows: actuals.slice(start, start + BATCH_ROWS) });
    }
    const [reference]: Array<{ id: string }> = await this.dataSource.query(
      `SELECT d.id FROM datasets d JOIN model_versions v ON v.id = d.model_version_id JOIN models m ON m.id = v.model_id
       WHERE m.name = $1 AND v.version = $2 AND d.role = 'reference' AND d.status = 'ready' ORDER BY d.created_at LIMIT 1`,
      [DEMO_MODEL, DEMO_PRODUCTION_VERSION],
    );
    if (!reference) {
      this.logger.warn('Demo production data: no reference dataset to monitor against; monitoring left off.');
      return;
    }
    await this.monitoring.put(
      DEMO_MODEL,
      DEMO_PRODUCTION_VERSION,
      { referenceDatasetId: reference.id, window: '1d', enabled: true },
      DEMO_ACTOR,
    );
    this.logger.log(
      `Demo production data: ${predictions.length} predictions over ${DAYS} days, ${actuals.length} actuals; daily monitoring windows on.`,
    );
  }
}

function round(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}
