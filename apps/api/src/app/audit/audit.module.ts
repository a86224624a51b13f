import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditService } from './audit.service';
import { AuditStore } from './audit.store';

/** The audit log: a global interceptor records every change; AuditService is global for sign-in events. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditStore, AuditService, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditService],
})
export class AuditModule {}
