import { Module } from '@nestjs/common';
import { DatasetsModule } from '../datasets/datasets.module';
import { ModelsModule } from '../models/models.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { PerformanceEstimateStore } from './performance-estimate.store';
import { PerformanceEstimatesDemoSeeder } from './performance-estimates-demo.seeder';
import { PerformanceEstimatesController } from './performance-estimates.controller';
import { PerformanceEstimatesService } from './performance-estimates.service';

@Module({
  imports: [DatasetsModule, ModelsModule, StatisticsModule],
  controllers: [PerformanceEstimatesController],
  providers: [PerformanceEstimatesService, PerformanceEstimateStore, PerformanceEstimatesDemoSeeder],
  exports: [PerformanceEstimatesService, PerformanceEstimatesDemoSeeder],
})
export class PerformanceEstimatesModule {}
