import { Module } from '@nestjs/common';
import { MetricsModule } from '../../app/metrics/metrics.module';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [MetricsModule], providers: [DemoSeedService] })
export class DemoSeedModule {}
