import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError, type MetricPointInputDto } from '@stress/client';
// The Node entry: uploadDataset also takes a path (the browser entry, '@stress/client', takes Blobs and streams).
import { createClient, type MonitorClient } from '@stress/client/node';
import { ApiProcess, createTestDatabase, startApi, TestDatabase, WORKSPACE_ROOT } from '@stress/e2e-support';
import { seededRandom } from '@stress/statistics';
import { createKey, expectErrorShape } from '../support/http';

const CLI = join(WORKSPACE_ROOT, 'dist/libs/client/cli/main.js');
const PYTHON = '/usr/bin/python3';
const FEATURES = [
  { name: 'x', type: 'numerical' as const, role: 'feature' as const },
  { name: 'color', type: 'categorical' as const, role: 'feature' as const },
];

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: Record<string, string>, cwd = WORKSPACE_ROOT): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Two samples of `rows` rows (x numerical, color categorical); `shift` moves x and skews color. */
function csv(seed: number, rows: number, shift: number): string {
  const random = seededRandom(seed);
  const lines = ['x,color'];
  for (let i = 0; i < rows; i++) {
    const gaussian = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const colors = shift > 0 ? 'rrrrgb' : 'rgb';
    lines.push(`${(gaussian + shift).toFixed(6)},${colors[Math.floor(random() * colors.length)]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Stored points of one metric over the last two days, counted by the API. */
async function storedCount(client: MonitorClient, model: string, name: string): Promise<number> {
  const now = Date.now();
  const answer = await client.api.metricsSeries({
    query: {
      model,
      name,
      agg: 'count',
      bucket: '1d',
      from: new Date(now - 2 * 86_400_000).toISOString(),
      to: new Date(now + 3_600_000).toISOString(),
    },
  });
  return answer.series.flatMap((series) => series.points).reduce((sum, point) => sum + point.count, 0);
}

function points(model: string, name: string, count: number): MetricPointInputDto[] {
  const now = Math.floor(Date.now() / 1000) * 1000;
  return Array.from({ length: count }, (_, i) => ({
    model,
    version: '1.0.0',
    name,
    value: (i * 7) % 97,
    timestamp: new Date(now - 5000 * i).toISOString(),
  }));
}

describe('clients against the running API', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let editor: string;
  let sdk: MonitorClient;
  let dir: string;
  let cliEnv: Record<string, string>;
  const model = 'client-sdk';

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000', ALERTS_EVAL_INTERVAL_MS: '1000' } });
    editor = await createKey(api.url, api.adminKey, 'editor');
    sdk = createClient({ baseUrl: api.url, apiKey: editor, retry: { baseDelayMs: 10 } });
    dir = await mkdtemp(join(tmpdir(), 'clients-e2e-'));
    cliEnv = { MONITOR_URL: api.url, MONITOR_API_KEY: editor };
    await sdk.api.modelsCreate({ body: { name: model, task: 'binary-classification' } });
    await sdk.api.modelsCreateVersion({ path: { name: model }, body: { version: '1.0.0', features: FEATURES } });

    // Start-up takes a few seconds alone, and about a minute on a shared machine running other suites.
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  describe('TypeScript SDK', () => {
    it('logs 10,001 points in two batches, and a re-run stores nothing twice', async () => {
      const batch = points(model, 'latency_ms', 10_001);
      expect(await sdk.logMetrics(batch)).toEqual({ accepted: 10_001, batches: 2, replayed: 0 });
      expect(await sdk.logMetrics(batch)).toEqual({ accepted: 10_001, batches: 2, replayed: 2 });
      expect(await storedCount(sdk, model, 'latency_ms')).toBe(10_001);
    });

    it('retries after a scripted 429 (Retry-After) and 503, and the retried batch is stored once', async () => {
      const script = [
        { status: 429, headers: { 'Retry-After': '1' } },
        { status: 503, headers: {} },
      ];
      let seen = 0;
      const proxy: Server = createServer((request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (chunk: Buffer) => chunks.push(chunk));
        request.on('end', () => {
          const scripted = script[seen++];
          if (scripted) {
            response.writeHead(scripted.status, { 'Content-Type': 'application/json', ...scripted.headers });
            response.end(
              JSON.stringify({
                statusCode: scripted.status,
                error: 'scripted',
                message: 'scripted failure',
                requestId: `scripted-${seen}`,
              }),
            );
            return;
          }
          const headers = Object.fromEntries(
            Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name)),
          ) as Record<string, string>;
          void fetch(`${api.url}${request.url}`, {
            method: request.method,
            headers,
            body: chunks.length ? Buffer.concat(chunks) : undefined,
          }).then(async (answer) => {
            response.writeHead(answer.status, Object.fromEntries(answer.headers));
            response.end(Buffer.from(await answer.arrayBuffer()));
          });
        });
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      try {
        const throughProxy = createClient({
          baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
          apiKey: editor,
          retry: { baseDelayMs: 10 },
        });
        const started = Date.now();
        expect(await throughProxy.logMetrics(points(model, 'retried', 3))).toEqual({ accepted: 3, batches: 1, replayed: 0 });
        expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
        expect(seen).toBe(3);
        expect(await storedCount(sdk, model, 'retried')).toBe(3);
      } finally {
        await new Promise<void>((resolve) => proxy.close(() => resolve()));
      }
    });

    it('streams a CSV upload from disk with progress up to the file size', async () => {
      const path = join(dir, 'sdk-reference.csv');
      await writeFile(path, csv(1, 30_000, 0));
      const { size } = await stat(path);
      const progress: { loaded: number; total?: number }[] = [];
      const dataset = await sdk.uploadDataset(
        path,
        { name: 'sdk reference', model, version: '1.0.0', role: 'reference' },
        { onProgress: (p) => progress.push(p) },
      );
      expect([dataset.rowCount, dataset.sizeBytes, dataset.role]).toEqual([30_000, size, 'reference']);
      expect(progress[progress.length - 1]).toEqual({ loaded: size, total: size });
      expect(progress.length).toBeGreaterThan(2);
      expect(progress.every((p, i) => i === 0 || p.loaded >= (progress[i - 1]?.loaded ?? 0))).toBe(true);
    });

    it('raises ApiError with the API error shape (404 and 400 with details)', async () => {
      const missing = (await sdk.getDriftReport('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e)) as ApiError;
      expect(missing).toBeInstanceOf(ApiError);
      expect(missing.statusCode).toBe(404);
      expect(missing.requestId).toMatch(/\S+/);
      const invalid = (await sdk
        .logMetrics([{ model, version: '1.0.0', name: 'bad name!', value: 1 }])
        .catch((e: unknown) => e)) as ApiError;
      expect(invalid).toBeInstanceOf(ApiError);
      expect(invalid.statusCode).toBe(400);
      expect(Array.isArray(invalid.details)).toBe(true);
      expectErrorShape(
        {
          statusCode: invalid.statusCode,
          error: invalid.error,
          message: invalid.message,
          details: invalid.details,
          requestId: invalid.requestId,
        },
        400,
      );
    });

    it('logs predictions in batches (a re-run only finds duplicates) and actuals', async () => {
      const rows = Array.from({ length: 25 }, (_, i) => ({
        id: `sdk-${i}`,
        features: { x: i / 10, color: 'rgb'[i % 3] },
        prediction: i % 2,
        probability: (i % 10) / 10,
      }));
      expect(await sdk.logPredictions(model, '1.0.0', rows, { batchSize: 10 })).toEqual({ accepted: 25, duplicates: 0, batches: 3 });
      expect(await sdk.logPredictions(model, '1.0.0', rows)).toEqual({ accepted: 0, duplicates: 25, batches: 1 });
      const actuals = [...Array.from({ length: 20 }, (_, i) => ({ id: `sdk-${i}`, actual: 1 })), { id: 'sdk-later', actual: 0 }];
      expect(await sdk.logActuals(model, actuals)).toEqual({ accepted: 21, matched: 20, pending: 1, batches: 1 });
    });
  });

  describe('stress-monitor CLI', () => {
    const cli = (...args: string[]) => run(process.execPath, [CLI, ...args], cliEnv);
    const json = <T>(result: CliResult): T => {
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      return JSON.parse(result.stdout) as T;
    };

    it('registers a model and a version, stages it and lists models (--json and tables)', async () => {
      const created = json<{ name: string; task: string; tags: string[] }>(
        await cli('--json', 'models', 'create', 'cli-model', '--task', 'binary-classification', '--owner', 'ci', '--tag', 'a', 'b'),
      );
      expect(created).toEqual(expect.objectContaining({ name: 'cli-model', task: 'binary-classification', tags: ['a', 'b'] }));
      expect(
        json<{ version: string }>(await cli('--json', 'versions', 'create', 'cli-model', '2.0.0', '--framework', 'sklearn')).version,
      ).toBe('2.0.0');
      expect(json<{ stage: string }>(await cli('--json', 'versions', 'stage', 'cli-model', '2.0.0', 'production')).stage).toBe(
        'production',
      );
      const listed = json<{ items: { name: string; productionVersion: string | null }[]; total: number }>(
        await cli('--json', 'models', 'list', '--search', 'cli-'),
      );
      expect(listed.items.map((m) => [m.name, m.productionVersion])).toEqual([['cli-model', '2.0.0']]);
      const table = await cli('models', 'list');
      expect(table.code).toBe(0);
      expect(table.stdout.split('\n')[0]).toMatch(/^NAME\s+TASK\s+OWNER\s+PRODUCTION\s+TAGS$/);
      expect(table.stdout).toMatch(/cli-model\s+binary-classification\s+ci\s+2\.0\.0\s+a,b/);
    });

    it('metrics push: a CSV pushed twice stores each point once', async () => {
      const now = Math.floor(Date.now() / 1000) * 1000;
      const lines = ['model,version,name,value,timestamp,label.region'];
      for (let i = 0; i < 12_345; i++)
        lines.push(`${model},1.0.0,cli_points,${i % 13},${new Date(now - 3000 * i).toISOString()},${i % 2 ? 'eu' : 'us'}`);
      const file = join(dir, 'points.csv');
      await writeFile(file, `${lines.join('\n')}\n`);
      expect(
        json<{ points: number; accepted: number; batches: number; replayed: number }>(await cli('--json', 'metrics', 'push', file)),
      ).toEqual({
        points: 12_345,
        accepted: 12_345,
        batches: 2,
        replayed: 0,
      });
      expect(json<{ replayed: number }>(await cli('--json', 'metrics', 'push', file)).replayed).toBe(2);
      expect(await storedCount(sdk, model, 'cli_points')).toBe(12_345);
    });

    it('datasets upload/list and drift run --fail-on-drift: exit 1 on drift, 0 without', async () => {
      const reference = join(dir, 'reference.csv');
      const current = join(dir, 'current.csv');
      await writeFile(reference, csv(2, 3000, 0));
      await writeFile(current, csv(3, 3000, 3));
      const upload = (file: string, role: string) =>
        cli('--json', 'datasets', 'upload', file, '--model', model, '--version', '1.0.0', '--role', role).then((r) =>
          json<{ id: string; rowCount: number }>(r),
        );
      const ref = await upload(reference, 'reference');
      const cur = await upload(current, 'current');
      expect([ref.rowCount, cur.rowCount]).toEqual([3000, 3000]);
      const listed = json<{ items: { id: string }[] }>(await cli('--json', 'datasets', 'list', '--model', model, '--role', 'current'));
      expect(listed.items.map((d) => d.id)).toEqual([cur.id]);

      const drifted = await cli('drift', 'run', '--reference', ref.id, '--current', cur.id, '--fail-on-drift');
      expect(drifted.code).toBe(1);
      expect(drifted.stdout).toMatch(/^COLUMN\s+TYPE\s+TEST\s+STATISTIC\s+P-VALUE\s+THRESHOLD\s+DRIFTED/);
      expect(drifted.stdout).toMatch(/2\/2 columns drifted.*DATASET DRIFT/);
      const report = JSON.parse((await cli('--json', 'drift', 'run', '--reference', ref.id, '--current', cur.id)).stdout) as {
        datasetDrift: boolean;
        id: string;
      };
      expect(report.datasetDrift).toBe(true);
      expect(json<{ id: string }>(await cli('--json', 'drift', 'get', report.id)).id).toBe(report.id);

      const psi = json<{ columns: { stattest: string; threshold: number }[] }>(
        await cli('--json', 'drift', 'run', '--reference', ref.id, '--current', cur.id, '--stattest', 'psi', '--threshold', '0.2'),
      );
      expect(psi.columns.map((c) => [c.stattest, c.threshold])).toEqual([
        ['psi', 0.2],
        ['psi', 0.2],
      ]);
      const same = await cli('drift', 'run', '--reference', ref.id, '--current', ref.id, '--fail-on-drift');
      expect(same.code).toBe(0);
      expect(same.stdout).toMatch(/0\/2 columns drifted.*no dataset drift/);
    });

    it('predictions push and actuals push (JSON Lines); a re-run finds duplicates only', async () => {
      const predictions = join(dir, 'predictions.jsonl');
      await writeFile(
        predictions,
        Array.from({ length: 12 }, (_, i) => JSON.stringify({ id: `cli-${i}`, features: { x: i, color: 'r' }, prediction: 1 })).join('\n'),
      );
      expect(
        json<{ accepted: number; duplicates: number }>(
          await cli('--json', 'predictions', 'push', predictions, '--model', model, '--version', '1.0.0'),
        ),
      ).toEqual(expect.objectContaining({ rows: 12, accepted: 12, duplicates: 0 }));
      expect(
        json<{ duplicates: number }>(await cli('--json', 'predictions', 'push', predictions, '--model', model, '--version', '1.0.0'))
          .duplicates,
      ).toBe(12);
      const actuals = join(dir, 'actuals.jsonl');
      await writeFile(actuals, Array.from({ length: 12 }, (_, i) => JSON.stringify({ id: `cli-${i}`, actual: i % 2 })).join('\n'));
      expect(json<{ matched: number }>(await cli('--json', 'actuals', 'push', actuals, '--model', model))).toEqual(
        expect.objectContaining({ accepted: 12, matched: 12, pending: 0 }),
      );
    });

    it('predictions push and actuals push (CSV): features typed by the version, a re-run finds duplicates only', async () => {
      const now = Date.now();
      const predictions = join(dir, 'predictions.csv');
      const lines = ['id,timestamp,prediction,probability,x,color'];
      for (let i = 0; i < 10; i++)
        lines.push(`csv-${i},${new Date(now - 60_000 * i).toISOString()},${i % 2},0.${i},${i}.5,"${'rg'[i % 2]}"`);
      lines.push('csv-10,,1,,,');
      await writeFile(predictions, `${lines.join('\n')}\n`);
      const push = () => cli('--json', 'predictions', 'push', predictions, '--model', model, '--version', '1.0.0');
      expect(json<object>(await push())).toEqual({ rows: 11, accepted: 11, duplicates: 0, batches: 1 });
      expect(json<object>(await push())).toEqual({ rows: 11, accepted: 0, duplicates: 11, batches: 1 });
      const stored = await sdk.api.predictionsList({ path: { name: model, version: '1.0.0' }, query: { limit: 200 } });
      const byId = new Map(stored.items.map((row) => [row.id, row]));
      expect(byId.get('csv-3')).toEqual(
        expect.objectContaining({
          features: { x: 3.5, color: 'g' },
          prediction: 1,
          probability: 0.3,
          timestamp: new Date(now - 180_000).toISOString(),
        }),
      );
      expect(byId.get('csv-10')).toEqual(expect.objectContaining({ features: { x: null, color: null }, prediction: 1, probability: null }));

      const actuals = join(dir, 'actuals.csv');
      await writeFile(
        actuals,
        `id,actual,timestamp\n${Array.from({ length: 10 }, (_, i) => `csv-${i},${(i + 1) % 2},`).join('\n')}\ncsv-later,1,\n`,
      );
      expect(json<object>(await cli('--json', 'actuals', 'push', actuals, '--model', model))).toEqual({
        rows: 11,
        accepted: 11,
        matched: 10,
        pending: 1,
        batches: 1,
      });
      // The OpenAPI document types hasActual as an object (the swagger plugin and the 'true' | 'false' union): hence the cast.
      const joined = await sdk.api.predictionsList({
        path: { name: model, version: '1.0.0' },
        query: { hasActual: 'true' as never, limit: 200 },
      });
      expect(joined.items.find((row) => row.id === 'csv-2')?.actual).toBe(1);

      const missing = join(dir, 'no-prediction.csv');
      await writeFile(missing, 'id,x,color\nr1,1,r\n');
      const noPrediction = await cli('predictions', 'push', missing, '--model', model, '--version', '1.0.0');
      expect([noPrediction.code, noPrediction.stderr]).toEqual([
        2,
        'error: no-prediction.csv: the CSV header needs id,prediction[,probability][,timestamp][,<feature>…]; "prediction" is missing\n',
      ]);
      const undeclared = join(dir, 'undeclared.csv');
      await writeFile(undeclared, 'id,prediction,x,age\nr1,1,2,30\n');
      const notDeclared = await cli('predictions', 'push', undeclared, '--model', model, '--version', '1.0.0');
      expect([notDeclared.code, notDeclared.stderr]).toEqual([
        2,
        expect.stringMatching(/column\(s\) age are not declared features of this version \(declared: x, color\)/),
      ]);
      const noActual = join(dir, 'no-actual.csv');
      await writeFile(noActual, 'id,label\nr1,1\n');
      const noActualRun = await cli('actuals', 'push', noActual, '--model', model);
      expect([noActualRun.code, noActualRun.stderr]).toEqual([
        2,
        'error: no-actual.csv: the CSV header needs id,actual[,timestamp]; "actual" is missing\n',
      ]);
    });

    it('alerts list: every enabled rule, firing first, as a table and --json, filtered by --model, --state, --severity', async () => {
      await sdk.api.modelsCreate({ body: { name: 'alerts-model', task: 'regression' } });
      const rule = (name: string, target: string, threshold: number, severity: 'critical' | 'warning' | 'info') =>
        sdk.api.alertRulesCreate({
          body: {
            name,
            model: target,
            version: '1.0.0',
            metric: 'alert_value',
            agg: 'max',
            window: '1h',
            op: 'gt',
            threshold,
            for: '0s',
            severity,
          },
        });
      const high = await rule('value high', model, 5, 'critical');
      const huge = await rule('value huge', model, 1000, 'info');
      const other = await rule('other model', 'alerts-model', 5, 'warning');
      await sdk.logMetrics([
        { model, version: '1.0.0', name: 'alert_value', value: 10, timestamp: new Date(Date.now() - 1000).toISOString() },
      ]);
      const deadline = Date.now() + 60_000;
      while ((await sdk.listAlerts({ state: 'firing' })).items.length === 0 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 250));

      const all = json<{ items: { ruleId: string; state: string }[]; firing: number }>(await cli('--json', 'alerts', 'list'));
      expect(all.firing).toBe(1);
      expect(all.items[0]).toEqual(expect.objectContaining({ ruleId: high.id, state: 'firing' }));
      expect(all.items.map((a) => a.ruleId).sort()).toEqual([high.id, huge.id, other.id].sort());
      const table = await cli('alerts', 'list');
      expect(table.code).toBe(0);
      const rows = table.stdout.split('\n');
      expect(rows[0]).toMatch(/^STATE\s+SEVERITY\s+RULE\s+MODEL\s+VERSION\s+CONDITION\s+VALUE\s+SINCE$/);
      expect(rows[2]).toMatch(/^firing\s+critical\s+value high\s+client-sdk\s+1\.0\.0\s+alert_value > 5\s+10\s+\S+$/);
      expect(table.stdout).toMatch(/\n1 firing of 3 rules\n$/);

      const ids = async (...args: string[]) =>
        json<{ items: { ruleId: string }[] }>(await cli('--json', 'alerts', 'list', ...args)).items.map((a) => a.ruleId);
      expect(await ids('--state', 'firing')).toEqual([high.id]);
      expect(await ids('--model', 'alerts-model')).toEqual([other.id]);
      expect(await ids('--severity', 'info', 'warning', '--model', model)).toEqual([huge.id]);
      expect((await cli('alerts', 'list', '--state', 'burning')).code).toBe(2);
      expect(await sdk.listAlerts({ model, state: ['firing', 'normal'] })).toEqual(
        expect.objectContaining({
          firing: 1,
          items: [expect.objectContaining({ ruleId: high.id }), expect.objectContaining({ ruleId: huge.id })],
        }),
      );
    });

    it('--help on every command, exit 0; the push commands document their CSV header', async () => {
      const commands = [
        [],
        ['models'],
        ['models', 'list'],
        ['models', 'create'],
        ['versions'],
        ['versions', 'create'],
        ['versions', 'stage'],
        ['metrics'],
        ['metrics', 'push'],
        ['datasets'],
        ['datasets', 'upload'],
        ['datasets', 'list'],
        ['drift'],
        ['drift', 'run'],
        ['drift', 'get'],
        ['predictions'],
        ['predictions', 'push'],
        ['actuals'],
        ['actuals', 'push'],
        ['alerts'],
        ['alerts', 'list'],
      ];
      const helps = await Promise.all(commands.map((command) => cli(...command, '--help')));
      expect(helps.map((help, i) => [commands[i]?.join(' '), help.code, help.stdout.split('\n')[0]])).toEqual(
        commands.map((command) => [command.join(' '), 0, expect.stringMatching(new RegExp(`^Usage: stress-monitor ${command.join(' ')}`))]),
      );
      const top = helps[0]?.stdout ?? '';
      for (const option of ['--url <url>', '--api-key <key>', '--json', '--quiet']) expect(top).toContain(option);
      expect(top).toMatch(/env:\s+MONITOR_URL/);
      expect(top).toMatch(/env:\s+MONITOR_API_KEY/);
      expect(helps[16]?.stdout).toContain('CSV: header id,prediction[,probability][,timestamp][,<feature>…]');
      expect(helps[18]?.stdout).toContain('CSV: header id,actual[,timestamp]');
    });

    it('draws a progress bar on a terminal; --quiet draws none and prints no table', async () => {
      const lines = ['model,version,name,value'];
      for (let i = 0; i < 2500; i++) lines.push(`${model},1.0.0,tty_points,${i}`);
      const file = join(dir, 'tty.csv');
      await writeFile(file, `${lines.join('\n')}\n`);
      // script(1) gives the CLI a pseudo-terminal, so stderr is a TTY as in an interactive shell.
      const inTerminal = (...args: string[]) =>
        run('/usr/bin/script', ['-qec', [process.execPath, CLI, ...args].map((arg) => `'${arg}'`).join(' '), '/dev/null'], cliEnv);
      const loud = await inTerminal('metrics', 'push', '--batch-size', '1000', file);
      expect(loud.code).toBe(0);
      expect(loud.stdout).toMatch(/points \[=+\] 100% 2500\/2500/);
      expect(loud.stdout).toMatch(/POINTS\s+BATCHES/);
      const upload = join(dir, 'tty-upload.csv');
      await writeFile(upload, csv(5, 20_000, 0));
      const uploaded = await inTerminal('datasets', 'upload', upload, '--model', model, '--version', '1.0.0', '--role', 'other');
      expect(uploaded.code).toBe(0);
      expect(uploaded.stdout).toMatch(new RegExp(`bytes \\[=+\\] 100% ${(await stat(upload)).size}/${(await stat(upload)).size}`));
      const quiet = await inTerminal('--quiet', 'metrics', 'push', '--batch-size', '1000', file);
      expect([quiet.code, quiet.stdout]).toEqual([0, '']);
      expect(await storedCount(sdk, model, 'tty_points')).toBe(2500);
    });

    it('exits 2 on usage errors, 3 on API errors (with the request id) and on network errors', async () => {
      const missingOption = await cli('drift', 'run', '--reference', 'x');
      expect(missingOption.code).toBe(2);
      expect(missingOption.stderr).toMatch(/required option '--current <id>'/);
      expect((await cli('models', 'nonsense')).code).toBe(2);
      expect((await cli('metrics', 'push', join(dir, 'absent.csv'))).code).toBe(2);
      const absentUpload = await cli(
        'datasets',
        'upload',
        join(dir, 'absent.csv'),
        '--model',
        model,
        '--version',
        '1.0.0',
        '--role',
        'current',
      );
      expect([absentUpload.code, absentUpload.stderr]).toEqual([2, expect.stringMatching(/cannot read .*absent\.csv: ENOENT/)]);
      const badCsv = join(dir, 'bad.csv');
      await writeFile(badCsv, 'model,version,name,value\nm,1,a,abc\n');
      const bad = await cli('metrics', 'push', badCsv);
      expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/line 2: value "abc"/)]);

      const notFound = await cli('versions', 'stage', 'no-such-model', '1', 'production');
      expect(notFound.code).toBe(3);
      expect(notFound.stderr).toMatch(/HTTP 404, request id \S+/);
      const unauthorised = await run(process.execPath, [CLI, 'models', 'list'], { MONITOR_URL: api.url, MONITOR_API_KEY: 'wrong' });
      expect([unauthorised.code, unauthorised.stderr]).toEqual([3, expect.stringMatching(/HTTP 401/)]);
      // --url and --api-key win over MONITOR_URL and MONITOR_API_KEY.
      const flags = await run(process.execPath, [CLI, '--url', api.url, '--api-key', editor, '--json', 'models', 'list'], {
        MONITOR_URL: 'http://127.0.0.1:9',
        MONITOR_API_KEY: 'wrong',
      });
      expect([flags.code, (JSON.parse(flags.stdout) as { total: number }).total]).toEqual([0, expect.any(Number)]);
      const network = await run(process.execPath, [CLI, '--url', 'http://127.0.0.1:9', 'models', 'list'], { MONITOR_API_KEY: editor });
      expect([network.code, network.stderr]).toEqual([3, expect.stringMatching(/Network error/)]);
      const help = await cli('datasets', 'upload', '--help');
      expect([help.code, help.stdout]).toEqual([0, expect.stringContaining('--role <role>')]);
    });
  });

  // The rule: without python3 the Python client's tests are skipped with a message, never silently.
  if (!existsSync(PYTHON)) console.warn(`Python client tests skipped: ${PYTHON} is not installed (apt-get install python3).`);
  (existsSync(PYTHON) ? describe : describe.skip)(`Python client (needs ${PYTHON})`, () => {
    it(`passes its unittest suite against this API with ${PYTHON}, live tests included`, async () => {
      const result = await run(PYTHON, ['-m', 'unittest', 'discover', '-s', 'tests', '-v'], cliEnv, join(WORKSPACE_ROOT, 'clients/python'));
      expect({ code: result.code, tail: result.stderr.slice(-3000) }).toEqual({ code: 0, tail: expect.stringMatching(/\nOK\n$/) });
      expect(result.stderr).toMatch(/Ran 16 tests/);
      expect(result.stderr).not.toMatch(/skipped/);
    });

    it('installs with pip from clients/python (pyproject.toml, no dependencies) and imports from the install', async () => {
      // A copy: the build writes build/ and *.egg-info beside pyproject.toml.
      const source = join(dir, 'python-src');
      await cp(join(WORKSPACE_ROOT, 'clients/python'), source, { recursive: true, filter: (path) => !path.includes('__pycache__') });
      const target = join(dir, 'site');
      const install = await run(
        PYTHON,
        ['-m', 'pip', 'install', '--no-build-isolation', '--no-index', '--target', target, source],
        {},
        dir,
      );
      expect({ code: install.code, out: install.stdout }).toEqual({
        code: 0,
        out: expect.stringContaining('Successfully installed stress-monitoring-0.1.0'),
      });
      const imported = await run(
        PYTHON,
        ['-c', 'import stress_monitoring as s; print(s.__file__); print(sorted(n for n in dir(s.Client) if not n.startswith("_")))'],
        { PYTHONPATH: target },
        dir,
      );
      expect(imported.code).toBe(0);
      const [file, methods] = imported.stdout.trim().split('\n');
      expect(file).toBe(join(target, 'stress_monitoring/__init__.py'));
      expect(JSON.parse((methods ?? '').replace(/'/g, '"'))).toEqual(
        expect.arrayContaining([
          'get_drift_report',
          'list_alerts',
          'list_models',
          'log_actuals',
          'log_metrics',
          'log_predictions',
          'run_drift',
          'upload_dataset',
        ]),
      );
    });
  });
});
