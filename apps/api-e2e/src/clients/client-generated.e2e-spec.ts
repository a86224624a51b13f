import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { ApiProcess, createTestDatabase, startApi, TestDatabase, WORKSPACE_ROOT } from '@stress/e2e-support';
import { http } from '../support/http';

const CLIENT = join(WORKSPACE_ROOT, 'libs/client');
const HINT = 'The API and the committed client disagree: run `npm run client:generate` and commit libs/client.';

async function filesUnder(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), await readFile(path, 'utf8'));
  }
  return files;
}

/** Fails when an endpoint changed without `npm run client:generate`: the generated SDK must match the running API. */
describe('generated TypeScript client', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let document: unknown;
  let scratch: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database });
    document = (await http(api.url).get('/api/docs-json').expect(200)).body;
    scratch = await mkdtemp(join(tmpdir(), 'client-generated-'));

    // Start-up takes a few seconds alone, and about a minute on a shared machine running other suites.
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('was generated from the OpenAPI document the running API serves', async () => {
    const committed = JSON.parse(await readFile(join(CLIENT, 'openapi.json'), 'utf8')) as unknown;
    expect({ hint: HINT, document: committed }).toEqual({ hint: HINT, document });
  });

  it('is exactly what the generator makes of that document (no hand edits in src/generated)', async () => {
    const input = join(scratch, 'openapi.json');
    const output = join(scratch, 'generated');
    await writeFile(input, JSON.stringify(document));
    await promisify(execFile)(process.execPath, [join(WORKSPACE_ROOT, 'tools/client/generate.mjs'), '--input', input, '--output', output], {
      cwd: WORKSPACE_ROOT,
    });
    const expected = await filesUnder(output);
    const actual = await filesUnder(join(CLIENT, 'src/generated'));
    expect({ hint: HINT, files: [...actual.keys()].sort() }).toEqual({ hint: HINT, files: [...expected.keys()].sort() });
    expect(expected.size).toBeGreaterThanOrEqual(10);
    for (const [file, text] of expected) {
      expect({ hint: HINT, file, text: actual.get(file) }).toEqual({ hint: HINT, file, text });
    }
  });
});
