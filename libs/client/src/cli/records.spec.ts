import {
  ACTUALS_CSV,
  actualRowsFromCsv,
  decimal,
  featureKinds,
  looksLikeJsonLines,
  parseCsv,
  parseMetricPoints,
  predictionRowsFromCsv,
  PREDICTIONS_CSV,
  readCsvTable,
  UsageError,
} from './records';
import { formatTable } from './table';

describe('parseCsv', () => {
  it('handles quotes, escaped quotes, embedded delimiters and line breaks, CRLF and a BOM', () => {
    expect(parseCsv('\ufeffa,b\r\n"x,1","say ""hi"""\r\n"multi\nline",2\n\n')).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"'],
      ['multi\nline', '2'],
    ]);
  });
});

describe('parseMetricPoints', () => {
  it('reads the CSV layout with optional timestamp and label columns', () => {
    const text = 'model,version,name,value,timestamp,label.region\nm,1,acc,0.5,2026-01-01T00:00:00Z,eu\nm,1,acc,1e-3,,\n';
    expect(parseMetricPoints('points.csv', text)).toEqual([
      { model: 'm', version: '1', name: 'acc', value: 0.5, timestamp: '2026-01-01T00:00:00Z', labels: { region: 'eu' } },
      { model: 'm', version: '1', name: 'acc', value: 0.001 },
    ]);
  });

  it('reads JSON Lines', () => {
    expect(parseMetricPoints('p.jsonl', '{"model":"m","version":"1","name":"a","value":2}\n\n')).toEqual([
      { model: 'm', version: '1', name: 'a', value: 2 },
    ]);
  });

  it('refuses a missing column, an unknown column, a bad value and a short row with a usage error naming the line', () => {
    expect(() => parseMetricPoints('p.csv', 'model,version,name\nm,1,a\n')).toThrow(/"value" is missing/);
    expect(() => parseMetricPoints('p.csv', 'model,version,name,value,region\nm,1,a,1,eu\n')).toThrow(/unknown column\(s\) region/);
    expect(() => parseMetricPoints('p.csv', 'model,version,name,value\nm,1,a,abc\n')).toThrow(/line 2: value "abc"/);
    expect(() => parseMetricPoints('p.csv', 'model,version,name,value\nm,1,a\n')).toThrow(UsageError);
    expect(() => parseMetricPoints('p.jsonl', '{"value":"1"}\n')).toThrow(/Line 1/);
  });
});

describe('predictions CSV', () => {
  const kinds = featureKinds([
    { name: 'tenure', type: 'numerical', role: 'feature' },
    { name: 'plan', type: 'categorical', role: 'feature' },
    { name: 'id', type: 'categorical', role: 'feature' },
    { name: 'churned', type: 'categorical', role: 'target' },
  ]);

  it('reads id, prediction, probability, timestamp and features: numbers for numerical ones, text for the others', () => {
    const text =
      'id,timestamp,prediction,probability,tenure,plan,feature.id\n' +
      'r1,2026-12-01T10:00:00Z,1,0.8,3,pro,a-7\n' +
      'r2,,churn,,,007,\n' +
      'r3,,-2.5e1,1,12.5,"basic, yearly",x\n';
    expect(predictionRowsFromCsv(readCsvTable('p.csv', text, PREDICTIONS_CSV), kinds)).toEqual([
      { id: 'r1', timestamp: '2026-12-01T10:00:00Z', prediction: 1, probability: 0.8, features: { tenure: 3, plan: 'pro', id: 'a-7' } },
      { id: 'r2', prediction: 'churn', features: { tenure: null, plan: '007', id: null } },
      { id: 'r3', prediction: -25, probability: 1, features: { tenure: 12.5, plan: 'basic, yearly', id: 'x' } },
    ]);
  });

  it('names the missing column, an undeclared feature, a bad number and the line', () => {
    const read = (text: string) => predictionRowsFromCsv(readCsvTable('p.csv', text, PREDICTIONS_CSV), kinds);
    expect(() => read('id,tenure\nr1,3\n')).toThrow(
      'p.csv: the CSV header needs id,prediction[,probability][,timestamp][,<feature>…]; "prediction" is missing',
    );
    expect(() => read('prediction,tenure\n1,3\n')).toThrow(/"id" is missing/);
    expect(() => read('id,prediction,churned,age\nr1,1,0,30\n')).toThrow(
      /column\(s\) churned, age are not declared features of this version \(declared: tenure, plan, id\)/,
    );
    expect(() => read('id,prediction,tenure\nr1,1,3\nr2,1,three\n')).toThrow(
      'p.csv line 3: feature "tenure" is numerical, "three" is not a number',
    );
    expect(() => read('id,prediction,probability\nr1,1,high\n')).toThrow(/line 2: probability "high" is not a number/);
    expect(() => read('id,prediction\nr1,\n')).toThrow(/line 2: "prediction" is empty/);
    expect(() => read('id,prediction,plan,feature.plan\nr1,1,a,b\n')).toThrow(/feature "plan" is given by two columns/);
    expect(() => read('id,prediction\nr1\n')).toThrow(/line 2: 1 fields, the header has 2/);
    expect(() => read('')).toThrow(UsageError);
  });
});

describe('actuals CSV', () => {
  it('reads id, actual (a number when it reads as one) and timestamp', () => {
    const table = readCsvTable('a.csv', 'id,actual,timestamp\nr1,0,2026-12-01T11:00:00Z\nr2,churned,\nr3,0x10,\n', ACTUALS_CSV);
    expect(actualRowsFromCsv(table)).toEqual([
      { id: 'r1', actual: 0, timestamp: '2026-12-01T11:00:00Z' },
      { id: 'r2', actual: 'churned' },
      { id: 'r3', actual: '0x10' },
    ]);
  });

  it('names the missing column and refuses unknown ones', () => {
    expect(() => readCsvTable('a.csv', 'id,label\nr1,0\n', ACTUALS_CSV)).toThrow(
      'a.csv: the CSV header needs id,actual[,timestamp]; "actual" is missing',
    );
    expect(() => actualRowsFromCsv(readCsvTable('a.csv', 'id,actual,note\nr1,0,x\n', ACTUALS_CSV))).toThrow(/unknown column\(s\) note/);
    expect(() => actualRowsFromCsv(readCsvTable('a.csv', 'id,actual\nr1, \n', ACTUALS_CSV))).toThrow(/line 2: "actual" is empty/);
  });
});

describe('decimal and looksLikeJsonLines', () => {
  it('reads decimal numbers only', () => {
    expect(['12', ' -0.5 ', '1e-3', '.5', '0x10', 'Infinity', '', '1,5'].map(decimal)).toEqual([
      12,
      -0.5,
      0.001,
      0.5,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('tells JSON Lines from CSV by the name or the first character', () => {
    expect([
      looksLikeJsonLines('a.jsonl', 'id'),
      looksLikeJsonLines('a.txt', ' {"id":1}'),
      looksLikeJsonLines('a.csv', 'id,actual'),
    ]).toEqual([true, true, false]);
  });
});

describe('formatTable', () => {
  it('aligns columns under a header and a rule', () => {
    expect(
      formatTable(
        ['A', 'LONGER'],
        [
          ['xyz', 1],
          [null, 'b'],
        ],
      ),
    ).toBe('A    LONGER\n---  ------\nxyz  1\n-    b');
  });
});
