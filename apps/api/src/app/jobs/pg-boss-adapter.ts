// pg-boss is an ES module: the bundled API loads it with require() (Node 22.12+), but Jest cannot.
// Only job-queue.service.ts imports this file. Unit specs must not reach it, also not through a service that injects
// JobQueue (AuditService, and so ModelsService): keep the pure functions they test in files without such imports.
import { PgBoss } from 'pg-boss';

export { PgBoss };
export type { Job, QueuePolicy, SendOptions } from 'pg-boss';
