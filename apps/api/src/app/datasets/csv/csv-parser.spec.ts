import { CsvFormatError, CsvParser, detectDelimiter } from './csv-parser';

function parse(
  chunks: string[],
  delimiter?: string,
): { header: string[]; rows: Array<{ fields: string[]; line: number }>; delimiter: string | null } {
  let header: string[] = [];
  const rows: Array<{ fields: string[]; line: number }> = [];
  const parser = new CsvParser({ header: (fields) => (header = fields), row: (fields, line) => rows.push({ fields, line }) }, delimiter);
  for (const chunk of chunks) parser.push(chunk);
  parser.end();
  return { header, rows, delimiter: parser.detectedDelimiter };
}

/** Every way of cutting `text` into two chunks must give the same records. */
function parseAllSplits(text: string): void {
  const whole = parse([text]);
  for (let cut = 0; cut <= text.length; cut++) {
    expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
  }
}

describe('CsvParser', () => {
  it('reads unquoted rows with LF and CRLF line ends and line numbers', () => {
    const result = parse(['a,b\r\n1,2\r\n3,4\n']);
    expect(result.header).toEqual(['a', 'b']);
    expect(result.rows).toEqual([
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 3 },
    ]);
  });

  it('reads a last line without a line end', () => {
    expect(parse(['a,b\n1,2']).rows).toEqual([{ fields: ['1', '2'], line: 2 }]);
  });

  it('handles quotes, escaped quotes, delimiters and line breaks inside quotes', () => {
    const result = parse(['name,note\n"Smith, J","said ""hi""\nthen left"\nplain,"x"\n']);
    expect(result.rows).toEqual([
      { fields: ['Smith, J', 'said "hi"\nthen left'], line: 2 },
      { fields: ['plain', 'x'], line: 4 },
    ]);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    parseAllSplits('a,b,c\r\n"1,5","x""y",\r\n"multi\r\nline",2,"end"\r\n\r\n4,5,6');
  });

  it('skips blank lines but counts them in line numbers', () => {
    expect(parse(['a\n\n1\n\n2\n']).rows).toEqual([
      { fields: ['1'], line: 3 },
      { fields: ['2'], line: 5 },
    ]);
  });

  it('detects comma, semicolon and tab from the header, or takes the given delimiter', () => {
    expect(parse(['a;b;c\n1;2;3\n']).delimiter).toBe(';');
    expect(parse(['a\tb\n1\t2\n']).rows[0].fields).toEqual(['1', '2']);
    expect(parse(['a,b;c\n1,2;3\n'], ';').rows[0].fields).toEqual(['1,2', '3']);
    expect(detectDelimiter('"x;y",b,c')).toBe(',');
    expect(detectDelimiter('single')).toBe(',');
  });

  it('refuses a row with the wrong number of fields, naming the line', () => {
    expect(() => parse(['a,b\n1,2\n3\n'])).toThrow(
      new CsvFormatError(
        'Line 3 has 1 field but the header has 2. Every row needs one value per column (quote values that contain the delimiter).',
      ),
    );
  });

  it('refuses an unterminated quote, naming the line it opened on', () => {
    expect(() => parse(['a,b\n1,2\n"open,3\n4,5\n'])).toThrow(/opened on line 3 is never closed/);
  });
});
