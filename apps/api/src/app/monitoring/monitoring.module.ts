import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ModelsModule } from '../models/models.module';
import { PerformanceEstimatesModule } from '../performance-estimates/performance-estimates.module';
import { PredictionsModule } from '../predictions/predictions.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { MonitoringController } from './monitoring.controller';
import { MonitoringService } from './monitoring.service';
import { MonitoringWindowsController } from './monitoring-windows.controller';
import { MonitoringWindowsService } from './monitoring-windows.service';
import { MonitoringWindowsStore } from './monitoring-windows.store';
import { WindowComputationService } from './window-computation.service';

@Module({
  imports: [ModelsModule, PredictionsModule, DatasetsModule, MetricsModule, StatisticsModule, PerformanceEstimatesModule],
  controllers: [MonitoringController, MonitoringWindowsController],
  providers: [MonitoringService, MonitoringWindowsService, MonitoringWindowsStore, WindowComputationService],
  exports: [MonitoringService, MonitoringWindowsService],
})
export class MonitoringModule {}
