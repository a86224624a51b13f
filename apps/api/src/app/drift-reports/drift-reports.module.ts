import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatasetsModule } from '../datasets/datasets.module';
import { MetricsModule } from '../metrics/metrics.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { DriftDemoSeeder } from './drift-demo.seeder';
import { DriftMetricsLink } from './drift-metrics-link';
import { DriftReportEntity } from './drift-report.entity';
import { DriftReportsController } from './drift-reports.controller';
import { DriftReportsService } from './drift-reports.service';

@Module({
  imports: [TypeOrmModule.forFeature([DriftReportEntity]), DatasetsModule, MetricsModule, StatisticsModule],
  controllers: [DriftReportsController],
  providers: [DriftReportsService, DriftMetricsLink, DriftDemoSeeder],
  exports: [DriftReportsService, DriftDemoSeeder],
})
export class DriftReportsModule {}
