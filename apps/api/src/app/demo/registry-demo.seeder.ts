import { Injectable } from '@nestjs/common';
import { FeatureRole, FeatureType, ModelStage, ModelTask } from '@stress/contracts';
import { AppConfigService } from '../../config/app-config.service';
import { MetricsService } from '../metrics/metrics.service';
import { ModelsService } from '../models/models.service';
import { DEMO_ACTOR, DEMO_MODEL } from './demo-model';
import type { DemoSeeder } from './demo-seeder';
import { generateStressDetectorMetrics } from './stress-detector-metrics';

const FEATURES = [
  { name: 'heart_rate', type: FeatureType.Numerical, role: FeatureRole.Feature },
  { name: 'eda', type: FeatureType.Numerical, role: FeatureRole.Feature },
  { name: 'skin_temp', type: FeatureType.Numerical, role: FeatureRole.Feature },
  { name: 'resp_rate', type: FeatureType.Numerical, role: FeatureRole.Feature },
  { name: 'hrv_rmssd', type: FeatureType.Numerical, role: FeatureRole.Feature },
  { name: 'activity', type: FeatureType.Categorical, role: FeatureRole.Feature },
  { name: 'device', type: FeatureType.Categorical, role: FeatureRole.Feature },
  { name: 'stress_label', type: FeatureType.Categorical, role: FeatureRole.Target },
  { name: 'predicted', type: FeatureType.Categorical, role: FeatureRole.Prediction },
  { name: 'stress_proba', type: FeatureType.Numerical, role: FeatureRole.Probability },
];

const VERSIONS = [
  {
    version: '1.0.0',
    framework: 'scikit-learn 1.4 (gradient boosting)',
    description: 'First release: gradient boosting on 5-minute windows of wrist signals.',
    trainingMetrics: { accuracy: 0.872, precision: 0.79, recall: 0.8, f1: 0.795, roc_auc: 0.9 },
    stages: [ModelStage.Staging, ModelStage.Production],
  },
  {
    version: '1.1.0',
    framework: 'scikit-learn 1.5 (gradient boosting)',
    description: 'Adds HRV (RMSSD) and per-device calibration.',
    trainingMetrics: { accuracy: 0.905, precision: 0.83, recall: 0.86, f1: 0.845, roc_auc: 0.935 },
    // Promoting 1.1.0 archives 1.0.0.
    stages: [ModelStage.Staging, ModelStage.Production],
  },
  {
    version: '2.0.0',
    framework: 'LightGBM 4.3',
    description: 'Candidate: LightGBM with activity context; shadowing 25% of traffic in staging.',
    trainingMetrics: { accuracy: 0.921, precision: 0.86, recall: 0.89, f1: 0.875, roc_auc: 0.95 },
    stages: [ModelStage.Staging],
  },
];

/**
 * The registry's part of the demo: the stress-detector model, three versions with a stage
 * history, and 30 days of hourly metrics in which production degrades over the last week.
 */
@Injectable()
export class RegistryDemoSeeder implements DemoSeeder {
  constructor(
    private readonly models: ModelsService,
    private readonly metrics: MetricsService,
    private readonly config: AppConfigService,
  ) {}

  async hasData(): Promise<boolean> {
    return (await this.models.hasModels()) || (await this.metrics.hasPoints());
  }

  async seed(): Promise<void> {
    await this.models.create({
      name: DEMO_MODEL,
      displayName: 'Stress detector',
      description:
        'Predicts acute stress from wearable signals (heart rate, EDA, skin temperature, respiration, HRV) ' +
        'in 5-minute windows. Demo data: production 1.1.0 degrades over the last week.',
      task: ModelTask.BinaryClassification,
      owner: 'wellbeing-ml',
      tags: ['wearables', 'stress', 'demo'],
    });
    for (const version of VERSIONS) {
      await this.models.createVersion(DEMO_MODEL, {
        version: version.version,
        framework: version.framework,
        description: version.description,
        trainingMetrics: version.trainingMetrics,
        features: FEATURES,
      });
      for (const stage of version.stages) {
        await this.models.updateVersion(DEMO_MODEL, version.version, { stage }, DEMO_ACTOR);
      }
    }

    const endHour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const points = generateStressDetectorMetrics(endHour).map((point) => ({ model: DEMO_MODEL, ...point }));
    const batch = Math.min(5_000, this.config.get('METRICS_MAX_BATCH'));
    for (let start = 0; start < points.length; start += batch) {
      await this.metrics.ingest(points.slice(start, start + batch), DEMO_ACTOR);
    }
  }
}
