import 'reflect-metadata';
import { Readable } from 'node:stream';
import { ColumnType } from '@stress/contracts';
import { seededRandom } from '@stress/statistics';
import {
  CHUNK_ROWS,
  CellFormat,
  ColumnBuilder,
  decodeCellFormats,
  encodeCellFormats,
  FORMAT_VERBATIM,
  INITIAL_CHUNK_CAPACITY,
  isIsoDate,
  numberCellText,
  parseNumber,
  parseSimpleDecimal,
} from './column-values';
import { CsvIngest } from './csv-ingest';
import type { StoredChunk } from './dataset-chunks.store';

describe('parseNumber', () => {
  it('reads decimals, exponents, infinities and NaN as pandas does', () => {
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber('-0.5')).toBe(-0.5);
    expect(parseNumber('.25')).toBe(0.25);
    expect(parseNumber('1e-3')).toBe(0.001);
    expect(parseNumber('+7.')).toBe(7);
    expect(parseNumber('inf')).toBe(Infinity);
    expect(parseNumber('-Infinity')).toBe(-Infinity);
    expect(parseNumber('NaN')).toBeNaN();
  });

  it('refuses what pandas reads as text', () => {
    for (const text of ['0x1f', '0b11', '1_000', '1,5', 'abc', '-', '.', '1e', '12a']) expect(parseNumber(text)).toBeUndefined();
  });
});

describe('parseSimpleDecimal', () => {
  it('equals Number(text) for plain decimals and says NaN for anything else', () => {
    const random = seededRandom(7);
    let fast = 0;
    for (let index = 0; index < 20_000; index++) {
      const text = ((random() - 0.5) * 10 ** Math.floor(random() * 12)).toFixed(Math.floor(random() * 9));
      const parsed = parseSimpleDecimal(text, 0, text.length);
      // More than 15 significant digits leave the fast path (NaN); everything else must be exact.
      if (Number.isNaN(parsed)) continue;
      fast++;
      if (!Object.is(parsed, Number(text))) throw new Error(`${text}: ${parsed} !== ${Number(text)}`);
    }
    expect(fast).toBeGreaterThan(15_000);
    expect(parseSimpleDecimal('x12.5y', 1, 5)).toBe(12.5);
    expect(parseSimpleDecimal('-0', 0, 2)).toBe(-0);
    for (const text of ['1e5', ' 1', '1.2.3', '', '-', '12345678901234567']) expect(parseSimpleDecimal(text, 0, text.length)).toBeNaN();
  });
});

describe('cell formats', () => {
  it('gives back the text of every plain decimal from its value and decimals', () => {
    const random = seededRandom(11);
    const format: CellFormat = { code: 0 };
    let checked = 0;
    for (let index = 0; index < 20_000; index++) {
      const digits = Math.floor(random() * 9);
      const text = ((random() - 0.5) * 10 ** Math.floor(random() * 14)).toFixed(digits);
      const value = parseSimpleDecimal(text, 0, text.length, format);
      if (Number.isNaN(value)) continue;
      checked++;
      expect(format.code).toBe(digits);
      if (numberCellText(value, format.code, undefined) !== text)
        throw new Error(`${text} came back as ${numberCellText(value, format.code, undefined)}`);
    }
    expect(checked).toBeGreaterThan(15_000);
    for (const text of ['-0', '-0.00', '0.0', '72.0', '1.50', '-3', '0.000001']) {
      expect(numberCellText(parseSimpleDecimal(text, 0, text.length, format), format.code, undefined)).toBe(text);
    }
  });

  it('marks spellings toFixed cannot give back as verbatim', () => {
    const format: CellFormat = { code: 0 };
    for (const text of ['007', '+3', '.5', '-.5', '5.', '00.5', '+0']) {
      expect(parseSimpleDecimal(text, 0, text.length, format)).toBe(Number(text));
      expect([text, format.code]).toEqual([text, FORMAT_VERBATIM]);
    }
  });

  it('round-trips formats and verbatim texts through their stored bytes', () => {
    const formats = Int8Array.from([2, -1, -3, -2, 0]);
    const bytes = encodeCellFormatsFor(formats, new Map([[2, 'ünïcode "quoted", 007']]));
    const decoded = decodeCellFormats(bytes, 5);
    expect(Array.from(decoded.formats)).toEqual([2, -1, -3, -2, 0]);
    expect([...decoded.verbatim]).toEqual([[2, 'ünïcode "quoted", 007']]);
    expect([...decodeCellFormats(encodeCellFormatsFor(formats, new Map()), 5).verbatim]).toEqual([]);
  });
});

describe('isIsoDate', () => {
  it('accepts ISO dates and date-times only', () => {
    expect(isIsoDate('2026-11-27')).toBe(true);
    expect(isIsoDate('2026-11-27T10:15:00Z')).toBe(true);
    expect(isIsoDate('2026-11-27 10:15:00.123+01:00')).toBe(true);
    expect(isIsoDate('27/11/2026')).toBe(false);
    expect(isIsoDate('2026-13-45')).toBe(false);
  });
});

describe('CsvIngest', () => {
  async function ingest(text: string, columnTypes?: Record<string, ColumnType>, chunkBytes = 7, maxColumns = 2_000) {
    const written: StoredChunk[] = [];
    // Like the real store, reads the arrays later (after parsing went on) and keeps copies: the ingest
    // may reuse a chunk's array once its write has finished, never before.
    const reader = new CsvIngest({
      maxBytes: 1e9,
      maxColumns,
      columnTypes,
      writeChunks: async (chunks) => {
        await new Promise((resolve) => setImmediate(resolve));
        written.push(...chunks.map((chunk) => ({ ...chunk, values: chunk.values.slice() })));
      },
    });
    const bytes = Buffer.from(text, 'utf8');
    const parts: Buffer[] = [];
    for (let start = 0; start < bytes.length; start += chunkBytes) parts.push(bytes.subarray(start, start + chunkBytes));
    await reader.consume(Readable.from(parts) as never);
    return { reader, written };
  }

  it('infers numbers, keeps missing cells as NaN and turns a column categorical at its first non-number', async () => {
    const { reader, written } = await ingest('x;y;z\n1;a;2\n;b;3\n2.5;c;oops\n');
    expect(reader.delimiter).toBe(';');
    expect(reader.rowCount).toBe(3);
    const [x, y, z] = reader.builders;
    expect(x.storage).toBe('numbers');
    expect(Array.from(written.find((chunk) => chunk.ordinal === 0 && chunk.kind === 'values')?.values ?? [])).toEqual([1, NaN, 2.5]);
    expect(x.missing).toBe(1);
    expect(y.storage).toBe('codes');
    expect(z.storage).toBe('codes');
    expect(z.values).toEqual(['2', '3', 'oops']);
    expect(Array.from(written.find((chunk) => chunk.ordinal === 2 && chunk.kind === 'values')?.values ?? [])).toEqual([0, 1, 2]);
  });

  it('keeps the texts the file holds when a column turns categorical, in the chunk in progress and in stored chunks', async () => {
    const spellings = ['007', '1.50', '+3', '.5', '1e3', 'nan', 'NaN', '-0', '72.0', '0.30000000000000004', 'inf', '', ' 12 ', '"45"'];
    const rows = CHUNK_ROWS + 10;
    let text = 'id,code\n';
    for (let row = 0; row < rows; row++) text += `${row},${spellings[row % spellings.length]}\n`;
    text += `${rows},other\n`;
    const { reader, written } = await ingest(text, undefined, 65_536);
    const code = reader.builders[1];
    expect(code.storage).toBe('codes');
    expect(code.convertedFromSeq).toBe(1);
    // The stored first chunk, re-encoded as the upload's completion does it.
    const numbers = written.find((chunk) => chunk.ordinal === 1 && chunk.kind === 'values' && chunk.seq === 0)?.values as Float64Array;
    const stored = written.find((chunk) => chunk.ordinal === 1 && chunk.kind === 'formats' && chunk.seq === 0)?.values as Uint8Array;
    const { formats, verbatim } = decodeCellFormats(stored, numbers.length);
    const firstChunk = Array.from(numbers, (value, index) => code.encodeNumber(value, formats[index], verbatim.get(index)));
    const later = Array.from(written.find((chunk) => chunk.ordinal === 1 && chunk.kind === 'values' && chunk.seq === 1)?.values ?? []);
    const texts = [...firstChunk, ...later].map((entry) => (entry === -1 ? '' : code.values[entry]));
    const expected = Array.from({ length: rows }, (_, row) => spellings[row % spellings.length].trim().replace(/^"(.*)"$/, '$1'));
    expect(texts).toEqual([...expected, 'other']);
    expect(code.missing).toBe(expected.filter((value) => value === '').length);
    // A column that stays numerical stores formats too (until the upload completes); a declared one does not.
    expect(written.some((chunk) => chunk.ordinal === 0 && chunk.kind === 'formats')).toBe(true);
    const declared = await ingest('a,b\n1,2\n', { a: ColumnType.Numerical });
    expect(declared.written.filter((chunk) => chunk.kind === 'formats').map((chunk) => chunk.ordinal)).toEqual([1]);
  });

  it('keeps every value across several chunks while reusing their arrays, and counts categories found by hash', async () => {
    const rows = 2 * CHUNK_ROWS + 100;
    const categories = ['walk', 'run', ' sit ', 'sleep', ''];
    let text = 'x,activity\n';
    for (let row = 0; row < rows; row++) text += `${row / 4},${categories[row % categories.length]}\n`;
    const { reader, written } = await ingest(text, undefined, 65_536);
    expect(reader.rowCount).toBe(rows);
    const [x, activity] = reader.builders;
    const stored = (ordinal: number): number[] =>
      written
        .filter((chunk) => chunk.ordinal === ordinal && chunk.kind === 'values')
        .sort((a, b) => a.seq - b.seq)
        .flatMap((chunk) => Array.from(chunk.values));
    expect(written.filter((chunk) => chunk.ordinal === 0 && chunk.kind === 'values').map((chunk) => chunk.values.length)).toEqual([
      CHUNK_ROWS,
      CHUNK_ROWS,
      100,
    ]);
    const xs = stored(0);
    expect(xs).toHaveLength(rows);
    expect(xs.every((value, row) => value === row / 4)).toBe(true);
    expect(x.missing).toBe(0);
    expect(activity.values).toEqual(['walk', 'run', 'sit', 'sleep']);
    const perCategory = Math.floor(rows / categories.length);
    expect(activity.counts).toEqual(
      [perCategory, perCategory, perCategory, perCategory].map((count, code) => count + (code < rows % categories.length ? 1 : 0)),
    );
    expect(activity.missing).toBe(rows - activity.counts.reduce((sum, count) => sum + count, 0));
    const codes = stored(1);
    expect(codes.every((code, row) => code === (row % categories.length === 4 ? -1 : row % categories.length))).toBe(true);
  });

  it('refuses a value that breaks a forced numerical type, naming the line', async () => {
    await expect(ingest('a,b\n1,2\nx,3\n', { a: ColumnType.Numerical })).rejects.toThrow(/declared numerical .* line 3 holds "x"/);
  });

  it('refuses empty files, header-only files, duplicate names, NUL bytes and invalid UTF-8', async () => {
    await expect(ingest('')).rejects.toThrow(/The file is empty/);
    await expect(ingest('a,b\n')).rejects.toThrow(/no data rows/);
    await expect(ingest('a,b,a\n1,2,3\n')).rejects.toThrow(/names column "a" twice \(columns 1 and 3\)/);
    await expect(ingest('a,\n1,2\n')).rejects.toThrow(/Column 2 of the header \(line 1\) has no name/);
    await expect(ingest('1,2\n3,4\n')).rejects.toThrow(/no header row/);
    await expect(ingest('a,b\n1,2\n3,\u0000\n')).rejects.toThrow(/NUL byte on line 3/);
    const reader = new CsvIngest({ maxBytes: 1e9, maxColumns: 2_000, writeChunks: async () => undefined });
    await expect(
      reader.consume(Readable.from([Buffer.from('a,b\n1,2\n'), Buffer.from([0x33, 0x2c, 0xff, 0x0a])]) as never),
    ).rejects.toThrow(/not valid UTF-8 \(line 3\)/);
  });

  it('refuses a header wider than maxColumns before making any column', async () => {
    await expect(ingest('a,b,c\n1,2,3\n', undefined, 7, 2)).rejects.toThrow(/names 3 columns; the limit is 2 \(MAX_COLUMNS\)/);
    const { reader } = await ingest('a,b\n1,2\n', undefined, 7, 2);
    expect(reader.builders).toHaveLength(2);
  });

  it("grows a column's arrays with its rows, past the first capacity and across full chunks", async () => {
    const rows = CHUNK_ROWS + INITIAL_CHUNK_CAPACITY * 3 + 7;
    const text = 'n,c\n' + Array.from({ length: rows }, (_, row) => `${row},${row < 300 ? row : `t${row % 5}`}`).join('\n') + '\n';
    const { reader, written } = await ingest(text, undefined, 64 * 1024);
    expect(reader.rowCount).toBe(rows);
    const numbers = written.filter((chunk) => chunk.ordinal === 0 && chunk.kind === 'values').sort((a, b) => a.seq - b.seq);
    expect(numbers.map((chunk) => chunk.values.length)).toEqual([CHUNK_ROWS, rows - CHUNK_ROWS]);
    expect(numbers[1].values[0]).toBe(CHUNK_ROWS);
    expect(numbers[1].values[rows - CHUNK_ROWS - 1]).toBe(rows - 1);
    const [, categorical] = reader.builders;
    expect(categorical.storage).toBe('codes');
    // Its first 300 cells were numbers, re-encoded as their texts when "t0" arrived.
    expect(categorical.counts.reduce((sum, count) => sum + count, 0)).toBe(rows);
    expect(categorical.values.slice(0, 2)).toEqual(['0', '1']);
    expect(categorical.values).toContain('t4');
  });

  it('starts a column with a small array, not a full chunk', () => {
    const builder = new ColumnBuilder('x', undefined);
    expect(builder.numbers.length).toBe(INITIAL_CHUNK_CAPACITY);
    expect(INITIAL_CHUNK_CAPACITY).toBeLessThan(CHUNK_ROWS / 100);
  });

  it('stops at the size limit', async () => {
    const reader = new CsvIngest({ maxBytes: 10, maxColumns: 2_000, writeChunks: async () => undefined });
    await expect(reader.consume(Readable.from([Buffer.from('a,b\n1,2\n3,4\n5,6\n')]) as never)).rejects.toThrow(/larger than the limit/);
  });
});

function encodeCellFormatsFor(formats: Int8Array, verbatim: Map<number, string>): Uint8Array {
  return encodeCellFormats(formats, formats.length, verbatim);
}
