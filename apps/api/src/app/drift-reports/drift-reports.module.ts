import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatasetsModule } from '../datasets/datasets.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { DriftMetricsLink } from './drift-metrics-link';
import { DriftReportEntity } from './drift-report.entity';
import { DriftReportsController } from './drift-reports.controller';
import { DriftReportsService } from './drift-reports.service';

@Module({
  imports: [TypeOrmModule.forFeature([DriftReportEntity]), DatasetsModule, StatisticsModule],
  controllers: [DriftReportsController],
  providers: [DriftReportsService, DriftMetricsLink],
  exports: [DriftReportsService],
})
export class DriftReportsModule {}
