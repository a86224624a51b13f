import 'reflect-metadata';
import { csvTextCell } from './csv-cell';

describe('csvTextCell', () => {
  it.each([
    ['=HYPERLINK("https://evil.example","x")', `"'=HYPERLINK(""https://evil.example"",""x"")"`],
    ["=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"],
    ['+SUM(A1:A2)', "'+SUM(A1:A2)"],
    ['-SUM(A1:A2)', "'-SUM(A1:A2)"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
    ['-', "'-"],
  ])('makes the formula %j inert with a leading quote', (value, written) => {
    expect(csvTextCell(value)).toBe(written);
  });

  it.each(['-3.5', '+2', '-1e-7', '-inf', '-0'])('leaves the number %j as it is', (value) => {
    expect(csvTextCell(value)).toBe(value);
  });

  it('leaves ordinary text alone and quotes what RFC 4180 requires', () => {
    expect(csvTextCell('walking')).toBe('walking');
    expect(csvTextCell('a=b')).toBe('a=b');
    expect(csvTextCell("it's")).toBe("it's");
    expect(csvTextCell('a,b')).toBe('"a,b"');
    expect(csvTextCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvTextCell(' padded ')).toBe('" padded "');
    expect(csvTextCell('two\nlines')).toBe('"two\nlines"');
  });
});
