import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { upload } from '../datasets/datasets-support';
import { createKey, http } from '../support/http';

/*
 * Rules mode against the seeded demo (stress-detector). Every expected number is read in the
 * test from the API's own data endpoints (registry, metrics, datasets, drift reports) and
 * formatted by the assistant's precision rules (README), never copied from an assistant answer.
 */

const MODEL = 'stress-detector';
const DAY = 86_400_000;
const HOUR = 3_600_000;

interface Version {
  version: string;
  stage: string;
}
interface Latest {
  version: string;
  name: string;
  value: number;
  timestamp: string;
}
interface Bucket {
  t: string;
  value: number;
  count: number;
}
interface DatasetSummary {
  id: string;
  name: string;
  role: string;
  model: string | null;
  rowCount: number;
  createdAt: string;
}
interface ColumnProfile {
  name: string;
  type: string;
  missing: number;
  mean?: number | null;
}
interface DriftColumn {
  column: string;
  stattest: string;
  statistic: number;
  pValue: number | null;
  drifted: boolean;
}

const RATIOS = new Set(['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'stress_rate', 'drift_share']);

/** The assistant's precision rules: ratios 3 decimals, latency_ms 1 decimal, counts whole. */
function fmt(name: string, value: number): string {
  if (RATIOS.has(name)) return value.toFixed(3);
  if (name === 'latency_ms') return `${value.toFixed(1)} ms`;
  if (name.endsWith('_count')) return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(1);
  return String(Number(value.toPrecision(4)));
}

const label = (version: Version) => (version.stage === 'none' ? version.version : `${version.version} (${version.stage})`);
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

describe('assistant rules mode on the demo data', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let viewer: string;
  let versions: Version[];
  let production: Version;
  let staging: Version;
  let latest: Latest[];
  let datasets: DatasetSummary[];
  let reference: DatasetSummary;
  let current: DatasetSummary;
  let report: {
    id: string;
    datasetDrift: boolean;
    driftedColumns: number;
    totalColumns: number;
    driftShare: number;
    columns: DriftColumn[];
  };
  const today = Math.floor(Date.now() / DAY) * DAY;

  const get = async <T>(path: string): Promise<T> => (await http(api.url, viewer).get(path).expect(200)).body as T;
  const series = async (name: string, version: string, from: number, to: number, agg: string): Promise<Bucket[]> => {
    const query = new URLSearchParams({
      model: MODEL,
      name,
      version,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      bucket: '1h',
      agg,
    });
    const body = await get<{ series: Array<{ version: string; points: Bucket[] }> }>(`/api/v1/metrics/series?${query}`);
    return body.series.find((entry) => entry.version === version)?.points ?? [];
  };
  /** first/last bucket means, count-weighted mean, raw min and max over [from, to). */
  const summary = async (name: string, version: string, from: number, to: number) => {
    const avg = await series(name, version, from, to, 'avg');
    const min = await series(name, version, from, to, 'min');
    const max = await series(name, version, from, to, 'max');
    const points = avg.reduce((sum, bucket) => sum + bucket.count, 0);
    return {
      points,
      first: avg[0]?.value,
      last: avg.at(-1)?.value,
      mean: avg.reduce((sum, bucket) => sum + bucket.value * bucket.count, 0) / points,
      min: Math.min(...min.map((bucket) => bucket.value)),
      max: Math.max(...max.map((bucket) => bucket.value)),
    };
  };
  const latestOf = (name: string, version: string) => {
    const item = latest.find((entry) => entry.name === name && entry.version === version);
    if (!item) throw new Error(`the demo has no ${name} for ${version}`);
    return item;
  };
  /** The hourly mean 7 days before a latest point (points up to that moment). */
  const weekEarlier = async (item: Latest) => {
    const at = Date.parse(item.timestamp) - 7 * DAY;
    const buckets = (await series(item.name, item.version, at - DAY, at + 1, 'avg')).filter((bucket) => Date.parse(bucket.t) <= at);
    return buckets.at(-1)?.value;
  };
  /** Mean of the raw points in the 24 h ending at `end` (inclusive). */
  const dayMean = async (item: Latest, end: number) => {
    const buckets = await series(item.name, item.version, end - DAY + 1, end + 1, 'avg');
    const count = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
    return buckets.reduce((sum, bucket) => sum + bucket.value * bucket.count, 0) / count;
  };
  const ask = async (message: string) => {
    const response = await http(api.url, viewer).post('/api/v1/chat').send({ message }).expect(200);
    expect(response.body.mode).toBe('rules');
    return response.body as { reply: string; toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({
      database,
      env: { SEED_DEMO: 'true', THROTTLE_LIMIT: '100000', CHAT_THROTTLE_LIMIT: '100000' },
      startTimeoutMs: 120_000,
    });
    viewer = await createKey(api.url, api.adminKey, 'viewer', 'analyst');
    // The seed runs at start-up, then the scheduler computes the demo's closed monitoring windows, which write
    // metric points: wait until every window closed for MONITORING_DELAY_MS (5 min) is computed, so the
    // metrics read below are the ones the assistant sees.
    const deadline = Date.now() + 120_000;
    const windowsPath = '/api/v1/models/stress-detector/versions/1.1.0/windows';
    for (;;) {
      const seeded = (await get<{ total: number }>('/api/v1/drift-reports')).total > 0;
      const windows = seeded ? ((await http(api.url, viewer).get(windowsPath)).body?.items ?? []) : [];
      const due = (windows as Array<{ end: string; status: string }>).filter((w) => Date.parse(w.end) + 300_000 <= Date.now());
      if (due.length > 0 && due.every((w) => w.status === 'fresh' || w.status === 'insufficient')) break;
      if (Date.now() > deadline) throw new Error('the demo seed and its monitoring windows did not finish');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    versions = (await get<{ items: Version[] }>(`/api/v1/models/${MODEL}/versions`)).items;
    production = versions.find((version) => version.stage === 'production') as Version;
    staging = versions.find((version) => version.stage === 'staging') as Version;
    latest = (await get<{ items: Latest[] }>(`/api/v1/models/${MODEL}/metrics/latest`)).items;
    datasets = (await get<{ items: DatasetSummary[] }>('/api/v1/datasets')).items;
    reference = datasets.find((dataset) => dataset.role === 'reference') as DatasetSummary;
    current = datasets.find((dataset) => dataset.role === 'current') as DatasetSummary;
    const reports = await get<{ items: Array<{ id: string }> }>(`/api/v1/drift-reports?model=${MODEL}`);
    report = await get(`/api/v1/drift-reports/${reports.items[0].id}`);
  }, 240_000);

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('the demo has what the questions need', () => {
    expect(production && staging && reference && current).toBeTruthy();
    expect(latest.length).toBeGreaterThan(0);
  });

  it('1. which models are monitored', async () => {
    const answer = await ask('Which models are monitored?');
    expect(answer.reply).toContain(`${MODEL} **${production.version}**`);
    expect(answer.toolCalls.map((call) => call.name)).toEqual(['list_models']);
  });

  it('2. production versions', async () => {
    const answer = await ask('What are the production versions?');
    expect(answer.reply).toContain(`| ${MODEL} |`);
    expect(answer.reply).toContain(`| ${production.version} |`);
  });

  it('3. versions and stages of the model', async () => {
    const answer = await ask(`Which versions does ${MODEL} have?`);
    for (const version of versions) expect(answer.reply).toContain(`| ${version.version} | ${version.stage} |`);
    expect(answer.reply).toContain(`**${production.version}** is in production`);
  });

  it('4. how the model is doing: latest metrics of production against 7 days earlier, and drift', async () => {
    const answer = await ask(`How is ${MODEL} doing?`);
    // The metrics the demo pushes hourly. Monitoring windows add daily points (drift_score.*, log_loss, …) that the
    // answer compares at the newest point's time minus 7 days, which for a daily series is not its own week-earlier point.
    const hourly = new Set(['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'latency_ms', 'prediction_count', 'stress_rate']);
    const items = latest.filter((item) => item.version === production.version && hourly.has(item.name));
    expect(items).toHaveLength(hourly.size);
    for (const item of items) {
      const earlier = await weekEarlier(item);
      const recent = await dayMean(item, Date.parse(item.timestamp));
      const before = await dayMean(item, Date.parse(item.timestamp) - 7 * DAY);
      expect(answer.reply).toContain(
        `| ${item.name} | ${fmt(item.name, item.value)} | ${earlier === undefined ? 'no data' : fmt(item.name, earlier)} |`,
      );
      // A metric without data a week earlier (drift_share starts with the first report) shows its mean alone.
      expect(answer.reply).toContain(
        Number.isNaN(before) ? `| ${fmt(item.name, recent)} |` : `| ${fmt(item.name, recent)} (vs ${fmt(item.name, before)})`,
      );
    }
    const drifted = report.columns.filter((column) => column.drifted).map((column) => column.column);
    expect(answer.reply).toContain(`${report.driftedColumns} of ${report.totalColumns} columns drifted`);
    for (const column of drifted) expect(answer.reply).toContain(column);
    expect(answer.toolCalls.map((call) => call.name)).toEqual(['get_model', 'get_latest_metrics', 'get_drift_report']);
  });

  it('5. the production version degraded in the last week and the answer says so (24 h means)', async () => {
    const answer = await ask(`Is ${MODEL} healthy?`);
    const worse: string[] = [];
    for (const name of ['accuracy', 'recall', 'f1', 'roc_auc']) {
      const item = latestOf(name, production.version);
      const recent = await dayMean(item, Date.parse(item.timestamp));
      const before = await dayMean(item, Date.parse(item.timestamp) - 7 * DAY);
      if ((before - recent) / before >= 0.02) worse.push(`${name} ${fmt(name, before)} → ${fmt(name, recent)}`);
    }
    // The seed degrades production over the last week: at least one quality metric fell.
    expect(worse.length).toBeGreaterThan(0);
    expect(answer.reply).toMatch(/\*\*Worse than 7 days ago\*\* \(24 h means\): /);
    for (const text of worse) expect(answer.reply).toContain(text);
  });

  it('6. latest accuracy of every version', async () => {
    const answer = await ask(`What is the latest accuracy of ${MODEL}?`);
    for (const item of latest.filter((entry) => entry.name === 'accuracy')) {
      const version = versions.find((entry) => entry.version === item.version) as Version;
      expect(answer.reply).toContain(`| ${label(version)} | ${fmt('accuracy', item.value)} |`);
    }
  });

  it('7. latest f1 of one version', async () => {
    const item = latestOf('f1', production.version);
    const answer = await ask(`latest f1 of ${MODEL} ${production.version}`);
    expect(answer.reply).toContain(`is **${fmt('f1', item.value)}**`);
    expect(answer.toolCalls[0]).toEqual(
      expect.objectContaining({
        name: 'get_latest_metrics',
        arguments: expect.objectContaining({ version: production.version, metric: 'f1' }),
      }),
    );
  });

  it('8. latency of the production version, in ms with one decimal', async () => {
    const item = latestOf('latency_ms', production.version);
    const answer = await ask('What is the latency of the production version?');
    expect(answer.reply).toContain(`**${fmt('latency_ms', item.value)}**`);
    expect(answer.reply).toMatch(/\*\*\d+\.\d ms\*\*/);
  });

  it('9. ROC AUC of the staging version', async () => {
    const item = latestOf('roc_auc', staging.version);
    const answer = await ask(`roc auc of ${staging.version}`);
    expect(answer.reply).toContain(`${staging.version} (staging) is **${fmt('roc_auc', item.value)}**`);
  });

  it('10. prediction count as a whole number', async () => {
    const item = latestOf('prediction_count', production.version);
    const answer = await ask(`How many predictions did ${MODEL} ${production.version} make?`);
    expect(answer.reply).toContain(`**${fmt('prediction_count', item.value)}**`);
  });

  it('11. precision of the staging version (stage resolved to its version)', async () => {
    const item = latestOf('precision', staging.version);
    const answer = await ask('What is the precision of the staging version?');
    expect(answer.reply).toContain(`${staging.version} (staging) is **${fmt('precision', item.value)}**`);
  });

  it('12. accuracy trend over explicit dates', async () => {
    const from = today - 9 * DAY;
    const to = today - 2 * DAY;
    const expected = await summary('accuracy', production.version, from, to);
    const answer = await ask(`accuracy of ${MODEL} ${production.version} between ${isoDay(from)} and ${isoDay(to - DAY)}`);
    expect(answer.reply).toContain(`from ${fmt('accuracy', expected.first as number)} to ${fmt('accuracy', expected.last as number)}`);
    expect(answer.reply).toContain(
      `mean ${fmt('accuracy', expected.mean)}, min ${fmt('accuracy', expected.min)}, max ${fmt('accuracy', expected.max)}`,
    );
    expect(answer.reply).toContain(`over ${expected.points.toLocaleString('en-US')} points`);
    expect(answer.toolCalls[0]).toEqual({
      name: 'get_metric_summary',
      arguments: {
        model: MODEL,
        metric: 'accuracy',
        version: production.version,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      },
      summary: expect.any(String),
    });
  });

  it('13. f1 yesterday, for every version with data', async () => {
    const answer = await ask(`f1 of ${MODEL} yesterday`);
    const expected = await Promise.all(
      versions.map(async (version) => ({ version, ...(await summary('f1', version.version, today - DAY, today)) })),
    );
    const withData = expected.filter((entry) => entry.points > 0);
    // The demo records f1 hourly for the production and staging versions; the archived one stopped earlier.
    expect(withData.map((entry) => entry.version.version).sort()).toEqual([production.version, staging.version].sort());
    for (const entry of expected) expect(answer.reply.includes(`**${label(entry.version)}**`)).toBe(entry.points > 0);
    for (const entry of withData)
      expect(answer.reply).toContain(`mean ${fmt('f1', entry.mean)}, min ${fmt('f1', entry.min)}, max ${fmt('f1', entry.max)}`);
  });

  it('14. latency trend since a weekday', async () => {
    const weekday = new Date(today - 3 * DAY).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
    const expected = await summary('latency_ms', production.version, today - 3 * DAY, Date.now() + HOUR);
    const answer = await ask(`latency of ${production.version} since ${weekday}`);
    expect(answer.reply).toContain(`since ${weekday} ${isoDay(today - 3 * DAY)}`);
    expect(answer.reply).toContain(`min ${fmt('latency_ms', expected.min)}, max ${fmt('latency_ms', expected.max)}`);
  });

  it('15. recall over a 7-day window of dates names the points counted', async () => {
    const from = today - 8 * DAY;
    const to = today - DAY;
    const expected = await summary('recall', staging.version, from, to);
    const answer = await ask(`How did the recall of ${staging.version} evolve between ${isoDay(from)} and ${isoDay(to - DAY)}?`);
    expect(answer.reply).toContain(`mean ${fmt('recall', expected.mean)}`);
    expect(answer.reply).toContain(`over ${expected.points.toLocaleString('en-US')} points`);
  });

  it('16. compare two versions on a metric and name the better one', async () => {
    const a = latestOf('recall', production.version);
    const b = latestOf('recall', staging.version);
    const answer = await ask(`Compare ${production.version} and ${staging.version} on recall`);
    expect(answer.reply).toContain(`| ${label(production)} | ${fmt('recall', a.value)} |`);
    expect(answer.reply).toContain(`| ${label(staging)} | ${fmt('recall', b.value)} |`);
    // The demo's staging version is the better model, and its points carry noise: the two latest values differ.
    expect(a.value).not.toBe(b.value);
    expect(answer.reply).toContain(`**${b.value > a.value ? staging.version : production.version}** is better on recall`);
  });

  it('17. production vs staging on accuracy', async () => {
    const answer = await ask('production vs staging accuracy');
    expect(answer.reply).toContain(`| ${label(production)} | ${fmt('accuracy', latestOf('accuracy', production.version).value)} |`);
    expect(answer.reply).toContain(`| ${label(staging)} | ${fmt('accuracy', latestOf('accuracy', staging.version).value)} |`);
  });

  it('18. compare two versions on every metric', async () => {
    const archived = versions.find((version) => version.stage === 'archived') as Version;
    const answer = await ask(`compare ${archived.version} and ${production.version}`);
    for (const name of ['accuracy', 'f1', 'latency_ms']) {
      const a = latest.find((item) => item.name === name && item.version === archived.version);
      const b = latestOf(name, production.version);
      expect(answer.reply).toContain(`| ${name} | ${a ? fmt(name, a.value) : 'no data'} | ${fmt(name, b.value)} |`);
    }
  });

  it('19. is there drift: verdict, drifted columns and their statistics', async () => {
    const answer = await ask(`Is there drift in ${MODEL}?`);
    expect(answer.reply).toContain(report.datasetDrift ? '**dataset drift detected**' : '**no dataset drift**');
    expect(answer.reply).toContain(
      `${report.driftedColumns} of ${report.totalColumns} columns drifted (share ${report.driftShare.toFixed(3)}`,
    );
    for (const column of report.columns.filter((entry) => entry.drifted)) {
      expect(answer.reply).toContain(`| ${column.column} |`);
      expect(answer.reply).toContain(column.statistic.toFixed(4));
    }
  });

  it('20. which columns drifted (and which did not)', async () => {
    const answer = await ask('Which columns drifted?');
    const stable = report.columns.filter((column) => !column.drifted).map((column) => column.column);
    // The demo's current dataset shifts some columns only: both lists are non-empty.
    expect(stable.length).toBeGreaterThan(0);
    expect(answer.reply).toContain(`Not drifted: ${stable.join(', ')}.`);
    expect(answer.reply).toContain(
      `reference ${datasets.find((dataset) => dataset.id === (report as unknown as { referenceDatasetId: string }).referenceDatasetId)?.name}`,
    );
  });

  it('21. did heart_rate drift', async () => {
    const column = report.columns.find((entry) => entry.column === 'heart_rate') as DriftColumn;
    const answer = await ask('Did heart_rate drift?');
    expect(answer.reply).toContain(`**heart_rate** ${column.drifted ? 'has drifted' : 'has not drifted'}: ${column.stattest}`);
    expect(answer.reply).toContain(column.pValue === null ? `= ${column.statistic.toFixed(4)}` : 'p = ');
  });

  it('22. which datasets exist', async () => {
    const answer = await ask('Which datasets are there?');
    for (const dataset of datasets) expect(answer.reply).toContain(`| ${dataset.name} | ${dataset.role} | ${dataset.model ?? '—'} |`);
    expect(answer.reply).toContain(reference.rowCount.toLocaleString('en-US'));
  });

  it('23. profile of the reference dataset by name', async () => {
    const detail = await get<{ profile: ColumnProfile[]; rowCount: number }>(`/api/v1/datasets/${reference.id}`);
    const answer = await ask(`Profile of ${reference.name}`);
    expect(answer.reply).toContain(`${detail.rowCount.toLocaleString('en-US')} rows, ${detail.profile.length} columns`);
    const heartRate = detail.profile.find((column) => column.name === 'heart_rate') as ColumnProfile;
    expect(answer.reply).toContain(`| heart_rate | ${heartRate.missing.toLocaleString('en-US')} |`);
    expect(answer.reply).toContain(String(Number((heartRate.mean as number).toPrecision(4))));
  });

  it('24. the current dataset of the model by role', async () => {
    const detail = await get<{ profile: ColumnProfile[]; rowCount: number }>(`/api/v1/datasets/${current.id}`);
    const answer = await ask(`Show the current dataset of ${MODEL}`);
    expect(answer.reply).toContain(`**${current.name}** (current`);
    expect(answer.reply).toContain(`${detail.rowCount.toLocaleString('en-US')} rows`);
  });

  it('25. classification quality of the current dataset', async () => {
    const quality = await get<{ accuracy: number; precision: number; recall: number; f1: number; rocAuc?: number; support: number }>(
      `/api/v1/datasets/${current.id}/quality`,
    );
    const answer = await ask(`Quality of ${current.name}`);
    expect(answer.reply).toContain(`accuracy **${quality.accuracy.toFixed(3)}**`);
    expect(answer.reply).toContain(`precision **${quality.precision.toFixed(3)}**`);
    expect(answer.reply).toContain(`recall **${quality.recall.toFixed(3)}**`);
    expect(answer.reply).toContain(`F1 **${quality.f1.toFixed(3)}**`);
    // The demo's current dataset has a probability column (stress_proba), so ROC AUC exists.
    expect(quality.rocAuc).toEqual(expect.any(Number));
    expect(answer.reply).toContain(`ROC AUC **${(quality.rocAuc as number).toFixed(3)}**`);
    expect(answer.reply).toContain(`${quality.support.toLocaleString('en-US')} labelled rows`);
  });

  it('26. confusion matrix of the current dataset', async () => {
    const quality = await get<{ confusionMatrix: { labels: string[]; matrix: number[][] } }>(`/api/v1/datasets/${current.id}/quality`);
    const answer = await ask(`What is the confusion matrix of the current dataset of ${MODEL}?`);
    quality.confusionMatrix.matrix.forEach((row, index) => {
      expect(answer.reply).toContain(
        `| ${quality.confusionMatrix.labels[index]} | ${row.map((count) => count.toLocaleString('en-US')).join(' | ')} |`,
      );
    });
  });

  it.each([
    ['What is PSI?', /^\*\*PSI \(Population Stability Index\)\*\*/],
    ['Explain Jensen-Shannon', /^\*\*Jensen–Shannon distance\*\*/],
    ['What does ROC AUC mean?', /^\*\*ROC AUC\*\*/],
    ['what is the KS test', /^\*\*Kolmogorov–Smirnov test \(KS\)\*\*/],
    ['define chi-square', /^\*\*Chi-square test\*\*/],
  ])('27. glossary: %s', async (question, pattern) => {
    const answer = await ask(question);
    expect(answer.reply).toMatch(pattern);
    expect(answer.toolCalls).toEqual([]);
  });

  it('28. help lists what it answers with the real model and version names', async () => {
    const answer = await ask('help');
    expect(answer.reply).toContain(`"How is ${MODEL} doing?"`);
    expect(answer.reply).toContain(`Models I know: ${MODEL}.`);
    expect(answer.reply).toMatch(/Compare \d+\.\d+\.\d+ and \d+\.\d+\.\d+ on accuracy/);
  });

  it('29. an unknown question gets the list of what it can answer', async () => {
    const answer = await ask("What's the weather in Paris?");
    expect(answer.reply).toContain('I could not match that question');
    expect(answer.reply).toContain(`"Is there drift in ${MODEL}?"`);
  });

  it('30. a period without data says so instead of inventing numbers', async () => {
    const answer = await ask(`accuracy of ${MODEL} between 2020-01-01 and 2020-01-02`);
    expect(answer.reply).toBe(
      `No **accuracy** data for ${MODEL} in 2020-01-01 to 2020-01-02 (2020-01-01 00:00 UTC to 2020-01-03 00:00 UTC).`,
    );
  });

  it('31. a metric the model does not record is answered with the ones it does', async () => {
    // The demo's monitoring windows record log loss for stress-detector: ask about a model that records latency only.
    const editor = await createKey(api.url, api.adminKey, 'editor', 'latency-pusher');
    await http(api.url, editor).post('/api/v1/models').send({ name: 'latency-only', task: 'binary-classification' }).expect(201);
    await http(api.url, editor).post('/api/v1/models/latency-only/versions').send({ version: '1' }).expect(201);
    await http(api.url, editor)
      .post('/api/v1/metrics')
      .send({ points: [{ model: 'latency-only', version: '1', name: 'latency_ms', value: 12.5 }] })
      .expect(202);
    const names = await get<{ items: string[] }>('/api/v1/models/latency-only/metrics/names');
    expect(names.items).toEqual(['latency_ms']);
    const run = await http(api.url, viewer)
      .post('/api/v1/chat')
      .send({ message: 'What is the latest latency of latency-only?' })
      .expect(200);
    expect(run.body.toolCalls[0].name).toBe('get_latest_metrics');
    const answer = await ask('What is the mean log loss of latency-only this week?');
    // log loss is a glossary term, not a recorded metric: the model's metrics are listed.
    expect(answer.reply).toContain(names.items.join(', '));
  });

  it('32. stored names come back as Markdown text: a link in a dataset name or a value is not a link', async () => {
    const editor = await createKey(api.url, api.adminKey, 'editor', 'uploader');
    const name = '[Login again](https://evil.example/phish)';
    await upload(api.url, editor, 'note,score\n<b>www.evil.example</b>,1\n**bold**,2\n', { name, role: 'other' }).expect(201);
    const list = await ask('Which datasets are there?');
    // The vocabulary was built before the upload: the new dataset shows that it was refreshed.
    expect(list.reply).toContain('| \\[Login again\\](https\\://evil.example/phish) | other | — |');
    expect(list.reply).not.toContain(name);
    const profile = await ask(`Profile of ${name}`);
    expect(profile.reply).toContain('**\\[Login again\\](https\\://evil.example/phish)** (other): 2 rows, 2 columns.');
    expect(profile.reply).toContain('\\<b\\>www\\.evil.example\\</b\\> (1)');
    expect(profile.reply).toContain('\\*\\*bold\\*\\* (1)');
    expect(profile.reply).not.toContain('](https://');
  });

  it('33. production windows: when drift started and how many predictions have labels, as the windows say', async () => {
    interface Window {
      start: string;
      status: string;
      rows: number | null;
      rowsWithActual: number | null;
      drift: { datasetDrift: boolean } | null;
    }
    const path = `/api/v1/models/${MODEL}/versions/${production.version}/windows`;
    // The scheduler computes the demo's 13 closed daily windows after start-up.
    let windows: Window[] = [];
    const deadline = Date.now() + 120_000;
    for (;;) {
      windows = (await get<{ items: Window[] }>(path)).items;
      if (windows.filter((window) => window.status === 'fresh').length >= 13) break;
      if (Date.now() > deadline) throw new Error(`demo windows not computed: ${windows.map((window) => window.status).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const withDrift = windows.filter((window) => window.drift !== null);
    const run = withDrift.slice(
      0,
      withDrift.findIndex((window) => !window.drift?.datasetDrift),
    );
    expect(run.length).toBeGreaterThanOrEqual(1);
    const drift = await ask(`When did drift start in ${MODEL}?`);
    expect(drift.toolCalls.map((call) => call.name)).toEqual(['get_monitoring_windows']);
    expect(drift.reply).toContain(`**Drift started with the window of ${run.at(-1)?.start.slice(0, 10)}** and continues`);

    const computed = windows.filter((window) => window.rows !== null);
    const rows = computed.reduce((sum, window) => sum + (window.rows ?? 0), 0);
    const labelled = computed.reduce((sum, window) => sum + (window.rowsWithActual ?? 0), 0);
    const labels = await ask(`How many predictions of ${MODEL} have labels?`);
    expect(labels.reply).toContain(
      `**Labels:** ${labelled.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')} logged predictions have an actual ` +
        `(${((labelled / rows) * 100).toFixed(1)}%).`,
    );
  });
});
