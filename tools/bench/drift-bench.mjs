#!/usr/bin/env node
/**
 * npm run bench:drift: the datasets and drift benchmark.
 * Generates a reference and a current CSV of 1,000,000 rows × 20 columns (15 numerical, 5 categorical),
 * starts the built API (dist/apps/api/main.js) on a fresh PostgreSQL database (BENCH_DATABASE_URL, default
 * the local server) or, with BENCH_EMBEDDED=1, on the embedded database; uploads both, runs a default drift
 * report and prints upload MB/s, the API's peak RSS, the report's seconds and, when /usr/bin/python3 has
 * SciPy, SciPy's seconds for the same statistics on the same arrays and the ratio.
 * Options (env): BENCH_ROWS (1000000), BENCH_DIR (tmp/bench-drift, files are reused), BENCH_PORT, BENCH_NODE_ARGS.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, openAsBlob, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_MAIN, benchNodeArgs, embeddedIn, postgresAt, seededRandom, startApi } from './support.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const dir = resolve(root, process.env.BENCH_DIR ?? 'tmp/bench-drift');
const port = process.env.BENCH_PORT ? Number(process.env.BENCH_PORT) : undefined;
const NUMERICAL = 15;
const CATEGORICAL = 5;
const CATEGORIES = ['walk', 'run', 'sit', 'sleep', 'cycle', 'drive', 'work', 'eat'];

function gaussian(random) {
  let u = 0;
  while (u === 0) u = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

async function generate(file, seed, shift) {
  if (existsSync(file) && existsSync(`${file}.done`)) return;
  const random = seededRandom(seed);
  const out = createWriteStream(file);
  const header = [...Array.from({ length: NUMERICAL }, (_, i) => `num_${i}`), ...Array.from({ length: CATEGORICAL }, (_, i) => `cat_${i}`)];
  out.write(header.join(',') + '\n');
  let batch = '';
  for (let row = 0; row < rows; row++) {
    const cells = [];
    for (let column = 0; column < NUMERICAL; column++) {
      // Every third column drifts in the current set; the rest only differ by sampling noise.
      const drift = column % 3 === 0 ? shift : 0;
      cells.push((10 * column + (1 + drift) * gaussian(random) + drift).toFixed(4));
    }
    for (let column = 0; column < CATEGORICAL; column++) {
      const skew = column % 2 === 0 ? shift : 0;
      const index = Math.min(CATEGORIES.length - 1, Math.floor(CATEGORIES.length * Math.pow(random(), 1 + skew)));
      cells.push(CATEGORIES[index]);
    }
    batch += cells.join(',') + '\n';
    if (batch.length > 1 << 20) {
      if (!out.write(batch)) await new Promise((done) => out.once('drain', done));
      batch = '';
    }
  }
  out.write(batch);
  await new Promise((done) => out.end(done));
  writeFileSync(`${file}.done`, '');
}

async function psql(url, sql) {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

async function main_() {
  if (!existsSync(API_MAIN)) throw new Error('Build the API first: npx nx build api');
  mkdirSync(dir, { recursive: true });
  const referenceFile = join(dir, `reference-${rows}.csv`);
  const currentFile = join(dir, `current-${rows}.csv`);
  console.log(`Generating ${rows.toLocaleString('en')} rows × 20 columns (reused when present) in ${dir} …`);
  await generate(referenceFile, 1, 0);
  await generate(currentFile, 2, 0.25);

  const adminKey = `bench-${randomBytes(24).toString('hex')}`;
  // The embedded database is for development: the API refuses it with NODE_ENV=production.
  const embedded = process.env.BENCH_EMBEDDED === '1';
  let database;
  let dropDatabase = async () => undefined;
  if (embedded) {
    database = embeddedIn(join(dir, `embedded-${Date.now()}`));
  } else {
    const server = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
    const name = `sam_bench_${randomBytes(4).toString('hex')}`;
    await psql(server, `CREATE DATABASE ${name}`);
    const url = new URL(server);
    url.pathname = `/${name}`;
    database = postgresAt(url.toString());
    dropDatabase = () => psql(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
  const headers = { Authorization: `Bearer ${adminKey}` };
  let api;
  try {
    api = await startApi({
      database,
      port,
      env: { NODE_ENV: embedded ? 'development' : 'production', ADMIN_API_KEY: adminKey, MAX_UPLOAD_MB: '1000' },
      startTimeoutMs: 120_000,
      nodeArgs: benchNodeArgs(),
    });
    const base = api.url;
    const upload = async (file, role) => {
      const form = new FormData();
      form.set('name', `bench ${role}`);
      form.set('role', role);
      form.set('file', await openAsBlob(file), `${role}.csv`);
      const started = performance.now();
      const response = await fetch(`${base}/api/v1/datasets`, { method: 'POST', headers, body: form });
      const seconds = (performance.now() - started) / 1000;
      const body = await response.json();
      if (response.status !== 201) throw new Error(`Upload failed: ${response.status} ${JSON.stringify(body)}`);
      const megabytes = statSync(file).size / 1024 / 1024;
      console.log(`Upload ${role}: ${megabytes.toFixed(1)} MB in ${seconds.toFixed(2)} s = ${(megabytes / seconds).toFixed(1)} MB/s`);
      return { id: body.id, megabytes, seconds };
    };
    const reference = await upload(referenceFile, 'reference');
    const current = await upload(currentFile, 'current');
    const started = performance.now();
    const response = await fetch(`${base}/api/v1/drift-reports`, {
      method: 'POST',
      headers: { ...headers, 'Content-Type': 'application/json' },
      body: JSON.stringify({ referenceDatasetId: reference.id, currentDatasetId: current.id }),
    });
    const reportSeconds = (performance.now() - started) / 1000;
    const report = await response.json();
    if (response.status !== 201) throw new Error(`Report failed: ${response.status} ${JSON.stringify(report)}`);
    const rss = peakRssMb(api.child.pid);
    const uploadRate = (reference.megabytes + current.megabytes) / (reference.seconds + current.seconds);
    console.log(`Drift report: ${report.totalColumns} columns, ${report.driftedColumns} drifted, in ${reportSeconds.toFixed(2)} s`);
    console.log(`  tests: ${[...new Set(report.columns.map((column) => column.stattest))].join(', ')}`);

    const tests = report.columns.map((column) => ({ column: column.column, stattest: column.stattest, statistic: column.statistic }));
    const testsFile = join(dir, 'tests.json');
    writeFileSync(testsFile, JSON.stringify(tests));
    let scipySeconds = null;
    const python = spawnSync('/usr/bin/python3', [join(root, 'tools/bench/drift_scipy.py'), referenceFile, currentFile, testsFile], {
      encoding: 'utf8',
    });
    if (python.status === 0) {
      const result = JSON.parse(python.stdout.trim().split('\n').pop());
      scipySeconds = result.seconds;
      if (result.maxRelativeDifference !== undefined)
        console.log(`  largest relative difference to SciPy's statistics: ${result.maxRelativeDifference.toExponential(2)}`);
    } else {
      console.log(`SciPy comparison skipped: ${(python.stderr || python.error?.message || '').trim().split('\n').pop()}`);
    }
    console.log('');
    console.log(`upload          ${uploadRate.toFixed(1)} MB/s (goal ≥ 30)`);
    console.log(`API peak RSS    ${rss.toFixed(0)} MB (goal ≤ 500)`);
    console.log(`drift report    ${reportSeconds.toFixed(2)} s`);
    if (scipySeconds !== null) {
      console.log(`SciPy           ${scipySeconds.toFixed(2)} s (same statistics, same arrays, after loading)`);
      console.log(`ratio           ${(scipySeconds / reportSeconds).toFixed(1)}× (report ≤ SciPy is the goal)`);
    }
  } finally {
    await api?.stop();
    await dropDatabase();
  }
}

main_().catch((error) => {
  console.error(error);
  process.exit(1);
});
