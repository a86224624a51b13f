import { Module } from '@nestjs/common';
import { DriftReportsModule } from '../../app/drift-reports/drift-reports.module';
import { MetricsModule } from '../../app/metrics/metrics.module';
import { PerformanceEstimatesModule } from '../../app/performance-estimates/performance-estimates.module';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [MetricsModule, DriftReportsModule, PerformanceEstimatesModule], providers: [DemoSeedService] })
export class DemoSeedModule {}
