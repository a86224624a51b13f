import { Module } from '@nestjs/common';
import { DriftReportsModule } from '../../app/drift-reports/drift-reports.module';
import { MetricsModule } from '../../app/metrics/metrics.module';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [MetricsModule, DriftReportsModule], providers: [DemoSeedService] })
export class DemoSeedModule {}
