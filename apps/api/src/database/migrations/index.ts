import { MigrationInterface } from 'typeorm';
import { Foundation1764172800000 } from './1764172800000-Foundation';
import { DatasetsAndDrift1764345600000 } from './1764345600000-DatasetsAndDrift';

/**
 * Every migration, in order. Listed explicitly: the API is bundled, so glob paths
 * would find nothing at run time. Add new migrations at the end.
 */
export const migrations: Array<new () => MigrationInterface> = [
  Foundation1764172800000,
  DatasetsAndDrift1764345600000,
];
