import { parseCsv, parseMetricPoints, parseRows, UsageError } from './records';
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

describe('parseRows', () => {
  it('reads JSON Lines and refuses CSV', () => {
    expect(parseRows('a.jsonl', '{"id":"1","actual":0}\n', 'actual')).toEqual([{ id: '1', actual: 0 }]);
    expect(() => parseRows('a.csv', 'id,actual\n1,0\n', 'actual')).toThrow(UsageError);
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
