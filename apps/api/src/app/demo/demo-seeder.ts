/**
 * One part of the demo data. DemoModule provides the seeders under DEMO_SEEDERS, in the order they
 * run (later ones may use earlier data).
 */
export interface DemoSeeder {
  /** True when the feature already holds data: then nothing is seeded at all. */
  hasData(): Promise<boolean>;
  seed(): Promise<void>;
}

/** Injection token of the seeders, in run order. */
export const DEMO_SEEDERS = Symbol('DEMO_SEEDERS');
