import type { Type } from '@nestjs/common';
import { RegistryDemoSeeder } from '../../app/metrics/registry-demo.seeder';
import { DriftDemoSeeder } from '../../app/drift-reports/drift-demo.seeder';
import { PerformanceEstimatesDemoSeeder } from '../../app/performance-estimates/performance-estimates-demo.seeder';

/**
 * A feature's part of the demo data. Features provide and export their seeder;
 * DEMO_SEEDERS lists them in the order they run (later ones may use earlier data).
 */
export interface DemoSeeder {
  /** True when the feature already holds data: then nothing is seeded at all. */
  hasData(): Promise<boolean>;
  seed(): Promise<void>;
}

export const DEMO_SEEDERS: Array<Type<DemoSeeder>> = [RegistryDemoSeeder, DriftDemoSeeder, PerformanceEstimatesDemoSeeder];
