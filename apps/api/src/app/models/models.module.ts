import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModelVersionEntity } from './model-version.entity';
import { ModelEntity } from './model.entity';
import { ModelsController } from './models.controller';
import { ModelsService } from './models.service';
import { StageChangeEntity } from './stage-change.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ModelEntity, ModelVersionEntity, StageChangeEntity])],
  controllers: [ModelsController],
  providers: [ModelsService],
  exports: [ModelsService],
})
export class ModelsModule {}
