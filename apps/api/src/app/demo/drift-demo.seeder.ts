import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { seededRandom } from '@stress/statistics';
import { DatasetUploadsService } from '../datasets/dataset-uploads.service';
import { DriftReportsService } from '../drift-reports/drift-reports.service';
import { DEMO_ACTOR, DEMO_MODEL, DEMO_PRODUCTION_VERSION } from './demo-model';
import type { DemoSeeder } from './demo-seeder';

/**
 * The datasets' part of the demo: for stress-detector 1.1.0, a reference dataset (5,000 rows of the training
 * distribution) and a current one (2,000 rows) where heart rate, EDA and the activity mix drifted, and
 * one drift report between them. Runs after the registry's seeder, which creates the model version.
 */
@Injectable()
export class DriftDemoSeeder implements DemoSeeder {
  private readonly logger = new Logger(DriftDemoSeeder.name);

  constructor(
    private readonly uploads: DatasetUploadsService,
    private readonly reports: DriftReportsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async hasData(): Promise<boolean> {
    const [row] = await this.dataSource.query(`SELECT EXISTS (SELECT 1 FROM datasets) AS present`);
    return Boolean(row.present);
  }

  async seed(): Promise<void> {
    const common = {
      model: DEMO_MODEL,
      version: DEMO_PRODUCTION_VERSION,
      targetColumn: 'stress_label',
      predictionColumn: 'predicted',
      probabilityColumn: 'stress_proba',
      positiveLabel: '1',
    };
    const reference = await this.uploads.createFromCsv(
      wearablesCsv(5_000, 11, false),
      { ...common, name: 'training sample (reference)', role: 'reference' },
      DEMO_ACTOR,
    );
    const current = await this.uploads.createFromCsv(
      wearablesCsv(2_000, 12, true),
      { ...common, name: 'production, last 7 days', role: 'current' },
      DEMO_ACTOR,
    );
    const report = await this.reports.create(
      { referenceDatasetId: reference.dataset.id, currentDatasetId: current.dataset.id },
      DEMO_ACTOR,
    );
    this.logger.log(`Demo drift report: ${report.driftedColumns} of ${report.totalColumns} columns drifted.`);
  }
}

const ACTIVITIES = ['rest', 'walk', 'work', 'exercise'];
const TRAINING_MIX = [0.4, 0.3, 0.2, 0.1];
const DRIFTED_MIX = [0.15, 0.2, 0.35, 0.3];
const DEVICES = ['band-a', 'band-b', 'watch'];

/** One generated wearable reading with the model's output and the true label. */
export interface WearableRow {
  heartRate: number;
  /** null: the sensor dropped out (missing). */
  eda: number | null;
  skinTemp: number;
  respRate: number;
  hrv: number;
  activity: string;
  device: string;
  stressed: 0 | 1;
  probability: number;
}

/** Wearable signals and the model's output; `drifted` raises heart rate and EDA and shifts the activity mix. */
export function wearableRows(rows: number, seed: number, drifted: boolean): WearableRow[] {
  const random = seededRandom(seed);
  const normal = () => {
    let u = 0;
    while (u === 0) u = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const pick = <T>(values: T[], weights: number[]): T => {
    let r = random();
    for (let index = 0; index < values.length; index++) {
      r -= weights[index];
      if (r < 0) return values[index];
    }
    return values[values.length - 1];
  };
  const generated: WearableRow[] = [];
  for (let row = 0; row < rows; row++) {
    const activity = pick(ACTIVITIES, drifted ? DRIFTED_MIX : TRAINING_MIX);
    const stressed = random() < (activity === 'work' ? 0.45 : 0.25) ? 1 : 0;
    const exertion = activity === 'exercise' ? 25 : activity === 'walk' ? 10 : 0;
    const heartRate = 68 + exertion + 12 * stressed + 8 * normal() + (drifted ? 9 : 0);
    const eda = Math.exp(0.8 + 0.5 * stressed + 0.35 * normal()) * (drifted ? 1.5 : 1);
    const skinTemp = 33.2 - 0.4 * stressed + 0.6 * normal();
    const respRate = 14 + 3 * stressed + 0.15 * exertion + 2 * normal();
    const hrv = Math.max(5, 48 - 14 * stressed + 12 * normal());
    const score = -4.2 + 0.035 * (heartRate - 68) + 0.9 * Math.log(eda) + 0.25 * (respRate - 14) - 0.03 * (hrv - 48) + 1.2;
    const probability = 1 / (1 + Math.exp(-score));
    // Now and then a sensor drops out: a missing value.
    const dropped = random() < 0.02;
    const device = DEVICES[Math.floor(random() * DEVICES.length)];
    generated.push({ heartRate, eda: dropped ? null : eda, skinTemp, respRate, hrv, activity, device, stressed, probability });
  }
  return generated;
}

/** The rows of wearableRows as the CSV a team would upload (values rounded as a device reports them). */
export function wearablesCsv(rows: number, seed: number, drifted: boolean): Buffer {
  const lines = ['heart_rate,eda,skin_temp,resp_rate,hrv_rmssd,activity,device,stress_label,predicted,stress_proba'];
  for (const row of wearableRows(rows, seed, drifted)) {
    lines.push(
      [
        row.heartRate.toFixed(1),
        row.eda === null ? '' : row.eda.toFixed(3),
        row.skinTemp.toFixed(2),
        row.respRate.toFixed(1),
        row.hrv.toFixed(1),
        row.activity,
        row.device,
        row.stressed,
        row.probability >= 0.5 ? 1 : 0,
        row.probability.toFixed(4),
      ].join(','),
    );
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}
