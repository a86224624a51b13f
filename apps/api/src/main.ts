import 'reflect-metadata';
import { runEmbeddedDatabaseCommand, runMigrateCommand, runServe } from './bootstrap/run';

const commands: Record<string, () => Promise<void>> = {
  // One process, or WEB_CONCURRENCY workers under a cluster primary.
  serve: runServe,
  // Applies migrations and exits: the Kubernetes Job's and the image's `npm run migrate`.
  migrate: runMigrateCommand,
  // Serves only the embedded database (DATA_DIR) for psql and other clients.
  'embedded-db': runEmbeddedDatabaseCommand,
};
const name = process.argv[2] ?? 'serve';
const command = commands[name];
if (!command) {
  process.stderr.write(`Unknown command "${name}". Use one of: ${Object.keys(commands).join(', ')}.\n`);
  process.exit(2);
}
command().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
