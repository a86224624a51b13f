import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { StatisticsModule } from '../statistics/statistics.module';
import { DatasetChunkStore } from './dataset-chunks.store';
import { DatasetQualityService } from './dataset-quality.service';
import { DatasetRowsService } from './dataset-rows.service';
import { DatasetUploadsService } from './dataset-uploads.service';
import { DatasetsController } from './datasets.controller';
import { DatasetsService } from './datasets.service';
import { DatasetsStore } from './datasets.store';
import { ModelVersionLink } from './model-version-link';

@Module({
  imports: [ModelsModule, StatisticsModule],
  controllers: [DatasetsController],
  providers: [
    DatasetsService,
    DatasetsStore,
    DatasetChunkStore,
    DatasetUploadsService,
    DatasetRowsService,
    DatasetQualityService,
    ModelVersionLink,
  ],
  exports: [DatasetsService, DatasetChunkStore, DatasetUploadsService, DatasetRowsService, DatasetQualityService],
})
export class DatasetsModule {}
