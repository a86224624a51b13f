import { Module } from '@nestjs/common';
import { DriftReportsModule } from '../../app/drift-reports/drift-reports.module';
import { DemoSeedService } from './demo-seed.service';

@Module({ imports: [DriftReportsModule], providers: [DemoSeedService] })
export class DemoSeedModule {}
