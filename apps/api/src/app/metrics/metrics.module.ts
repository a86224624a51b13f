import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { MetricsRetentionService } from './metrics-retention.service';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ModelMetricsController } from './model-metrics.controller';

@Module({
  imports: [ModelsModule],
  controllers: [MetricsController, ModelMetricsController],
  providers: [MetricsService, MetricsRetentionService],
  exports: [MetricsService],
})
export class MetricsModule {}
