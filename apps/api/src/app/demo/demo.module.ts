import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { DriftReportsModule } from '../drift-reports/drift-reports.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ModelsModule } from '../models/models.module';
import { PerformanceEstimatesModule } from '../performance-estimates/performance-estimates.module';
import { DemoSeedService } from './demo-seed.service';
import { DEMO_SEEDERS, DemoSeeder } from './demo-seeder';
import { DriftDemoSeeder } from './drift-demo.seeder';
import { PerformanceEstimatesDemoSeeder } from './performance-estimates-demo.seeder';
import { RegistryDemoSeeder } from './registry-demo.seeder';

/** The stress-detector demo: its seeders, in run order, and the runner that seeds an empty database when SEED_DEMO is on. */
@Module({
  imports: [ModelsModule, MetricsModule, DatasetsModule, DriftReportsModule, PerformanceEstimatesModule],
  providers: [
    RegistryDemoSeeder,
    DriftDemoSeeder,
    PerformanceEstimatesDemoSeeder,
    {
      provide: DEMO_SEEDERS,
      useFactory: (registry: RegistryDemoSeeder, drift: DriftDemoSeeder, estimates: PerformanceEstimatesDemoSeeder): DemoSeeder[] => [
        registry,
        drift,
        estimates,
      ],
      inject: [RegistryDemoSeeder, DriftDemoSeeder, PerformanceEstimatesDemoSeeder],
    },
    DemoSeedService,
  ],
})
export class DemoModule {}
