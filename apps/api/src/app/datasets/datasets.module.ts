import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModelsModule } from '../models/models.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { DatasetStore } from './dataset-store';
import { DatasetColumnEntity, DatasetEntity } from './dataset.entity';
import { DatasetsController } from './datasets.controller';
import { DatasetsService } from './datasets.service';
import { ModelVersionLink } from './model-version-link';

@Module({
  imports: [TypeOrmModule.forFeature([DatasetEntity, DatasetColumnEntity]), ModelsModule, StatisticsModule],
  controllers: [DatasetsController],
  providers: [DatasetsService, DatasetStore, ModelVersionLink],
  exports: [DatasetsService, DatasetStore],
})
export class DatasetsModule {}
