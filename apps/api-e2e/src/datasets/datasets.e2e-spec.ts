import { ApiProcess, createTestDatabase, startApi, TestDatabase, withClient } from '@stress/e2e-support';
import { createKey, expectErrorShape, http } from '../support/http';
import { bigCsv, expectClose, fixtures, idleProbeP90, p90, probeWhile, storedCounts, upload } from './datasets-support';

describe('datasets', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  let viewer: string;
  let editor: string;
  let admin: string;
  let profiled: { id: string; body: Record<string, unknown> };

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000' } });
    admin = api.adminKey;
    viewer = await createKey(api.url, admin, 'viewer');
    editor = await createKey(api.url, admin, 'editor');
    const response = await upload(api.url, editor, fixtures.profile.csv, {
      name: 'wearables week 47',
      role: 'reference',
      targetColumn: 'label',
      predictionColumn: 'pred',
      probabilityColumn: 'proba',
    }).expect(201);
    profiled = { id: response.body.id, body: response.body };
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('stores an upload and returns its columns, roles and profile equal to pandas/NumPy', () => {
    const body = profiled.body as {
      name: string;
      role: string;
      rowCount: number;
      sizeBytes: number;
      columns: Array<{ name: string; type: string; role: string }>;
      profile: Array<Record<string, unknown>>;
      createdAt: string;
    };
    expect(body).toMatchObject({
      name: 'wearables week 47',
      role: 'reference',
      model: null,
      version: null,
      rowCount: fixtures.profile.rows,
    });
    expect(body.sizeBytes).toBe(Buffer.byteLength(fixtures.profile.csv));
    expect(new Date(body.createdAt).getTime()).not.toBeNaN();
    expect(body.columns).toEqual([
      { name: 'heart_rate', type: 'numerical', role: 'feature' },
      { name: 'steps', type: 'numerical', role: 'feature' },
      { name: 'constant', type: 'numerical', role: 'feature' },
      { name: 'activity', type: 'categorical', role: 'feature' },
      { name: 'day', type: 'datetime', role: 'feature' },
      { name: 'comment', type: 'categorical', role: 'feature' },
      { name: 'label', type: 'numerical', role: 'target' },
      { name: 'pred', type: 'numerical', role: 'prediction' },
      { name: 'proba', type: 'numerical', role: 'probability' },
    ]);
    expect(body.profile.map((column) => column['name'])).toEqual(body.columns.map((column) => column.name));
    for (const column of body.profile) {
      const expected = fixtures.profile.expected[column['name'] as string];
      expectClose(column, expected, String(column['name']));
    }
  });

  it('warns about columns with more than 20% missing and constant columns', () => {
    const warnings = profiled.body['warnings'] as Array<{ code: string; column: string; message: string }>;
    const expectedMissing = Object.entries(fixtures.profile.expected)
      .filter(([, column]) => (column['missing'] as number) / fixtures.profile.rows > 0.2)
      .map(([name]) => name);
    expect(expectedMissing).toContain('activity');
    expect(warnings.filter((warning) => warning.code === 'many-missing').map((warning) => warning.column)).toEqual(expectedMissing);
    expect(warnings.filter((warning) => warning.code === 'constant').map((warning) => warning.column)).toEqual(['constant']);
    for (const warning of warnings) expect(warning.message).toContain(warning.column);
  });

  it('lists, filters and gets datasets for every role; the list leaves the profile out', async () => {
    const list = await http(api.url, viewer).get('/api/v1/datasets?role=reference&limit=10').expect(200);
    expect(list.body.total).toBeGreaterThanOrEqual(1);
    const item = list.body.items.find((entry: { id: string }) => entry.id === profiled.id);
    expect(item).toMatchObject({ name: 'wearables week 47', rowCount: fixtures.profile.rows });
    expect(item.profile).toBeUndefined();
    const none = await http(api.url, viewer).get('/api/v1/datasets?role=current').expect(200);
    expect(none.body.items.some((entry: { id: string }) => entry.id === profiled.id)).toBe(false);
    await http(api.url, viewer).get('/api/v1/datasets?role=sideways').expect(400);
    const one = await http(api.url, viewer).get(`/api/v1/datasets/${profiled.id}`).expect(200);
    expect(one.body.profile).toEqual(profiled.body['profile']);
    const missing = await http(api.url, viewer).get('/api/v1/datasets/6f1c1e9e-8a4b-4c11-9a55-0d3f9b1d2e3f').expect(404);
    expectErrorShape(missing.body, 404);
    await http(api.url).get('/api/v1/datasets').expect(401);
  });

  it('pages rows with numbers as numbers and missing values as null (at most 1,000)', async () => {
    const page = await http(api.url, viewer).get(`/api/v1/datasets/${profiled.id}/rows?offset=1&limit=3`).expect(200);
    expect(page.body.total).toBe(fixtures.profile.rows);
    expect(page.body.columns).toEqual(['heart_rate', 'steps', 'constant', 'activity', 'day', 'comment', 'label', 'pred', 'proba']);
    expect(page.body.rows).toHaveLength(3);
    // Line 3 of the CSV: 63.619,37,5,cycle,2026-02-11,"tired, sore",1,1,0.831579 (fixture data, fixed seed).
    const line = fixtures.profile.csv.split('\n')[2];
    expect(line.startsWith(String(page.body.rows[0][0]))).toBe(true);
    for (const row of page.body.rows) {
      expect(typeof row[1]).toBe('number');
      expect(row[2]).toBe(5);
      expect(row[3] === null || typeof row[3] === 'string').toBe(true);
    }
    const all = await http(api.url, viewer).get(`/api/v1/datasets/${profiled.id}/rows?limit=1000`).expect(200);
    expect(all.body.rows).toHaveLength(fixtures.profile.rows);
    const missingActivity = all.body.rows.filter((row: unknown[]) => row[3] === null).length;
    expect(missingActivity).toBe(fixtures.profile.expected['activity']['missing']);
    expect(all.body.rows.map((row: unknown[]) => row[5])).toContain('said "ok"');
    const past = await http(api.url, viewer).get(`/api/v1/datasets/${profiled.id}/rows?offset=100000`).expect(200);
    expect(past.body.rows).toEqual([]);
    await http(api.url, viewer).get(`/api/v1/datasets/${profiled.id}/rows?limit=1001`).expect(400);
  });

  it('downloads the CSV, and uploading the download gives the same profile', async () => {
    const response = await http(api.url, viewer)
      .get(`/api/v1/datasets/${profiled.id}/download`)
      .buffer(true)
      .parse((res, done) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => done(null, text));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="wearables_week_47.csv"/);
    const text = response.body as string;
    expect(text.split('\r\n')[0]).toBe('heart_rate,steps,constant,activity,day,comment,label,pred,proba');
    const again = await upload(api.url, editor, text, { name: 'round trip' }).expect(201);
    expect(again.body.profile).toEqual(profiled.body['profile']);
    expect(again.body.rowCount).toBe(fixtures.profile.rows);
  });

  it('computes binary classification quality equal to scikit-learn', async () => {
    const response = await http(api.url, viewer).get(`/api/v1/datasets/${profiled.id}/quality`).expect(200);
    expectClose(response.body, fixtures.profile.quality, 'quality');
  });

  it('computes multiclass quality with macro and weighted averages equal to scikit-learn', async () => {
    const created = await upload(api.url, editor, fixtures.multiclass.csv, {
      name: 'multiclass',
      targetColumn: 'truth',
      predictionColumn: 'guess',
    }).expect(201);
    const response = await http(api.url, viewer).get(`/api/v1/datasets/${created.body.id}/quality`).expect(200);
    expectClose(response.body, fixtures.multiclass.expected, 'quality');
  });

  it('answers 422 with what to do when a dataset has no target or prediction column', async () => {
    const created = await upload(api.url, editor, 'a,b\n1,2\n', { name: 'no labels' }).expect(201);
    const response = await http(api.url, viewer).get(`/api/v1/datasets/${created.body.id}/quality`).expect(422);
    expectErrorShape(response.body, 422);
    expect(response.body.message).toMatch(/targetColumn and predictionColumn/);
  });

  it('accepts fields after the file, detects semicolons and tabs, and honours delimiter and columnTypes', async () => {
    const after = await upload(
      api.url,
      editor,
      'x;y;label\n1,5;a;1\n2,5;b;0\n',
      { name: 'fields after file', targetColumn: 'label' },
      { fileFirst: true },
    ).expect(201);
    expect(after.body).toMatchObject({ name: 'fields after file', delimiter: ';', targetColumn: 'label' });
    expect(after.body.columns.map((column: { type: string }) => column.type)).toEqual(['categorical', 'categorical', 'numerical']);
    const tabs = await upload(api.url, editor, 'a\tb\n1\t2\n3\t4\n', { name: 'tabs' }).expect(201);
    expect(tabs.body.delimiter).toBe('\t');
    expect(tabs.body.profile[0]).toMatchObject({ name: 'a', count: 2, mean: 2 });
    const forced = await upload(api.url, editor, 'a,b;c\n1,2;3\n', { name: 'forced', delimiter: ';', columnTypes: '{"c":"text"}' }).expect(
      201,
    );
    expect(forced.body.columns).toEqual([
      { name: 'a,b', type: 'categorical', role: 'feature' },
      { name: 'c', type: 'text', role: 'feature' },
    ]);
    const late = await upload(
      api.url,
      editor,
      'code,v\n1,2\n2,3\n',
      { name: 'late types', columnTypes: '{"code":"categorical"}' },
      { fileFirst: true },
    ).expect(201);
    expect(late.body.columns[0]).toEqual({ name: 'code', type: 'categorical', role: 'feature' });
    expect(late.body.profile[0].top).toEqual([
      { value: '1', count: 1 },
      { value: '2', count: 1 },
    ]);
  });

  it('turns a column categorical at its first non-number, even past the first stored chunk, keeping the texts the file holds', async () => {
    // Number-like codes written in ways a number would not give back; 'nan' is a category once the column is text.
    const spellings = ['007', '1.50', '+3', '.5', '1e3', '72.0', '-0', 'nan', '4'];
    const rows = Array.from({ length: 70_000 }, (_, index) => `${spellings[index % spellings.length]},${index}`);
    rows[69_999] = 'seven,69999';
    const created = await upload(api.url, editor, `kind,n\n${rows.join('\n')}\n`, { name: 'late text' }).expect(201);
    expect(created.body.columns[0].type).toBe('categorical');
    expect(created.body.profile[0]).toMatchObject({ count: 70_000, missing: 0, distinct: spellings.length + 1 });
    const top = new Map(
      (created.body.profile[0].top as Array<{ value: string; count: number }>).map((entry) => [entry.value, entry.count]),
    );
    expect(new Set(top.keys())).toEqual(new Set([...spellings, 'seven']));
    expect(top.get('007')).toBe(Math.ceil(69_999 / spellings.length));
    const page = await http(api.url, viewer).get(`/api/v1/datasets/${created.body.id}/rows?offset=69998&limit=2`).expect(200);
    expect(page.body.rows).toEqual([
      [spellings[69_998 % spellings.length], 69998],
      ['seven', 69999],
    ]);
    const first = await http(api.url, viewer)
      .get(`/api/v1/datasets/${created.body.id}/rows?offset=0&limit=${spellings.length}`)
      .expect(200);
    expect(first.body.rows).toEqual(spellings.map((text, index) => [text, index]));
    const download = await http(api.url, viewer).get(`/api/v1/datasets/${created.body.id}/download`).expect(200);
    expect(download.text.split('\r\n').slice(1, 1 + spellings.length)).toEqual(spellings.map((text, index) => `${text},${index}`));
    // The cell formats kept while the file streamed in are gone once it is stored.
    if (database.url) {
      await withClient(database.url, async (client) => {
        const left = await client.query(`SELECT count(*)::int AS n FROM dataset_chunks WHERE kind = 'formats'`);
        expect(left.rows[0].n).toBe(0);
      });
    }
    // Declared categorical only after the file: every cell was stored as a number, and still comes back as written.
    const late = await upload(
      api.url,
      editor,
      'zip,v\n02139,1\n10001.0,2\n',
      { name: 'late zip', columnTypes: '{"zip":"categorical"}' },
      { fileFirst: true },
    ).expect(201);
    expect(late.body.profile[0].top.map((entry: { value: string }) => entry.value).sort()).toEqual(['02139', '10001.0']);
  });

  describe('refusals store nothing', () => {
    const cases: Array<[string, string | Buffer, Record<string, string>, number, RegExp, { fileFirst?: boolean }?]> = [
      ['an empty file', '', { name: 'x' }, 400, /empty/],
      ['a header without rows', 'a,b\n', { name: 'x' }, 400, /no data rows/],
      ['no header row', '1,2\n3,4\n', { name: 'x' }, 400, /no header row/],
      ['duplicate column names', 'a,b,a\n1,2,3\n', { name: 'x' }, 400, /"a" twice/],
      ['an empty column name', 'a,,c\n1,2,3\n', { name: 'x' }, 400, /Column 2 of the header/],
      ['a row with the wrong number of fields', 'a,b\n1,2\n3,4\n5\n', { name: 'x' }, 400, /Line 4 has 1 field but the header has 2/],
      [
        'invalid UTF-8',
        Buffer.concat([Buffer.from('a,b\n1,2\n3,'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]),
        { name: 'x' },
        400,
        /not valid UTF-8 \(line 3\)/,
      ],
      ['binary content', Buffer.from([0x61, 0x2c, 0x62, 0x0a, 0x00, 0x01, 0x02, 0x0a]), { name: 'x' }, 400, /binary content/],
      ['a target column that does not exist', 'a,b\n1,2\n', { name: 'x', targetColumn: 'label' }, 400, /targetColumn names column "label"/],
      [
        'a prediction column named after the file',
        'a,b\n1,2\n',
        { name: 'x', predictionColumn: 'p' },
        400,
        /predictionColumn names column "p"/,
        { fileFirst: true },
      ],
      [
        'columnTypes naming an unknown column',
        'a,b\n1,2\n',
        { name: 'x', columnTypes: '{"z":"text"}' },
        400,
        /columnTypes names column "z"/,
      ],
      ['columnTypes that is not JSON', 'a,b\n1,2\n', { name: 'x', columnTypes: '{oops' }, 400, /columnTypes is not valid JSON/],
      [
        'a forced numerical column holding text',
        'a,b\n1,2\nx,3\n',
        { name: 'x', columnTypes: '{"a":"numerical"}' },
        400,
        /line 3 holds "x"/,
      ],
      ['no name', 'a,b\n1,2\n', {}, 400, /name/],
      ['a model without a version', 'a,b\n1,2\n', { name: 'x', model: 'stress-detector' }, 400, /model and version go together/],
      ['an unknown role', 'a,b\n1,2\n', { name: 'x', role: 'sideways' }, 400, /role/],
      ['an unknown field', 'a,b\n1,2\n', { name: 'x', colour: 'blue' }, 400, /colour/],
      ['an unterminated quote', 'a,b\n1,"2\n3,4\n', { name: 'x' }, 400, /opened on line 2 is never closed/],
    ];

    // A rest parameter: jest would take a sixth declared parameter for a `done` callback on 5-column rows.
    it.each(cases)('refuses %s', async (...[, csv, fields, status, message, options]) => {
      const before = await storedCounts(api.url, admin, database);
      const response = await upload(api.url, editor, csv, fields, options ?? {});
      expect(response.status).toBe(status);
      expectErrorShape(response.body, status);
      expect(response.body.message).toMatch(message);
      expect(await storedCounts(api.url, admin, database)).toEqual(before);
    });

    it('refuses a request that is not multipart, a malformed body and an upload without a file', async () => {
      const before = await storedCounts(api.url, admin, database);
      const json = await http(api.url, editor).post('/api/v1/datasets').send({ name: 'x' }).expect(400);
      expect(json.body.message).toMatch(/multipart\/form-data/);
      const malformed = await http(api.url, editor)
        .post('/api/v1/datasets')
        .set('Content-Type', 'multipart/form-data; boundary=XYZ')
        .send('--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\na,b\n1,2\n')
        .expect(400);
      expectErrorShape(malformed.body, 400);
      const noFile = await http(api.url, editor).post('/api/v1/datasets').field('name', 'x').expect(400);
      expect(noFile.body.message).toMatch(/no "file" field/);
      expect(await storedCounts(api.url, admin, database)).toEqual(before);
    });
  });

  it('needs editor to upload and admin to delete; deleting removes everything stored', async () => {
    await upload(api.url, viewer, 'a\n1\n', { name: 'x' }).expect(403);
    const before = await storedCounts(api.url, admin, database);
    const created = await upload(api.url, editor, 'a,b\n1,x\n2,y\n', { name: 'to delete' }).expect(201);
    await http(api.url, editor).delete(`/api/v1/datasets/${created.body.id}`).expect(403);
    await http(api.url, viewer).delete(`/api/v1/datasets/${created.body.id}`).expect(403);
    await http(api.url, admin).delete(`/api/v1/datasets/${created.body.id}`).expect(204);
    await http(api.url, viewer).get(`/api/v1/datasets/${created.body.id}`).expect(404);
    await http(api.url, admin).delete(`/api/v1/datasets/${created.body.id}`).expect(404);
    expect(await storedCounts(api.url, admin, database)).toEqual(before);
  });

  it('keeps /health/live answering while a large upload is parsed, stored and profiled', async () => {
    const csv = bigCsv(150_000);
    const idle = await idleProbeP90(api.url);
    const { result, latencies } = await probeWhile(
      api.url,
      upload(api.url, editor, csv, { name: 'big' }).then((response) => response),
    );
    expect(result.status).toBe(201);
    expect(result.body.rowCount).toBe(150_000);
    expect(latencies.length).toBeGreaterThan(3);
    // The target is 200 ms; the 90th percentile over the idle one keeps a loaded CI machine from failing it.
    expect(p90(latencies) - idle).toBeLessThan(200);
  });
});

describe('datasets upload limit', () => {
  let database: TestDatabase;
  let api: ApiProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000', MAX_UPLOAD_MB: '1' } });
  });

  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('answers 413 above MAX_UPLOAD_MB and stores nothing', async () => {
    const before = await storedCounts(api.url, api.adminKey, database);
    const csv = bigCsv(20_000);
    expect(csv.length).toBeGreaterThan(1024 * 1024);
    const response = await upload(api.url, api.adminKey, csv, { name: 'too big' });
    expect(response.status).toBe(413);
    expectErrorShape(response.body, 413);
    expect(response.body.message).toMatch(/MAX_UPLOAD_MB/);
    expect(await storedCounts(api.url, api.adminKey, database)).toEqual(before);
    // The API still serves uploads afterwards.
    await upload(api.url, api.adminKey, 'a\n1\n', { name: 'small' }).expect(201);
  });
});
