import { DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

export interface DatabaseConnection {
  url: string;
  poolSize: number;
  embedded: boolean;
}

/** Options shared by the application and the `migrate` command. */
export function databaseOptions(connection: DatabaseConnection): DataSourceOptions {
  return {
    type: 'postgres',
    url: connection.url,
    migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // A dead database must fail requests fast (503), not hang them.
    connectTimeoutMS: 3_000,
    extra: {
      max: connection.poolSize,
      connectionTimeoutMillis: 3_000,
      idleTimeoutMillis: 30_000,
      // The embedded server has no statement_timeout support worth relying on; on a
      // real server, bound every statement so a runaway query cannot pin a connection.
      ...(connection.embedded ? {} : { statement_timeout: 30_000 }),
      application_name: 'stress-ai-monitoring',
    },
  };
}
