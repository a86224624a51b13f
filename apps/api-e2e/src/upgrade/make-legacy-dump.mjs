// Makes legacy-database.sql and legacy-expected.json for upgrade.e2e-spec.ts.
// Run ONCE against the release being upgraded FROM (it was run on commit 03bcab4: NestJS 11, TypeORM 0.3.31):
//   createdb sam_legacy_dump; build that commit; start it with DATABASE_URL=.../sam_legacy_dump SEED_DEMO=false
//   ADMIN_API_KEY=<key> PORT=3917; then: node make-legacy-dump.mjs http://127.0.0.1:3917 <key>
//   pg_dump --inserts --no-owner --no-privileges sam_legacy_dump > legacy-database.sql
// --inserts keeps the dump plain SQL, so a pg client can restore it into PostgreSQL and the embedded database.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [base, adminKey] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));

async function call(method, path, key, body) {
  const init = { method, headers: { authorization: `Bearer ${key}` } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${base}${path}`, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const editor = (await call('POST', '/api/v1/api-keys', adminKey, { name: 'legacy-editor', role: 'editor' })).key;
await call('POST', '/api/v1/models', editor, {
  name: 'legacy-stress-model',
  task: 'binary-classification',
  displayName: 'Legacy stress model',
  owner: 'ml-team',
  tags: ['legacy', 'upgrade'],
  description: 'Created by the pre-upgrade release.',
});
await call('POST', '/api/v1/models/legacy-stress-model/versions', editor, {
  version: '1.0.0',
  framework: 'sklearn',
  trainingMetrics: { accuracy: 0.91, f1: 0.88 },
});
await call('POST', '/api/v1/models/legacy-stress-model/versions', editor, { version: '1.1.0', framework: 'sklearn' });
await call('PATCH', '/api/v1/models/legacy-stress-model/versions/1.0.0', editor, { stage: 'production' });
await call('PATCH', '/api/v1/models/legacy-stress-model/versions/1.1.0', editor, { stage: 'staging' });

const start = Date.parse('2026-12-01T00:00:00Z');
const points = [];
for (let hour = 0; hour < 48; hour++) {
  const ts = new Date(start + hour * 3_600_000).toISOString();
  points.push({ model: 'legacy-stress-model', version: '1.0.0', name: 'accuracy', value: 0.9 + (hour % 7) / 100, timestamp: ts });
  points.push({
    model: 'legacy-stress-model',
    version: '1.0.0',
    name: 'latency_ms',
    value: 20 + (hour % 11),
    timestamp: ts,
    labels: { region: 'eu' },
  });
}
await call('POST', '/api/v1/metrics', editor, { points });

const fixtures = JSON.parse(readFileSync(join(here, '../datasets/fixtures.json'), 'utf8'));
const datasetIds = {};
for (const role of ['reference', 'current']) {
  const form = new FormData();
  form.append('name', `legacy ${role}`);
  form.append('role', role);
  form.append('file', new Blob([fixtures.drift.small[role]], { type: 'text/csv' }), `${role}.csv`);
  datasetIds[role] = (await call('POST', '/api/v1/datasets', editor, form)).id;
}
const report = await call('POST', '/api/v1/drift-reports', editor, {
  referenceDatasetId: datasetIds.reference,
  currentDatasetId: datasetIds.current,
});
const chat = await call('POST', '/api/v1/chat', editor, { message: 'What is the latest accuracy of legacy-stress-model?' });

// What the pre-upgrade release answers; the upgraded API must answer the same.
const expected = {
  editorKey: editor,
  reads: {},
};
const reads = [
  '/api/v1/models/legacy-stress-model',
  '/api/v1/models/legacy-stress-model/versions',
  '/api/v1/models/legacy-stress-model/versions/1.0.0/stage-history',
  '/api/v1/metrics/series?model=legacy-stress-model&name=accuracy&version=1.0.0&from=2026-12-01T00:00:00Z&to=2026-12-03T00:00:00Z',
  '/api/v1/models/legacy-stress-model/metrics/names',
  '/api/v1/datasets',
  `/api/v1/datasets/${datasetIds.reference}`,
  `/api/v1/datasets/${datasetIds.current}/rows?limit=20`,
  `/api/v1/drift-reports/${report.id}`,
  `/api/v1/chat/conversations/${chat.conversationId}`,
];
for (const path of reads) expected.reads[path] = await call('GET', path, editor);
const download = await fetch(`${base}/api/v1/datasets/${datasetIds.current}/download`, { headers: { authorization: `Bearer ${editor}` } });
expected.currentDownload = { path: `/api/v1/datasets/${datasetIds.current}/download`, body: await download.text() };
writeFileSync(join(here, 'legacy-expected.json'), JSON.stringify(expected, null, 2) + '\n');
console.log('seeded; reads recorded:', Object.keys(expected.reads).length);
