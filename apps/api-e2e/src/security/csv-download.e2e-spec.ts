import { ApiProcess, createTestDatabase, startApi, TestDatabase } from '@stress/e2e-support';
import { upload } from '../datasets/datasets-support';
import { http } from '../support/http';

// Found by a security probe: downloads gave formula cells back unchanged, in headers too, so a spreadsheet
// user opening the file ran them.
describe('dataset download: formula cells are inert', () => {
  let database: TestDatabase;
  let api: ApiProcess;
  beforeAll(async () => {
    database = await createTestDatabase();
    api = await startApi({ database, env: { THROTTLE_LIMIT: '100000' } });
  });
  afterAll(async () => {
    await api?.stop();
    await database?.drop();
  });

  it('prefixes formula-like text cells and header names with a quote and keeps numbers as they are', async () => {
    const csv = [
      'id,"=HYPERLINK(""https://evil.example"",""open"")",note',
      '1,"=cmd|\' /C calc\'!A0",+SUM(A1:A2)',
      '-2.5,@SUM(A1),-x',
      '3,plain,"\tx"',
    ].join('\n');
    const created = await upload(api.url, api.adminKey, csv, { name: 'formulas' }).expect(201);
    const download = await http(api.url, api.adminKey).get(`/api/v1/datasets/${created.body.id}/download`).expect(200);
    expect(download.text.split('\r\n')).toEqual([
      `id,"'=HYPERLINK(""https://evil.example"",""open"")",note`,
      `1,'=cmd|' /C calc'!A0,'+SUM(A1:A2)`,
      `-2.5,'@SUM(A1),'-x`,
      // The tab cell is trimmed at upload (cells are read without surrounding white space).
      '3,plain,x',
      '',
    ]);
  });
});
