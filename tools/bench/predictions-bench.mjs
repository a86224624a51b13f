#!/usr/bin/env node
/**
 * npm run bench:predictions: the production-data benchmark (issue 12).
 * Starts the built API on a fresh PostgreSQL database (BENCH_DATABASE_URL, default the local server), registers a
 * version with 20 numerical features, uploads a 100,000-row reference, then:
 *   1. logs BENCH_ROWS (1,000,000) predictions, all in yesterday's UTC day, in 5,000-row batches from 4 concurrent
 *      clients, and times it against a raw COPY of the same rows into an unindexed table of the same columns;
 *   2. turns on daily monitoring and times the window's computation (the API's own "computed in" figure), against
 *      SciPy's time for the same statistics on the same arrays (tools/bench/drift_scipy.py, loading not timed);
 *   3. reports the API's peak RSS.
 * Goals, as ratios in one run: ingestion ≥ 0.25× COPY; window drift ≤ 1.0× SciPy; peak RSS ≤ 600 MB.
 * Options (env): BENCH_ROWS, BENCH_DIR (tmp/bench-predictions), BENCH_PORT, BENCH_NODE_ARGS.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { API_MAIN, benchNodeArgs, postgresAt, seededRandom, startApi } from './support.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = resolve(root, process.env.BENCH_DIR ?? 'tmp/bench-predictions');
const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;
const FEATURES = 20;
const BATCH = 5_000;
const CLIENTS = 4;
const REFERENCE_ROWS = 100_000;
const DAY = 86_400_000;
const names = Array.from({ length: FEATURES }, (_, index) => `f${index}`);

function gaussian(random) {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Row `index` of the logged set (deterministic per row, so batches can be made in any order). */
function loggedRow(index, dayStart) {
  const random = seededRandom(1_000_003 + index);
  const features = {};
  for (let column = 0; column < FEATURES; column++) {
    // Every fourth feature drifts in production.
    const shift = column % 4 === 0 ? 0.3 : 0;
    features[names[column]] = Number((10 * column + gaussian(random) + shift).toFixed(4));
  }
  const probability = Number(random().toFixed(4));
  return {
    id: `p-${index}`,
    timestamp: new Date(dayStart + Math.floor((index * DAY) / rows)).toISOString(),
    features,
    prediction: probability >= 0.5 ? 1 : 0,
    probability,
  };
}

function referenceCsv() {
  const random = seededRandom(42);
  const lines = [[...names, 'prediction', 'probability'].join(',')];
  for (let row = 0; row < REFERENCE_ROWS; row++) {
    const cells = names.map((_, column) => (10 * column + gaussian(random)).toFixed(4));
    const probability = random().toFixed(4);
    lines.push([...cells, Number(probability) >= 0.5 ? 1 : 0, probability].join(','));
  }
  return lines.join('\n') + '\n';
}

async function withClient(url, work) {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function peakRssMb(pid) {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** The same rows into an unindexed table of the predictions' columns, with COPY (text format). */
async function copyBaseline(url, dayStart) {
  const { from: copyFrom } = await import('pg-copy-streams');
  return withClient(url, async (client) => {
    await client.query(`CREATE UNLOGGED TABLE IF NOT EXISTS bench_copy (model_version_id uuid, ts timestamptz, id text,
      numerical float8[], categorical text[], prediction_value float8, prediction_label text, probability float8)`);
    const versionId = '00000000-0000-0000-0000-000000000001';
    async function* lines() {
      for (let start = 0; start < rows; start += BATCH) {
        let text = '';
        for (let index = start; index < Math.min(rows, start + BATCH); index++) {
          const row = loggedRow(index, dayStart);
          text += `${versionId}\t${row.timestamp}\t${row.id}\t{${names.map((name) => row.features[name]).join(',')}}\t{}\t${row.prediction}\t\\N\t${row.probability}\n`;
        }
        yield text;
      }
    }
    const started = performance.now();
    await pipeline(Readable.from(lines()), client.query(copyFrom('COPY bench_copy FROM STDIN')));
    return (performance.now() - started) / 1000;
  });
}

async function main() {
  mkdirSync(dir, { recursive: true });
  const server = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const name = `sam_bench_${randomBytes(4).toString('hex')}`;
  await withClient(server, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  const adminKey = `bench-${randomBytes(24).toString('hex')}`;
  const headers = { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' };
  const dayStart = Math.floor(Date.now() / DAY) * DAY - DAY;
  let api;
  try {
    api = await startApi({
      database: postgresAt(url.toString()),
      port,
      env: {
        NODE_ENV: 'production',
        ADMIN_API_KEY: adminKey,
        LOG_LEVEL: 'info',
        MONITORING_DELAY_MS: '0',
        MONITORING_INTERVAL_MS: '1000',
        THROTTLE_LIMIT: '1000000',
      },
      startTimeoutMs: 120_000,
      nodeArgs: benchNodeArgs(),
    });
    const call = async (method, path, body, expected) => {
      const response = await fetch(`${api.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await response.text();
      if (response.status !== expected) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
      return text ? JSON.parse(text) : null;
    };
    await call('POST', '/api/v1/models', { name: 'bench', task: 'binary-classification' }, 201);
    await call(
      'POST',
      '/api/v1/models/bench/versions',
      { version: '1', features: names.map((feature) => ({ name: feature, type: 'numerical', role: 'feature' })) },
      201,
    );
    const form = new FormData();
    for (const [key, value] of Object.entries({
      name: 'reference',
      model: 'bench',
      version: '1',
      role: 'reference',
      predictionColumn: 'prediction',
      probabilityColumn: 'probability',
    }))
      form.set(key, value);
    const referenceText = referenceCsv();
    const referenceFile = join(dir, 'reference.csv');
    writeFileSync(referenceFile, referenceText);
    form.set('file', new Blob([referenceText]), 'reference.csv');
    const uploaded = await fetch(`${api.url}/api/v1/datasets`, {
      method: 'POST',
      headers: { Authorization: headers.Authorization },
      body: form,
    });
    if (uploaded.status !== 201) throw new Error(`reference upload: ${uploaded.status} ${await uploaded.text()}`);
    const reference = await uploaded.json();

    console.log(
      `Logging ${rows.toLocaleString('en')} rows × ${FEATURES} features in ${BATCH.toLocaleString('en')}-row batches from ${CLIENTS} clients …`,
    );
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < rows) {
          const start = next;
          next += BATCH;
          const batch = [];
          for (let index = start; index < Math.min(rows, start + BATCH); index++) batch.push(loggedRow(index, dayStart));
          const result = await call('POST', '/api/v1/models/bench/versions/1/predictions', { rows: batch }, 202);
          if (result.accepted !== batch.length) throw new Error(`batch at ${start}: ${JSON.stringify(result)}`);
        }
      }),
    );
    const ingestSeconds = (performance.now() - started) / 1000;
    const copySeconds = await copyBaseline(url.toString(), dayStart);

    const windowStart = new Date(dayStart).toISOString();
    await call('PUT', '/api/v1/models/bench/versions/1/monitoring', { referenceDatasetId: reference.id, window: '1d', enabled: true }, 200);
    const pattern = new RegExp(
      `Window ${windowStart.replace(/[.]/g, '\\.')} of bench 1: \\w+, \\d+ rows, drift share [\\d.]+, computed in (\\d+) ms`,
    );
    const line = await api.waitForOutput(pattern, 1_800_000);
    const windowSeconds = Number(pattern.exec(line)[1]) / 1000;
    const rss = peakRssMb(api.child.pid);
    const window = await call('GET', `/api/v1/models/bench/versions/1/windows/${windowStart}`, undefined, 200);

    let scipySeconds = null;
    const currentFile = join(dir, 'current.csv');
    const out = createWriteStream(currentFile);
    out.write([...names, 'prediction', 'probability'].join(',') + '\n');
    for (let index = 0; index < rows; index++) {
      const row = loggedRow(index, dayStart);
      if (!out.write(`${names.map((feature) => row.features[feature]).join(',')},${row.prediction},${row.probability}\n`)) {
        await new Promise((done) => out.once('drain', done));
      }
    }
    await new Promise((done) => out.end(done));
    const testsFile = join(dir, 'tests.json');
    writeFileSync(
      testsFile,
      JSON.stringify(window.drift.columns.map(({ column, stattest, statistic }) => ({ column, stattest, statistic }))),
    );
    const python = spawnSync('/usr/bin/python3', [join(root, 'tools/bench/drift_scipy.py'), referenceFile, currentFile, testsFile], {
      encoding: 'utf8',
    });
    let maxDifference = null;
    if (python.status === 0) {
      const result = JSON.parse(python.stdout.trim().split('\n').pop());
      scipySeconds = result.seconds;
      maxDifference = result.maxRelativeDifference;
    } else {
      console.log(`SciPy comparison skipped: ${(python.stderr || python.error?.message || '').trim().split('\n').pop()}`);
    }

    console.log(`\nIngestion        ${ingestSeconds.toFixed(2)} s = ${Math.round(rows / ingestSeconds).toLocaleString('en')} rows/s`);
    console.log(`COPY baseline    ${copySeconds.toFixed(2)} s = ${Math.round(rows / copySeconds).toLocaleString('en')} rows/s`);
    console.log(`ratio            ${(copySeconds / ingestSeconds).toFixed(2)}× COPY (goal ≥ 0.25)`);
    console.log(
      `Window drift     ${windowSeconds.toFixed(2)} s (${window.rows.toLocaleString('en')} rows, ${window.drift.columns.length} columns, drift share ${window.drift.driftShare.toFixed(2)})`,
    );
    if (scipySeconds !== null) {
      console.log(`SciPy            ${scipySeconds.toFixed(2)} s (same statistics, same arrays, loading not timed)`);
      console.log(
        `ratio            ${(windowSeconds / scipySeconds).toFixed(2)}× SciPy (goal ≤ 1.0); max relative difference ${maxDifference.toExponential(2)}`,
      );
    }
    console.log(`API peak RSS     ${rss.toFixed(0)} MB (goal ≤ 600)`);
  } finally {
    await api?.stop();
    await withClient(server, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
