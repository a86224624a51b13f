import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfigService } from '../../config/app-config.service';
import { DEMO_SEEDERS, DemoSeeder } from './demo-seeder';

const SEED_LOCK_ID = 727_411_002;

/** With SEED_DEMO on and an empty database, fills it with the stress-detector demo. */
@Injectable()
export class DemoSeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    private readonly config: AppConfigService,
    private readonly dataSource: DataSource,
    @Inject(DEMO_SEEDERS) private readonly seeders: DemoSeeder[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedDemo || this.seeders.length === 0) return;
    // Replicas starting together must not seed twice: one holds the lock, the others then see data.
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [SEED_LOCK_ID]);
      for (const seeder of this.seeders) {
        if (await seeder.hasData()) {
          this.logger.log('Demo data not seeded: the database already holds data.');
          return;
        }
      }
      const started = Date.now();
      for (const seeder of this.seeders) await seeder.seed();
      this.logger.log(`Demo data seeded in ${Date.now() - started} ms (SEED_DEMO=false turns this off).`);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [SEED_LOCK_ID]).catch(() => undefined);
      await runner.release();
    }
  }
}
