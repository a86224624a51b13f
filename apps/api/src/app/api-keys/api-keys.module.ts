import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { EmbeddedAdminKeyBootstrap } from './embedded-admin-key.bootstrap';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity])],
  controllers: [ApiKeysController],
  providers: [ApiKeysService, EmbeddedAdminKeyBootstrap],
  exports: [ApiKeysService],
})
export class ApiKeysModule {}
