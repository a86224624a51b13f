import { Module } from '@nestjs/common';
import { StatisticsPool } from './statistics-pool.service';

/** Worker threads for the numeric work of datasets, drift reports and quality. */
@Module({ providers: [StatisticsPool], exports: [StatisticsPool] })
export class StatisticsModule {}
