import { Module } from '@nestjs/common';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { ApiKeysStore } from './api-keys.store';
import { EmbeddedAdminKeyBootstrap } from './embedded-admin-key.bootstrap';

@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeysService, ApiKeysStore, EmbeddedAdminKeyBootstrap],
  exports: [ApiKeysService],
})
export class ApiKeysModule {}
