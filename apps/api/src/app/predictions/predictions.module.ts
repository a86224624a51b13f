import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { PredictionPartitions } from './prediction-partitions';
import { PredictionsController } from './predictions.controller';
import { PredictionsService } from './predictions.service';

@Module({
  imports: [ModelsModule],
  controllers: [PredictionsController],
  providers: [PredictionsService, PredictionPartitions],
  exports: [PredictionsService, PredictionPartitions],
})
export class PredictionsModule {}
