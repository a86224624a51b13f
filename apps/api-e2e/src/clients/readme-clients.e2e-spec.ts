// README's "Use it from your code": its TypeScript, CLI and Python blocks run as written (the built package, the built CLI,
// /usr/bin/python3 with clients/python) against a fresh API, and each leaves the same state behind and fails on drift.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type MonitorClient } from '@stress/client/node';
import { ApiProcess, createTestDatabase, startApi, TestDatabase, WORKSPACE_ROOT } from '@stress/e2e-support';
import { seededRandom } from '@stress/statistics';
import { createKey, http } from '../support/http';

/** The fenced blocks of README's "Use it from your code" section, by language. */
function readmeBlocks(): Record<string, string> {
  const readme = readFileSync(join(WORKSPACE_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Use it from your code\n');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  return Object.fromEntries([...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((match) => [match[1], match[2]]));
}

function csv(seed: number, rows: number, shift: number): string {
  const random = seededRandom(seed);
  const lines = ['tenure,plan'];
  for (let i = 0; i < rows; i++) {
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    lines.push(`${(10 + 3 * gaussian + shift).toFixed(3)},${(shift > 0 ? 'bbbbap' : 'abp')[Math.floor(random() * (shift > 0 ? 6 : 3))]}`);
  }
  return `${lines.join('\n')}\n`;
}

function run(command: string, args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

describe("README's client examples", () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let sdk: MonitorClient;
  let dir: string;
  let env: Record<string, string>;
  const blocks = readmeBlocks();

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000' } });
    const editor = await createKey(api.url, api.adminKey, 'editor');
    sdk = createClient({ baseUrl: api.url, apiKey: editor });
    dir = await mkdtemp(join(tmpdir(), 'readme-clients-'));
    // The files the examples name, and what `npm install` of the package and `pip install ./clients/python` would give.
    await writeFile(join(dir, 'reference.csv'), csv(11, 2000, 0));
    await writeFile(join(dir, 'validation.csv'), csv(12, 2000, 4));
    // Not the TypeScript example's values: equal points would carry its batch's Idempotency-Key, which the API still
    // remembers after the model was deleted, and be answered as a replay.
    const yesterday = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 86_400_000;
    const day = Array.from(
      { length: 24 },
      (_, hour) => `churn,2.0.0,auc,${0.8 + hour / 1000},${new Date(yesterday + hour * 3_600_000).toISOString()}`,
    );
    await writeFile(join(dir, 'day.csv'), `model,version,name,value,timestamp\n${day.join('\n')}\n`);
    await mkdir(join(dir, 'node_modules/@stress'), { recursive: true });
    await symlink(join(WORKSPACE_ROOT, 'dist/libs/client'), join(dir, 'node_modules/@stress/client'), 'dir');
    await mkdir(join(dir, 'bin'));
    await writeFile(
      join(dir, 'bin/stress-monitor'),
      `#!/bin/sh\nexec "${process.execPath}" "${join(WORKSPACE_ROOT, 'dist/libs/client/cli/main.js')}" "$@"\n`,
    );
    await chmod(join(dir, 'bin/stress-monitor'), 0o755);
    env = {
      MONITOR_URL: api.url,
      MONITOR_API_KEY: editor,
      PATH: `${join(dir, 'bin')}:${process.env['PATH'] ?? ''}`,
      PYTHONPATH: join(WORKSPACE_ROOT, 'clients/python'),
    };
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const examples: [string, (file: string) => [string, string[]]][] = [
    ['ts', (file) => [process.execPath, [file]]],
    ['bash', (file) => ['/bin/bash', [file]]],
    ...(existsSync('/usr/bin/python3')
      ? [['python', (file: string) => ['/usr/bin/python3', [file]]] as [string, (file: string) => [string, string[]]]]
      : []),
  ];
  // Without python3 the Python example is skipped with a message (as the Python client's own tests), never silently.
  if (!existsSync('/usr/bin/python3'))
    console.warn('README Python example skipped: /usr/bin/python3 is not installed (apt-get install python3).');

  it.each(examples)('the %s example registers, pushes a day, uploads, and exits 1 on drift', async (language, command) => {
    const code = blocks[language];
    expect({ language, present: typeof code === 'string' }).toEqual({ language, present: true });
    const file = join(dir, { ts: 'example.mjs', bash: 'example.sh', python: 'example.py' }[language] ?? 'example');
    await writeFile(file, code ?? '');
    // Each example registers "churn" from scratch: remove the previous example's.
    await http(api.url, api.adminKey).delete('/api/v1/models/churn');

    const [program, args] = command(file);
    const result = await run(program, args, dir, env);
    expect({ code: result.code, output: result.code === 1 ? '' : result.output }).toEqual({ code: 1, output: '' });

    const model = await sdk.api.modelsGet({ path: { name: 'churn' } });
    expect(model.versions.map((version) => version.version)).toEqual(['2.0.0']);
    const now = Date.now();
    const series = await sdk.api.metricsSeries({
      query: {
        model: 'churn',
        name: 'auc',
        agg: 'count',
        bucket: '1d',
        from: new Date(now - 3 * 86_400_000).toISOString(),
        to: new Date(now).toISOString(),
      },
    });
    expect(series.series.flatMap((s) => s.points).reduce((sum, point) => sum + point.count, 0)).toBe(24);
    const datasets = await sdk.api.datasetsList({ query: { model: 'churn' } });
    expect(datasets.items.map((d) => [d.role, d.rowCount]).sort()).toEqual([
      ['current', 2000],
      ['reference', 2000],
    ]);
    const reports = await sdk.api.driftReportsList({ query: { model: 'churn' } });
    expect(reports.items.map((report) => report.datasetDrift)).toEqual([true]);
  });
});
