import { Module } from '@nestjs/common';
import { ModelsModule } from '../models/models.module';
import { PredictionsModule } from '../predictions/predictions.module';
import { MonitoringController } from './monitoring.controller';
import { MonitoringService } from './monitoring.service';

@Module({
  imports: [ModelsModule, PredictionsModule],
  controllers: [MonitoringController],
  providers: [MonitoringService],
  exports: [MonitoringService],
})
export class MonitoringModule {}
