// What the benchmarks share with the tests: the harness that starts the built API
// (libs/e2e-support) and the seeded PRNG (libs/statistics), loaded from their TypeScript
// sources through @swc-node/register, as tools/bench/statistics-bench.ts is run.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('@swc-node/register');

/** @type {typeof import('../../libs/e2e-support/src/index')} */
const e2eSupport = require('../../libs/e2e-support/src/index.ts');
/** @type {typeof import('../../libs/statistics/src/lib/random')} */
const random = require('../../libs/statistics/src/lib/random.ts');

export const { startApi, freePort, API_MAIN, WORKSPACE_ROOT } = e2eSupport;
export const { seededRandom } = random;

/** BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the API's node, for profiling. */
export function benchNodeArgs() {
  return (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
}

/** A database the API should use, in the harness's terms, for a connection string the benchmark manages itself. */
export function postgresAt(url) {
  return { kind: 'postgres', env: { DATABASE_URL: url }, url, drop: async () => undefined };
}

/** An embedded database in `dataDir`, managed by the benchmark. */
export function embeddedIn(dataDir) {
  return { kind: 'embedded', env: { DATA_DIR: dataDir }, url: null, drop: async () => undefined };
}
