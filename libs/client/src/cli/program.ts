import { access, constants, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command, CommanderError, Option } from 'commander';
import { ApiError } from '../lib/api-error';
import type { ActualRow, PredictionRow } from '../lib/client';
import type { AlertDto, DriftReportDto } from '../generated/types.gen';
import { createClient } from '../node';
import {
  ACTUALS_CSV,
  actualRowsFromCsv,
  featureKinds,
  looksLikeJsonLines,
  parseJsonLines,
  parseMetricPoints,
  predictionRowsFromCsv,
  PREDICTIONS_CSV,
  readCsvTable,
  UsageError,
} from './records';
import { formatTable } from './table';

/** Exit codes: the contract scripts and CI jobs rely on. */
export const EXIT = { ok: 0, drift: 1, usage: 2, api: 3 } as const;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (progress bars are drawn only there). */
  isTty: boolean;
}

interface GlobalOptions {
  url: string;
  apiKey?: string;
  json?: boolean;
  quiet?: boolean;
}

const STAGES = ['none', 'staging', 'production', 'archived'];
const ROLES = ['reference', 'current', 'training', 'other'];
const STATTESTS = ['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi'];
const ALERT_STATES = ['firing', 'pending', 'nodata', 'error', 'normal'];
const ALERT_SEVERITIES = ['critical', 'warning', 'info'];

/** Runs the CLI with `argv` (without `node` and the script) and resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('stress-monitor');
  program
    .description('Stress AI Model Monitoring from scripts and CI: registry, metrics, datasets, drift gates, production data and alerts.')
    .addOption(new Option('--url <url>', 'API base URL').env('MONITOR_URL').default('http://localhost:3000'))
    .addOption(new Option('--api-key <key>', 'API key (sent as X-API-Key)').env('MONITOR_API_KEY'))
    .option('--json', 'machine-readable JSON on stdout')
    .option('--quiet', 'no progress bars and no tables: only errors (stderr) and the exit code; --json output stays')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(add --help for usage)');

  // Commander reads .env() from process.env: give it the CLI's environment.
  for (const [name, value] of Object.entries(io.env)) if (value !== undefined && process.env[name] === undefined) process.env[name] = value;

  const globals = () => program.opts<GlobalOptions>();
  const client = () => createClient({ baseUrl: globals().url, apiKey: globals().apiKey });
  // --json: the API's answer on stdout; otherwise a table, unless --quiet (then only the exit code and errors speak).
  const print = (json: unknown, table: () => string) => {
    if (globals().json) io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    else if (!globals().quiet) io.stdout(`${table()}\n`);
  };
  const progress = (label: string) => {
    if (globals().quiet || globals().json || !io.isTty) return undefined;
    const bar = new SingleBar({ format: `${label} [{bar}] {percentage}% {value}/{total}`, hideCursor: true, clearOnComplete: false });
    return bar;
  };

  const models = program.command('models').description('the model registry');
  models
    .command('list')
    .description('list models')
    .option('--search <text>', 'name or display name contains')
    .option('--tag <tag>')
    .option('--task <task>', 'binary-classification, multiclass-classification or regression')
    .option('--limit <n>', 'page size (1–200)', parseIntOption, 50)
    .option('--offset <n>', 'skip this many', parseIntOption, 0)
    .action(async (options: { search?: string; tag?: string; task?: string; limit: number; offset: number }) => {
      const page = await client().listModels({ ...options, task: options.task as never });
      print(page, () =>
        formatTable(
          ['NAME', 'TASK', 'OWNER', 'PRODUCTION', 'TAGS'],
          page.items.map((model) => [model.name, model.task, model.owner, model.productionVersion, model.tags.join(',')]),
        ),
      );
    });
  models
    .command('create <name>')
    .description('register a model')
    .requiredOption('--task <task>', 'binary-classification, multiclass-classification or regression')
    .option('--display-name <text>')
    .option('--description <text>')
    .option('--owner <owner>')
    .option('--tag <tag...>', 'tags (repeatable)')
    .action(async (name: string, options: { task: string; displayName?: string; description?: string; owner?: string; tag?: string[] }) => {
      const model = await client().api.modelsCreate({
        body: {
          name,
          task: options.task as never,
          displayName: options.displayName,
          description: options.description,
          owner: options.owner,
          tags: options.tag,
        },
      });
      print(model, () => formatTable(['NAME', 'TASK', 'OWNER', 'CREATED'], [[model.name, model.task, model.owner, model.createdAt]]));
    });

  const versions = program.command('versions').description('model versions');
  versions
    .command('create <model> <version>')
    .description('register a version of a model')
    .option('--framework <framework>', 'e.g. sklearn, pytorch')
    .option('--description <text>')
    .action(async (model: string, version: string, options: { framework?: string; description?: string }) => {
      const created = await client().api.modelsCreateVersion({
        path: { name: model },
        body: { version, framework: options.framework, description: options.description },
      });
      print(created, () =>
        formatTable(['MODEL', 'VERSION', 'STAGE', 'FRAMEWORK'], [[model, created.version, created.stage, created.framework]]),
      );
    });
  versions
    .command('stage <model> <version> <stage>')
    .description(`move a version to a stage (${STAGES.join(', ')})`)
    .action(async (model: string, version: string, stage: string) => {
      if (!STAGES.includes(stage)) throw new UsageError(`stage must be one of ${STAGES.join(', ')}`);
      const updated = await client().api.modelsUpdateVersion({ path: { name: model, version }, body: { stage: stage as never } });
      print(updated, () => formatTable(['MODEL', 'VERSION', 'STAGE'], [[model, updated.version, updated.stage]]));
    });

  program
    .command('metrics')
    .description('metric points')
    .command('push <file>')
    .description('push metric points from CSV (model,version,name,value[,timestamp][,label.<key>…]) or JSON Lines; safe to re-run')
    .option('--batch-size <n>', 'points per request (≤ 10,000)', parseIntOption, 10_000)
    .action(async (file: string, options: { batchSize: number }) => {
      const points = parseMetricPoints(basename(file), await readTextFile(file));
      const bar = progress('points');
      bar?.start(points.length, 0);
      const result = await client()
        .logMetrics(points, { batchSize: options.batchSize, onBatch: (done) => bar?.update(done) })
        .finally(() => bar?.stop());
      print({ points: points.length, ...result }, () =>
        formatTable(
          ['POINTS', 'BATCHES', 'ACCEPTED', 'REPLAYED BATCHES'],
          [[points.length, result.batches, result.accepted, result.replayed]],
        ),
      );
    });

  const datasets = program.command('datasets').description('datasets (CSV uploads)');
  datasets
    .command('upload <file>')
    .description('upload a CSV, streamed from disk')
    .requiredOption('--model <model>')
    .requiredOption('--version <version>')
    .addOption(new Option('--role <role>').choices(ROLES).makeOptionMandatory())
    .option('--name <name>', 'default: the file name')
    .option('--target <column>', 'target (actual) column')
    .option('--prediction <column>', 'prediction column')
    .option('--probability <column>', 'positive-class probability column')
    .option('--positive-label <label>')
    .action(
      async (
        file: string,
        options: {
          model: string;
          version: string;
          role: string;
          name?: string;
          target?: string;
          prediction?: string;
          probability?: string;
          positiveLabel?: string;
        },
      ) => {
        await checkReadable(file);
        const bar = progress('bytes');
        let started = false;
        const dataset = await client()
          .uploadDataset(
            file,
            {
              name: options.name ?? basename(file),
              model: options.model,
              version: options.version,
              role: options.role as never,
              targetColumn: options.target,
              predictionColumn: options.prediction,
              probabilityColumn: options.probability,
              positiveLabel: options.positiveLabel,
            },
            {
              onProgress: ({ loaded, total }) => {
                if (!bar) return;
                if (!started) bar.start(total ?? 0, 0);
                started = true;
                bar.update(loaded);
              },
            },
          )
          .finally(() => bar?.stop());
        print(dataset, () =>
          formatTable(
            ['ID', 'NAME', 'ROLE', 'ROWS', 'COLUMNS', 'WARNINGS'],
            [[dataset.id, dataset.name, dataset.role, dataset.rowCount, dataset.columns.length, dataset.warnings.length]],
          ),
        );
      },
    );
  datasets
    .command('list')
    .description('list datasets')
    .option('--model <model>')
    .option('--version <version>')
    .addOption(new Option('--role <role>').choices(ROLES))
    .option('--limit <n>', 'page size (1–200)', parseIntOption, 50)
    .action(async (options: { model?: string; version?: string; role?: string; limit: number }) => {
      const page = await client().api.datasetsList({ query: { ...options, role: options.role as never } });
      print(page, () =>
        formatTable(
          ['ID', 'NAME', 'MODEL', 'VERSION', 'ROLE', 'ROWS', 'CREATED'],
          page.items.map((d) => [d.id, d.name, d.model, d.version, d.role, d.rowCount, d.createdAt]),
        ),
      );
    });

  const drift = program.command('drift').description('data drift between two datasets');
  drift
    .command('run')
    .description('compare a current dataset with a reference; with --fail-on-drift, exit 1 when the dataset drifted')
    .requiredOption('--reference <id>', 'reference dataset id')
    .requiredOption('--current <id>', 'current dataset id')
    .addOption(new Option('--stattest <test>', 'one test for every column').choices(STATTESTS))
    .option('--threshold <x>', "the test's threshold", parseFloatOption)
    .option('--drift-share <x>', 'dataset drift when this share of columns drifted (0–1)', parseFloatOption)
    .option('--columns <name...>', 'columns to compare (default: all shared)')
    .option('--fail-on-drift', 'exit with code 1 when the dataset drifted (a CI gate)')
    .action(
      async (options: {
        reference: string;
        current: string;
        stattest?: string;
        threshold?: number;
        driftShare?: number;
        columns?: string[];
        failOnDrift?: boolean;
      }) => {
        const report = await client().runDrift({
          referenceDatasetId: options.reference,
          currentDatasetId: options.current,
          stattest: options.stattest as never,
          threshold: options.threshold,
          driftShare: options.driftShare,
          columns: options.columns,
        });
        printDrift(report);
        if (options.failOnDrift && report.datasetDrift) exitCode = EXIT.drift;
      },
    );
  drift
    .command('get <id>')
    .description('show a stored drift report')
    .action(async (id: string) => printDrift(await client().getDriftReport(id)));

  function printDrift(report: DriftReportDto) {
    print(report, () =>
      [
        formatTable(
          ['COLUMN', 'TYPE', 'TEST', 'STATISTIC', 'P-VALUE', 'THRESHOLD', 'DRIFTED'],
          report.columns.map((c) => [
            c.column,
            c.type,
            c.stattest,
            formatNumber(c.statistic),
            formatNumber(c.pValue),
            c.threshold,
            c.drifted ? 'yes' : 'no',
          ]),
        ),
        '',
        `report ${report.id}: ${report.driftedColumns}/${report.totalColumns} columns drifted (share ${formatNumber(report.driftShare)}, ` +
          `threshold ${report.driftShareThreshold}): ${report.datasetDrift ? 'DATASET DRIFT' : 'no dataset drift'}`,
      ].join('\n'),
    );
  }

  program
    .command('predictions')
    .description('production predictions')
    .command('push <file>')
    .description('push predictions from CSV or JSON Lines; ids make re-runs store nothing twice')
    .requiredOption('--model <model>')
    .requiredOption('--version <version>')
    .addHelpText(
      'after',
      `
CSV: header ${PREDICTIONS_CSV.layout}
  id           1–128 visible ASCII characters, unique within the model (a request id)
  prediction   a number, or a label when the field is not a number
  probability  optional, in [0, 1]: the positive class's probability
  timestamp    optional, ISO 8601 (default: now)
  any other column is a declared feature of the version, by name (or feature.<name>); an empty field is missing.
  Numerical features must be numbers; other features are sent as text.
JSON Lines (.jsonl, .ndjson, or a file starting with "{"): one row per line in the API's shape,
  {"id":"req-1","features":{"tenure":3,"plan":"pro"},"prediction":1,"probability":0.8,"timestamp":"…"}`,
    )
    .action(async (file: string, options: { model: string; version: string }) => {
      const text = await readTextFile(file);
      let rows: PredictionRow[];
      if (looksLikeJsonLines(basename(file), text)) {
        rows = parseJsonLines(text, 'prediction') as unknown as PredictionRow[];
      } else {
        const table = readCsvTable(basename(file), text, PREDICTIONS_CSV);
        // The version's declared features say which columns are numbers (numerical) and which are text.
        const declared = await client().api.modelsGetVersion({ path: { name: options.model, version: options.version } });
        rows = predictionRowsFromCsv(table, featureKinds(declared.features)) as PredictionRow[];
      }
      const bar = progress('rows');
      bar?.start(rows.length, 0);
      const result = await client()
        .logPredictions(options.model, options.version, rows, { onBatch: (done) => bar?.update(done) })
        .finally(() => bar?.stop());
      print({ rows: rows.length, ...result }, () =>
        formatTable(['ROWS', 'BATCHES', 'ACCEPTED', 'DUPLICATES'], [[rows.length, result.batches, result.accepted, result.duplicates]]),
      );
    });

  program
    .command('actuals')
    .description('ground truth for production predictions')
    .command('push <file>')
    .description('push actuals from CSV or JSON Lines; a second actual for an id replaces the first')
    .requiredOption('--model <model>')
    .addHelpText(
      'after',
      `
CSV: header ${ACTUALS_CSV.layout}
  id         the prediction's id (the actual may arrive before the prediction)
  actual     a number, or a label when the field is not a number
  timestamp  optional, ISO 8601: when the truth was known (default: now)
JSON Lines (.jsonl, .ndjson, or a file starting with "{"): {"id":"req-1","actual":0,"timestamp":"…"} per line`,
    )
    .action(async (file: string, options: { model: string }) => {
      const text = await readTextFile(file);
      const rows = (
        looksLikeJsonLines(basename(file), text)
          ? parseJsonLines(text, 'actual')
          : actualRowsFromCsv(readCsvTable(basename(file), text, ACTUALS_CSV))
      ) as ActualRow[];
      const bar = progress('rows');
      bar?.start(rows.length, 0);
      const result = await client()
        .logActuals(options.model, rows, { onBatch: (done) => bar?.update(done) })
        .finally(() => bar?.stop());
      print({ rows: rows.length, ...result }, () =>
        formatTable(
          ['ROWS', 'BATCHES', 'ACCEPTED', 'MATCHED', 'PENDING'],
          [[rows.length, result.batches, result.accepted, result.matched, result.pending]],
        ),
      );
    });

  program
    .command('alerts')
    .description('alert rules and their state')
    .command('list')
    .description("every enabled rule's current state, firing first (then pending, nodata, error, normal)")
    .option('--model <model>', 'only rules on this model')
    .addOption(new Option('--state <state...>', 'only rules in these states').choices(ALERT_STATES))
    .addOption(new Option('--severity <severity...>', 'only rules of these severities').choices(ALERT_SEVERITIES))
    .addHelpText(
      'after',
      '\nThe API answers every enabled rule; the filters are applied to its answer, and "firing" counts the rules kept.',
    )
    .action(async (options: { model?: string; state?: string[]; severity?: string[] }) => {
      const alerts = await client().listAlerts({
        model: options.model,
        state: options.state as AlertDto['state'][] | undefined,
        severity: options.severity as AlertDto['severity'][] | undefined,
      });
      print(alerts, () =>
        [
          formatTable(
            ['STATE', 'SEVERITY', 'RULE', 'MODEL', 'VERSION', 'CONDITION', 'VALUE', 'SINCE'],
            alerts.items.map((a) => [
              a.state,
              a.severity,
              a.name,
              a.model,
              a.version,
              `${a.metric} ${OPERATORS[a.op] ?? a.op} ${a.threshold}`,
              a.state === 'error' ? a.error : formatNumber(a.value),
              a.since,
            ]),
          ),
          '',
          `${alerts.firing} firing of ${alerts.items.length} rule${alerts.items.length === 1 ? '' : 's'}`,
        ].join('\n'),
      );
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return report(error, io);
  }
}

function report(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // `--help` exits 0; help shown for a missing subcommand, and every other commander error (already printed), are usage errors.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof UsageError) {
    io.stderr(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof ApiError) {
    const where = error.statusCode === 0 ? 'network' : `HTTP ${error.statusCode}`;
    io.stderr(`error: ${error.message} (${where}${error.requestId ? `, request id ${error.requestId}` : ''})\n`);
    if (Array.isArray(error.details)) for (const detail of error.details.slice(0, 20)) io.stderr(`  ${JSON.stringify(detail)}\n`);
    return EXIT.api;
  }
  io.stderr(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.api;
}

const OPERATORS: Record<string, string> = { gt: '>', gte: '>=', lt: '<', lte: '<=' };

/** A file the CLI streams (rather than reads) must exist and be readable before the request starts: else a usage error. */
async function checkReadable(file: string): Promise<void> {
  try {
    await access(file, constants.R_OK);
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function readTextFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function parseIntOption(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new UsageError(`"${value}" is not a non-negative integer`);
  return parsed;
}

function parseFloatOption(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new UsageError(`"${value}" is not a number`);
  return parsed;
}

function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return '-';
  return Math.abs(value) >= 1e-3 || value === 0 ? String(Number(value.toPrecision(4))) : value.toExponential(3);
}
