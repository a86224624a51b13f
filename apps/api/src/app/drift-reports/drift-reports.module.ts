import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { MetricsModule } from '../metrics/metrics.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { DriftMetricsLink } from './drift-metrics-link';
import { DriftReportsController } from './drift-reports.controller';
import { DriftReportsService } from './drift-reports.service';
import { DriftReportsStore } from './drift-reports.store';

@Module({
  imports: [DatasetsModule, MetricsModule, StatisticsModule],
  controllers: [DriftReportsController],
  providers: [DriftReportsService, DriftReportsStore, DriftMetricsLink],
  exports: [DriftReportsService],
})
export class DriftReportsModule {}
