import { DynamicModule, Global, Module } from '@nestjs/common';
import { DatabaseConnection } from '../../database/database-options';
import { JOBS_DATABASE, JobQueue } from './job-queue.service';

/** Durable jobs (pg-boss) for every feature: `JobQueue` is injectable everywhere. */
@Global()
@Module({})
export class JobsModule {
  static forRoot(database: DatabaseConnection): DynamicModule {
    return {
      module: JobsModule,
      providers: [{ provide: JOBS_DATABASE, useValue: database }, JobQueue],
      exports: [JobQueue],
    };
  }
}
