import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModelsModule } from '../models/models.module';
import { MetricIngestRequestEntity } from './metric-ingest-request.entity';
import { MetricSeriesEntity } from './metric-series.entity';
import { MetricsRetentionService } from './metrics-retention.service';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';
import { ModelMetricsController } from './model-metrics.controller';
import { RegistryDemoSeeder } from './registry-demo.seeder';

@Module({
  imports: [ModelsModule, TypeOrmModule.forFeature([MetricSeriesEntity, MetricIngestRequestEntity])],
  controllers: [MetricsController, ModelMetricsController],
  providers: [MetricsService, MetricsRetentionService, RegistryDemoSeeder],
  exports: [MetricsService, RegistryDemoSeeder],
})
export class MetricsModule {}
