// Regenerates libs/client's generated SDK from the API's OpenAPI document.
//
//   npm run client:generate                 build the API, start it on a fresh embedded database, fetch
//                                          /api/docs-json into libs/client/openapi.json, regenerate
//                                          libs/client/src/generated and format it with prettier
//   node tools/client/generate.mjs --input <openapi.json> --output <dir>
//                                          only the code generation step (used by the drift test,
//                                          which regenerates into a temporary folder and compares)
//
// Deterministic: the same document gives byte-identical files (no timestamps, no versions in headers).
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DOCUMENT = join(ROOT, 'libs/client/openapi.json');
const GENERATED = join(ROOT, 'libs/client/src/generated');
const BIN = join(ROOT, 'node_modules/.bin');

const { values } = parseArgs({ options: { input: { type: 'string' }, output: { type: 'string' }, 'skip-build': { type: 'boolean' } } });

if (values.input || values.output) {
  await generate(resolve(values.input ?? DOCUMENT), resolve(values.output ?? GENERATED));
} else {
  if (!values['skip-build']) {
    execFileSync(join(BIN, 'nx'), ['build', 'api', '--outputStyle=static'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NX_DAEMON: process.env.NX_DAEMON ?? 'false', NX_TUI: 'false' },
    });
  }
  const document = await fetchDocument();
  await writeFile(DOCUMENT, `${JSON.stringify(document, null, 2)}\n`);
  prettier(DOCUMENT);
  await generate(DOCUMENT, GENERATED);
  console.log(`client:generate: ${Object.keys(document.paths).length} paths → ${DOCUMENT} and ${GENERATED}`);
}

/** Starts the built API on a fresh embedded database (the tests' harness) and returns its OpenAPI document. */
async function fetchDocument() {
  const require = createRequire(import.meta.url);
  require('@swc-node/register');
  const { startApi } = require('../../libs/e2e-support/src/index.ts');
  const dataDir = await mkdtemp(join(tmpdir(), 'sam-client-generate-'));
  const api = await startApi({ database: { kind: 'embedded', env: { DATA_DIR: dataDir }, url: null, drop: async () => undefined } });
  try {
    const response = await fetch(`${api.url}/api/docs-json`);
    if (!response.ok) throw new Error(`GET /api/docs-json answered ${response.status}`);
    return await response.json();
  } finally {
    await api.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** @hey-api/openapi-ts: types, SDK functions and the fetch client, then prettier with the workspace's settings. */
async function generate(input, output) {
  const { createClient } = await import('@hey-api/openapi-ts');
  await createClient({
    input,
    output: { path: output, clean: true, postProcess: [], importFileExtension: null },
    logs: { level: 'silent' },
    plugins: [
      { name: '@hey-api/client-fetch', throwOnError: false },
      '@hey-api/typescript',
      { name: '@hey-api/sdk', operations: { strategy: 'flat' } },
    ],
  });
  prettier(output);
  // prettier 3.6 is not idempotent on some call chains: a second pass makes the result stable.
  prettier(output);
}

function prettier(path) {
  execFileSync(
    join(BIN, 'prettier'),
    ['--write', '--log-level', 'warn', '--config', join(ROOT, '.prettierrc'), '--ignore-path', '/dev/null', path],
    { cwd: ROOT, stdio: 'inherit' },
  );
}
