// The built package (`npx nx build client` → dist/libs/client) as other projects get it: its ES module entries loaded by
// Node's own loader against the running API, its "exports" conditions, and the browser entry's import graph.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import * as ts from 'typescript';
import { ApiProcess, createTestDatabase, startApi, TestDatabase, WORKSPACE_ROOT } from '@stress/e2e-support';
import { createKey } from '../support/http';

const PACKAGE = join(WORKSPACE_ROOT, 'dist/libs/client');
const ESM = join(PACKAGE, 'esm');

/** Every module an entry reaches through static and dynamic imports: the files, and the specifiers that name no file. */
function importGraph(entry: string): { files: string[]; external: string[] } {
  const files = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) {
        external.add(fileName);
        continue;
      }
      const target = resolve(dirname(file), fileName);
      // ES modules resolve exactly what they name: a specifier without its file (no extension) fails in Node and browsers.
      expect({ from: relative(PACKAGE, file), specifier: fileName, exists: existsSync(target) }).toEqual(
        expect.objectContaining({ exists: true }),
      );
      visit(target);
    }
  };
  visit(entry);
  return { files: [...files].map((file) => relative(PACKAGE, file)), external: [...external].sort() };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function node(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, args, { cwd, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolvePromise({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

describe('the built @stress/client package', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let editor: string;
  let dir: string;

  beforeAll(async () => {
    expect({ built: existsSync(join(ESM, 'index.js')) }).toEqual({ built: true }); // npx nx build client
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000' } });
    editor = await createKey(api.url, api.adminKey, 'editor');
    // A project that installed the package: node_modules/@stress/client → dist/libs/client.
    dir = await mkdtemp(join(tmpdir(), 'client-esm-'));
    await mkdir(join(dir, 'node_modules/@stress'), { recursive: true });
    await symlink(PACKAGE, join(dir, 'node_modules/@stress/client'), 'dir');
    await writeFile(join(dir, 'package.json'), '{ "type": "module" }\n');
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('the browser entry imports no Node built-in and no package; the Node entry adds node:fs and node:path only', () => {
    const browser = importGraph(join(ESM, 'index.js'));
    expect(browser.external).toEqual([]);
    expect(browser.files).toEqual(
      expect.arrayContaining(['esm/index.js', 'esm/lib/client.js', 'esm/lib/upload.js', 'esm/generated/sdk.gen.js']),
    );
    expect(browser.files.filter((file) => file.includes('cli/') || file.includes('node'))).toEqual([]);
    const nodeEntry = importGraph(join(ESM, 'node.js'));
    expect(nodeEntry.external).toEqual(['node:fs', 'node:fs/promises', 'node:path']);
    expect(JSON.parse(readFileSync(join(ESM, 'package.json'), 'utf8'))).toEqual(expect.objectContaining({ type: 'module' }));
  });

  it('"exports": browsers get esm/index.js, Node gets esm/node.js (import) or node.js (require), /node by name', async () => {
    const resolveIn = (conditions: string[], code: string) =>
      node([...conditions.map((c) => `--conditions=${c}`), '--input-type=module', '-e', code], dir).then((run) => {
        expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
        return relative(PACKAGE, run.stdout.trim().replace(/^file:\/\//, ''));
      });
    const importOf = (specifier: string) => `console.log(import.meta.resolve('${specifier}'))`;
    const requireOf = (specifier: string) =>
      `import { createRequire } from 'node:module'; console.log(createRequire(import.meta.url).resolve('${specifier}'))`;
    expect(await resolveIn([], importOf('@stress/client'))).toBe('esm/node.js');
    expect(await resolveIn([], requireOf('@stress/client'))).toBe('node.js');
    expect(await resolveIn([], importOf('@stress/client/node'))).toBe('esm/node.js');
    expect(await resolveIn(['browser'], importOf('@stress/client'))).toBe('esm/index.js');
  });

  it('npm pack holds both builds, the types and the executable stress-monitor bin', async () => {
    const packed = await new Promise<{ code: number; stdout: string }>((done) =>
      execFile('npm', ['pack', '--dry-run', '--json', PACKAGE], { cwd: dir }, (error, stdout) => done({ code: error ? 1 : 0, stdout })),
    );
    expect(packed.code).toBe(0);
    const [tarball] = JSON.parse(packed.stdout) as { name: string; files: { path: string; mode: number }[] }[];
    const files = new Map(tarball?.files.map((file) => [file.path, file.mode]));
    expect(tarball?.name).toBe('@stress/client');
    for (const path of [
      'index.js',
      'index.d.ts',
      'node.js',
      'node.d.ts',
      'esm/index.js',
      'esm/index.d.ts',
      'esm/node.js',
      'esm/node.d.ts',
      'esm/package.json',
      'README.md',
    ]) {
      expect({ path, packed: files.has(path) }).toEqual({ path, packed: true });
    }
    expect((files.get('cli/main.js') ?? 0) & 0o111).not.toBe(0);
    const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(manifest.bin).toEqual({ 'stress-monitor': './cli/main.js' });
  });

  it('the ES module entries work against the API: registry, metrics with Web Crypto keys, Blob and path uploads, ApiError', async () => {
    const csvPath = join(dir, 'sample.csv');
    await writeFile(csvPath, 'x,color\n1.5,r\n2.5,g\n3.5,b\n');
    const script = `
      const browser = await import(${JSON.stringify(join(ESM, 'index.js'))});
      const installed = await import('@stress/client');
      const required = (await import('node:module')).createRequire(import.meta.url)('@stress/client');
      const options = { baseUrl: process.env.MONITOR_URL, apiKey: process.env.MONITOR_API_KEY, retry: { baseDelayMs: 10 } };
      const monitor = browser.createClient(options);
      const out = {};
      await monitor.api.modelsCreate({ body: { name: 'esm-model', task: 'regression' } });
      await monitor.api.modelsCreateVersion({ path: { name: 'esm-model' }, body: { version: '1.0.0' } });
      out.models = (await monitor.listModels({ search: 'esm-' })).items.map((m) => m.name);
      const points = [1, 2, 3].map((value) => ({ model: 'esm-model', version: '1.0.0', name: 'rmse', value }));
      out.first = await monitor.logMetrics(points);
      out.again = await monitor.logMetrics(points);
      const blob = new Blob(['x,color\\n1.5,r\\n2.5,g\\n']);
      const fromBlob = await monitor.uploadDataset(blob, { name: 'blob', model: 'esm-model', version: '1.0.0', role: 'reference' });
      out.blob = [fromBlob.name, fromBlob.rowCount];
      out.pathInBrowserEntry = await monitor.uploadDataset(${JSON.stringify(csvPath)}, { name: 'no' }).then(() => 'uploaded', (e) => e.constructor.name);
      const fromPath = await installed.createClient(options).uploadDataset(${JSON.stringify(csvPath)}, { name: 'path', role: 'other' });
      out.path = [fromPath.name, fromPath.rowCount];
      const fromRequire = await required.createClient(options).uploadDataset(${JSON.stringify(csvPath)}, { name: 'require', role: 'other' });
      out.require = [fromRequire.name, fromRequire.rowCount];
      const error = await monitor.getDriftReport('00000000-0000-4000-8000-000000000000').catch((e) => e);
      out.error = { isApiError: error instanceof browser.ApiError, statusCode: error.statusCode, requestId: typeof error.requestId };
      console.log(JSON.stringify(out));
    `;
    const run = await node(['--input-type=module', '-e', script], dir, { MONITOR_URL: api.url, MONITOR_API_KEY: editor });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toEqual({
      models: ['esm-model'],
      first: { accepted: 3, batches: 1, replayed: 0 },
      again: { accepted: 3, batches: 1, replayed: 1 },
      blob: ['blob', 2],
      pathInBrowserEntry: 'TypeError',
      path: ['path', 3],
      require: ['require', 3],
      error: { isApiError: true, statusCode: 404, requestId: 'string' },
    });
  });
});
