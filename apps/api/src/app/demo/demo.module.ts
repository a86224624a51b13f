import { Module } from '@nestjs/common';
import { AlertingModule } from '../alerting/alerting.module';
import { DatasetsModule } from '../datasets/datasets.module';
import { DriftReportsModule } from '../drift-reports/drift-reports.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ModelsModule } from '../models/models.module';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { PerformanceEstimatesModule } from '../performance-estimates/performance-estimates.module';
import { PredictionsModule } from '../predictions/predictions.module';
import { AlertingDemoSeeder } from './alerting-demo.seeder';
import { DemoSeedService } from './demo-seed.service';
import { DEMO_SEEDERS, DemoSeeder } from './demo-seeder';
import { DriftDemoSeeder } from './drift-demo.seeder';
import { PerformanceEstimatesDemoSeeder } from './performance-estimates-demo.seeder';
import { ProductionDemoSeeder } from './production-demo.seeder';
import { RegistryDemoSeeder } from './registry-demo.seeder';

/** The stress-detector demo: its seeders, in run order, and the runner that seeds an empty database when SEED_DEMO is on. */
@Module({
  imports: [
    ModelsModule,
    MetricsModule,
    DatasetsModule,
    DriftReportsModule,
    PerformanceEstimatesModule,
    PredictionsModule,
    MonitoringModule,
    AlertingModule,
  ],
  providers: [
    RegistryDemoSeeder,
    DriftDemoSeeder,
    PerformanceEstimatesDemoSeeder,
    ProductionDemoSeeder,
    AlertingDemoSeeder,
    {
      provide: DEMO_SEEDERS,
      useFactory: (
        registry: RegistryDemoSeeder,
        drift: DriftDemoSeeder,
        estimates: PerformanceEstimatesDemoSeeder,
        production: ProductionDemoSeeder,
        alerting: AlertingDemoSeeder,
      ): DemoSeeder[] => [registry, drift, estimates, production, alerting],
      inject: [RegistryDemoSeeder, DriftDemoSeeder, PerformanceEstimatesDemoSeeder, ProductionDemoSeeder, AlertingDemoSeeder],
    },
    DemoSeedService,
  ],
})
export class DemoModule {}
