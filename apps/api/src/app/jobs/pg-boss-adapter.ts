// pg-boss is an ES module: the bundled API loads it with require() (Node 22.12+), but Jest cannot.
// Only job-queue.service.ts imports this file, and no unit spec imports that service.
import { PgBoss } from 'pg-boss';

export { PgBoss };
export type { Job, QueuePolicy, SendOptions } from 'pg-boss';
