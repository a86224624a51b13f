import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { MetricsRetentionService } from './metrics-retention.service';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ModelMetricsController } from './model-metrics.controller';
import { RegistryDemoSeeder } from './registry-demo.seeder';

@Module({
  imports: [ModelsModule],
  controllers: [MetricsController, ModelMetricsController],
  providers: [MetricsService, MetricsRetentionService, RegistryDemoSeeder],
  exports: [MetricsService, RegistryDemoSeeder],
})
export class MetricsModule {}
