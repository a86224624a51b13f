#!/usr/bin/env node
// npm run bench:http — HTTP load benchmark of the production build on PostgreSQL (autocannon).
//
// Creates its own database on BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
// starts `node dist/apps/api/main.js` with NODE_ENV=production, seeds one model with 24 h of a
// metric (one point a minute), then runs, each with BENCH_CONNECTIONS (100) connections for
// BENCH_DURATION (20) seconds:
//   1. GET  /api/v1/models
//   2. GET  /api/v1/metrics/series (24 h, 1 h buckets, avg)
//   3. POST /api/v1/metrics with 1,000 points
// and the same against a bare node:http server answering the same JSON (the ceiling).
// Prints requests/s, p50/p99 latency, errors, non-2xx and API/ceiling ratios; writes
// bench-output/http.json; drops the database. BENCH_SCENARIOS (models,series,metrics) picks scenarios;
// BENCH_NODE_ARGS passes flags (e.g. --cpu-prof) to the API.
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { API_MAIN, benchNodeArgs, postgresAt, startApi } from './support.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const ADMIN_KEY = `bench-admin-${randomBytes(24).toString('hex')}`;

if (!existsSync(API_MAIN)) {
  console.error(`${API_MAIN} is missing: run \`npx nx build api\` (npm run bench:http builds it).`);
  process.exit(2);
}

async function sql(url, text, values) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

async function api(url, method, path, body) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return { status: response.status, text };
}

function run(url, { method, path, body }) {
  return new Promise((resolveRun, reject) => {
    const instance = autocannon(
      {
        url: `${url}${path}`,
        method,
        connections: CONNECTIONS,
        duration: DURATION,
        headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
        body,
      },
      (error, result) => (error ? reject(error) : resolveRun(result)),
    );
    autocannon.track(instance, { renderProgressBar: false, renderResultsTable: false, renderLatencyTable: false });
  });
}

/** A bare node:http server answering every request with the API's recorded answer. */
function ceilingServer(routes) {
  const server = createServer((request, response) => {
    const route = routes.get(`${request.method} ${request.url}`);
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      if (!route) {
        response.writeHead(404).end();
        return;
      }
      // Parse the body as the API must (the ceiling of a JSON API, not of a socket).
      if (chunks.length > 0) JSON.parse(Buffer.concat(chunks).toString());
      response.writeHead(route.status, { 'Content-Type': 'application/json; charset=utf-8' }).end(route.text);
    });
  });
  return new Promise((resolveServer) => server.listen(0, '127.0.0.1', () => resolveServer(server)));
}

const summary = (result) => ({
  requestsPerSecond: Math.round(result.requests.average),
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  errors: result.errors + result.timeouts,
  non2xx: result.non2xx,
  requests: result.requests.total,
  statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count])),
});

async function main() {
  const name = `sam_bench_http_${randomBytes(4).toString('hex')}`;
  await sql(serverUrl, `CREATE DATABASE ${name}`);
  const dbUrl = new URL(serverUrl);
  dbUrl.pathname = `/${name}`;
  const apiProcess = await startApi({
    database: postgresAt(dbUrl.toString()),
    env: {
      NODE_ENV: 'production',
      ADMIN_API_KEY: ADMIN_KEY,
      THROTTLE_LIMIT: '100000000',
      DB_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? '20',
    },
    waitFor: 'ready',
    nodeArgs: benchNodeArgs(),
  });
  const { url } = apiProcess;
  let ceiling;
  try {
    await api(url, 'POST', '/api/v1/models', { name: 'bench-model', task: 'binary-classification' });
    await api(url, 'POST', '/api/v1/models/bench-model/versions', { version: '1.0.0' });
    const now = Math.floor(Date.now() / 60_000) * 60_000;
    const history = Array.from({ length: 1440 }, (_, i) => ({
      model: 'bench-model',
      version: '1.0.0',
      name: 'accuracy',
      value: 0.8 + (i % 17) / 100,
      timestamp: new Date(now - (i + 1) * 60_000).toISOString(),
    }));
    await api(url, 'POST', '/api/v1/metrics', { points: history });
    const ingestBody = JSON.stringify({
      points: Array.from({ length: 1000 }, (_, i) => ({
        model: 'bench-model',
        version: '1.0.0',
        name: 'latency_ms',
        value: 20 + (i % 50),
        timestamp: new Date(now - i * 1000).toISOString(),
        labels: { host: `h${i % 4}` },
      })),
    });
    const from = new Date(now - 86_400_000).toISOString();
    const to = new Date(now).toISOString();
    const allScenarios = [
      { name: 'GET /api/v1/models', method: 'GET', path: '/api/v1/models' },
      {
        name: 'GET /api/v1/metrics/series (24 h, 1 h buckets)',
        method: 'GET',
        path: `/api/v1/metrics/series?model=bench-model&name=accuracy&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&bucket=1h&agg=avg`,
      },
      { name: 'POST /api/v1/metrics (1,000 points)', method: 'POST', path: '/api/v1/metrics', body: ingestBody },
    ];
    // BENCH_SCENARIOS=models,series picks scenarios by a word of their name (all by default).
    const picked = (process.env.BENCH_SCENARIOS ?? '').split(',').filter(Boolean);
    const scenarios =
      picked.length === 0 ? allScenarios : allScenarios.filter((scenario) => picked.some((word) => scenario.name.includes(word)));
    const routes = new Map();
    for (const scenario of scenarios) {
      const answer = await api(url, scenario.method, scenario.path, scenario.body === undefined ? undefined : JSON.parse(scenario.body));
      routes.set(`${scenario.method} ${scenario.path}`, answer);
    }
    ceiling = await ceilingServer(routes);
    const ceilingUrl = `http://127.0.0.1:${ceiling.address().port}`;

    const results = [];
    for (const scenario of scenarios) {
      process.stdout.write(`${scenario.name}: API...`);
      const apiResult = summary(await run(url, scenario));
      process.stdout.write(' ceiling...\n');
      const ceilingResult = summary(await run(ceilingUrl, scenario));
      results.push({
        scenario: scenario.name,
        api: apiResult,
        ceiling: ceilingResult,
        ratio: Number((apiResult.requestsPerSecond / ceilingResult.requestsPerSecond).toFixed(3)),
      });
    }

    console.log(
      `\n${CONNECTIONS} connections × ${DURATION} s each; ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), Node ${process.version}, production build on PostgreSQL\n`,
    );
    console.log('| scenario | API req/s | p50 ms | p99 ms | errors | non-2xx | ceiling req/s | ceiling p99 ms | API/ceiling |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const row of results) {
      console.log(
        `| ${row.scenario} | ${row.api.requestsPerSecond} | ${row.api.p50Ms} | ${row.api.p99Ms} | ${row.api.errors} | ${row.api.non2xx} | ${row.ceiling.requestsPerSecond} | ${row.ceiling.p99Ms} | ${row.ratio} |`,
      );
    }
    for (const row of results) console.log(`status codes, ${row.scenario}: ${JSON.stringify(row.api.statusCodes)}`);
    const goals = results.map(
      (row) =>
        `${row.scenario}: p99 ${row.api.p99Ms} ms ${row.api.p99Ms <= 100 ? '≤' : '>'} 100 ms, ${row.api.errors + row.api.non2xx === 0 ? 'no errors' : `${row.api.errors} errors, ${row.api.non2xx} non-2xx`}`,
    );
    console.log(`\nGoals (p99 ≤ 100 ms, no errors):\n  ${goals.join('\n  ')}`);
    mkdirSync(resolve(ROOT, 'bench-output'), { recursive: true });
    writeFileSync(
      resolve(ROOT, 'bench-output/http.json'),
      JSON.stringify({ connections: CONNECTIONS, durationSeconds: DURATION, cpus: cpus().length, node: process.version, results }, null, 2),
    );
  } finally {
    ceiling?.close();
    await apiProcess.stop();
    await sql(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
