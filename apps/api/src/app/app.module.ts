import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AppConfigModule } from '../config/config.module';
import { Env } from '../config/env.schema';
import { DatabaseConnection, databaseOptions } from '../database/database-options';
import { AlertingModule } from './alerting/alerting.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { AuditModule } from './audit/audit.module';
import { ChatModule } from './chat/chat.module';
import { CHAT_THROTTLE_TTL_MS, CHAT_THROTTLER } from './chat/chat-throttle';
import { GLOBAL_THROTTLER } from './auth/api-throttler.guard';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { loggerOptions } from './common/logger-options';
import { MonitoringChangesModule } from './common/monitoring-changes';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { DatasetsModule } from './datasets/datasets.module';
import { DemoModule } from './demo/demo.module';
import { DriftReportsModule } from './drift-reports/drift-reports.module';
import { PerformanceEstimatesModule } from './performance-estimates/performance-estimates.module';
import { MetricsModule } from './metrics/metrics.module';
import { ModelsModule } from './models/models.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { ObservabilityModule } from './observability/observability.module';
import { PredictionsModule } from './predictions/predictions.module';

/** Feature modules, one per folder under app/. */
const FEATURE_MODULES = [
  HealthModule,
  AuditModule,
  ApiKeysModule,
  AuthModule,
  ObservabilityModule,
  ModelsModule,
  MetricsModule,
  ChatModule,
  DatasetsModule,
  DriftReportsModule,
  PerformanceEstimatesModule,
  PredictionsModule,
  MonitoringModule,
  AlertingModule,
  DemoModule,
];

@Module({})
export class AppModule {
  static forRoot(env: Env, database: DatabaseConnection): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(env),
        LoggerModule.forRoot(loggerOptions(env)),
        TypeOrmModule.forRoot({
          ...databaseOptions(database),
          // Start-up already proved the database reachable (migrations ran); do not retry for minutes.
          retryAttempts: 2,
          retryDelay: 1_000,
        }),
        ThrottlerModule.forRoot({
          throttlers: [
            { name: GLOBAL_THROTTLER, ttl: env.THROTTLE_TTL_MS, limit: env.THROTTLE_LIMIT },
            { name: CHAT_THROTTLER, ttl: CHAT_THROTTLE_TTL_MS, limit: env.CHAT_THROTTLE_LIMIT },
          ],
          // With REDIS_URL, every replica counts against the same limit.
          ...(env.REDIS_URL ? { storage: new ThrottlerStorageRedisService(env.REDIS_URL) } : {}),
        }),
        MonitoringChangesModule,
        JobsModule.forRoot(database),
        ...FEATURE_MODULES,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
