import { DataSource } from 'typeorm';
import { DatabaseConnection, databaseOptions } from './database-options';

/** Any constant shared by every replica: serialises concurrent migration runs. */
const MIGRATION_LOCK_ID = 727_411_001;

export interface MigrationOutcome {
  applied: string[];
}

/**
 * Applies pending migrations under an advisory lock, so replicas starting together
 * (or the Kubernetes Job racing a pod) never run the same migration twice.
 */
export async function runMigrations(connection: DatabaseConnection): Promise<MigrationOutcome> {
  const dataSource = new DataSource({ ...databaseOptions(connection), extra: { max: 1 } });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return { applied: applied.map((migration) => migration.name) };
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await dataSource.destroy();
  }
}
