import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { ModelsModule } from '../models/models.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { PerformanceEstimateStore } from './performance-estimate.store';
import { PerformanceEstimatesController } from './performance-estimates.controller';
import { PerformanceEstimatesService } from './performance-estimates.service';

@Module({
  imports: [DatasetsModule, ModelsModule, StatisticsModule],
  controllers: [PerformanceEstimatesController],
  providers: [PerformanceEstimatesService, PerformanceEstimateStore],
  exports: [PerformanceEstimatesService],
})
export class PerformanceEstimatesModule {}
