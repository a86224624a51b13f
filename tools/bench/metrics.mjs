#!/usr/bin/env node
// npm run bench:metrics — metric ingestion and query benchmark on real PostgreSQL.
//
// Needs DATABASE_URL (a server where this user may CREATE DATABASE) and a production build
// (dist/apps/api/main.js; the npm script builds it). Creates its own database, starts the
// built API on it, and:
//   1. ingests BENCH_POINTS (1,000,000) points through POST /api/v1/metrics in 5,000-point
//      batches from 4 concurrent clients (bodies prepared before the clock starts);
//   2. COPYs the same rows into a table of the same shape (LIKE metric_points INCLUDING ALL);
//   3. fills metric_points to BENCH_TOTAL (10,000,000) points over 1,000 series, time-ordered;
//   4. runs BENCH_QUERIES (200) series queries (30 days, 1h buckets) over HTTP, one at a time.
// Prints API points/s, COPY rows/s, their ratio and query p50/p95; drops the database.
// BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the API's node, for profiling.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { API_MAIN, benchNodeArgs, postgresAt, seededRandom, startApi } from './support.mjs';

const POINTS = Number(process.env.BENCH_POINTS ?? 1_000_000);
const TOTAL = Number(process.env.BENCH_TOTAL ?? 10_000_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const BATCH = 5_000;
const CLIENTS = 4;
const VERSIONS = 10;
const NAMES_PER_VERSION = 100; // 10 × 100 = 1,000 series
const DAY = 86_400_000;

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) {
  console.error('DATABASE_URL is required: a PostgreSQL server where this user may create a database.');
  process.exit(2);
}
if (!existsSync(API_MAIN)) {
  console.error(`${API_MAIN} is missing: run "npx nx build api" first (npm run bench:metrics does).`);
  process.exit(2);
}

const log = (line) => process.stdout.write(`${line}\n`);
const seconds = (ms) => (ms / 1000).toFixed(1);
const rate = (count, ms) => Math.round((count / ms) * 1000);

async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function percentile(sorted, q) {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

async function call(url, key, method, path, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

async function main() {
  const name = `sam_bench_${randomBytes(5).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const adminKey = `bench-admin-${randomBytes(24).toString('hex')}`;
  let api;
  try {
    const info = await withClient(databaseUrl, (client) => client.query('SHOW server_version'));
    log(
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Node ${process.version}; PostgreSQL ${info.rows[0].server_version}`,
    );
    log(`Sizes: ${POINTS} API points, ${TOTAL} total, ${QUERIES} queries`);
    api = await startApi({
      database: postgresAt(databaseUrl),
      env: { NODE_ENV: 'production', ADMIN_API_KEY: adminKey, THROTTLE_LIMIT: '100000000' },
      waitFor: 'ready',
      nodeArgs: benchNodeArgs(),
    });

    await call(api.url, adminKey, 'POST', '/api/v1/models', { name: 'bench-model', task: 'regression' });
    const versions = Array.from({ length: VERSIONS }, (_, index) => `v${index + 1}`);
    for (const version of versions) await call(api.url, adminKey, 'POST', '/api/v1/models/bench-model/versions', { version });
    const names = Array.from({ length: NAMES_PER_VERSION }, (_, index) => `metric_${index}`);

    // 1. API ingestion. Points walk forward in time, series round-robin, like a fleet reporting.
    const next = seededRandom(42);
    const end = Date.now() - 60_000;
    const start = end - 30 * DAY;
    const step = (end - start) / POINTS;
    const bodies = [];
    const rows = [];
    for (let batchStart = 0; batchStart < POINTS; batchStart += BATCH) {
      const points = [];
      for (let i = batchStart; i < Math.min(POINTS, batchStart + BATCH); i++) {
        const series = i % (VERSIONS * NAMES_PER_VERSION);
        const point = {
          model: 'bench-model',
          version: versions[Math.floor(series / NAMES_PER_VERSION)],
          name: names[series % NAMES_PER_VERSION],
          value: Math.round(next() * 1e6) / 1e3,
          timestamp: new Date(Math.floor(start + i * step)).toISOString(),
        };
        points.push(point);
        rows.push(point);
      }
      bodies.push(JSON.stringify({ points }));
    }
    log(`Prepared ${bodies.length} bodies of ${BATCH} points (${(bodies[0].length / 1024).toFixed(0)} KiB each).`);
    let cursor = 0;
    const ingestStarted = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (cursor < bodies.length) {
          const body = bodies[cursor++];
          await call(api.url, adminKey, 'POST', '/api/v1/metrics', body);
        }
      }),
    );
    const ingestMs = performance.now() - ingestStarted;
    const apiRate = rate(POINTS, ingestMs);
    log(`API ingestion: ${POINTS} points in ${seconds(ingestMs)} s → ${apiRate} points/s`);

    // 2. COPY of the same rows into a table of the same shape (same indexes), one stream.
    const copyRate = await withClient(databaseUrl, async (client) => {
      const series = await client.query(
        `SELECT s.id, v.version, s.name FROM metric_series s JOIN model_versions v ON v.id = s.model_version_id`,
      );
      const ids = new Map(series.rows.map((row) => [`${row.version}/${row.name}`, row.id]));
      await client.query('CREATE TABLE bench_copy (LIKE metric_points INCLUDING ALL)');
      const chunks = [];
      for (let i = 0; i < rows.length; i += 10_000) {
        let text = '';
        for (const row of rows.slice(i, i + 10_000)) text += `${ids.get(`${row.version}/${row.name}`)}\t${row.timestamp}\t${row.value}\n`;
        chunks.push(text);
      }
      const copyStarted = performance.now();
      await pipeline(Readable.from(chunks), client.query(copyStreams.from('COPY bench_copy (series_id, ts, value) FROM STDIN')));
      const copyMs = performance.now() - copyStarted;
      const copied = Number((await client.query('SELECT count(*) FROM bench_copy')).rows[0].count);
      if (copied !== POINTS) throw new Error(`COPY stored ${copied} rows, expected ${POINTS}`);
      log(`COPY: ${POINTS} rows in ${seconds(copyMs)} s → ${rate(POINTS, copyMs)} rows/s`);
      await client.query('DROP TABLE bench_copy');
      return rate(POINTS, copyMs);
    });
    log(`Ratio API / COPY: ${(apiRate / copyRate).toFixed(2)} (goal ≥ 0.5)`);

    // 3. Fill to TOTAL points: the rest spread evenly over the same 30 days, in time order.
    const stored = Number((await withClient(databaseUrl, (client) => client.query('SELECT count(*) FROM metric_points'))).rows[0].count);
    if (stored !== POINTS) throw new Error(`the API stored ${stored} points, expected ${POINTS}`);
    const perSeries = Math.ceil((TOTAL - POINTS) / (VERSIONS * NAMES_PER_VERSION));
    const fillStarted = performance.now();
    await withClient(databaseUrl, async (client) => {
      await client.query('SET statement_timeout = 0');
      // In slices of time so no statement is huge.
      const slices = 10;
      for (let slice = 0; slice < slices; slice++) {
        const from = Math.floor((perSeries * slice) / slices);
        const to = Math.floor((perSeries * (slice + 1)) / slices);
        await client.query(
          `INSERT INTO metric_points (series_id, ts, value)
           SELECT s.id, to_timestamp(($1::float8 + g * $2::float8) / 1000), random() * 1000
           FROM generate_series($3::int, $4::int - 1) g CROSS JOIN metric_series s ORDER BY g, s.id`,
          [start, (end - start) / perSeries, from, to],
        );
      }
      await client.query('VACUUM ANALYZE metric_points');
    });
    const total = Number((await withClient(databaseUrl, (client) => client.query('SELECT count(*) FROM metric_points'))).rows[0].count);
    log(`Filled to ${total} points over ${VERSIONS * NAMES_PER_VERSION} series in ${seconds(performance.now() - fillStarted)} s`);

    // 4. Series queries: 30 days, 1h buckets (720), alternating avg and p95, random series.
    const pick = seededRandom(7);
    const timings = [];
    const aggs = ['avg', 'p95'];
    for (let query = 0; query < QUERIES; query++) {
      const params = new URLSearchParams({
        model: 'bench-model',
        name: names[Math.floor(pick() * names.length)],
        version: versions[Math.floor(pick() * versions.length)],
        agg: aggs[query % aggs.length],
        bucket: '1h',
        from: new Date(end - 30 * DAY).toISOString(),
        to: new Date(end + 60_000).toISOString(),
      });
      const started = performance.now();
      const result = await call(api.url, adminKey, 'GET', `/api/v1/metrics/series?${params}`);
      timings.push(performance.now() - started);
      if (query === 0) {
        const buckets = result.series[0]?.points.length ?? 0;
        const counted = result.series[0]?.points.reduce((sum, point) => sum + point.count, 0) ?? 0;
        log(`Query shape: ${buckets} buckets, ${counted} points aggregated per query`);
      }
    }
    timings.sort((a, b) => a - b);
    log(
      `Series queries (${QUERIES}, 30 days, 1h buckets, over HTTP): p50 ${percentile(timings, 0.5).toFixed(1)} ms, ` +
        `p95 ${percentile(timings, 0.95).toFixed(1)} ms, max ${timings[timings.length - 1].toFixed(1)} ms (goal p95 ≤ 50 ms)`,
    );
    log(
      JSON.stringify({
        apiPointsPerSecond: apiRate,
        copyRowsPerSecond: copyRate,
        ratio: Number((apiRate / copyRate).toFixed(3)),
        queryP50Ms: Number(percentile(timings, 0.5).toFixed(1)),
        queryP95Ms: Number(percentile(timings, 0.95).toFixed(1)),
        points: POINTS,
        total,
      }),
    );
  } finally {
    if (api) {
      await api.stop();
    }
    await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  }
}

main().catch((error) => {
  console.error(`Benchmark failed: ${error.message}`);
  process.exit(1);
});
