import { binaryCopyData } from './metric-points.writer';

/** Reads binaryCopyData's output back the way PostgreSQL does. */
function decode(buffer: Buffer): Array<{ seriesId: number; timestampMs: number; value: number }> {
  expect(buffer.subarray(0, 11).toString('latin1')).toBe('PGCOPY\n\xff\r\n\0');
  expect(buffer.readInt32BE(11)).toBe(0); // flags
  expect(buffer.readInt32BE(15)).toBe(0); // header extension
  const rows: Array<{ seriesId: number; timestampMs: number; value: number }> = [];
  let offset = 19;
  for (;;) {
    const fields = buffer.readInt16BE(offset);
    offset += 2;
    if (fields === -1) break;
    expect(fields).toBe(3);
    expect(buffer.readInt32BE(offset)).toBe(4);
    const seriesId = buffer.readInt32BE(offset + 4);
    expect(buffer.readInt32BE(offset + 8)).toBe(8);
    const micros = buffer.readBigInt64BE(offset + 12);
    expect(buffer.readInt32BE(offset + 20)).toBe(8);
    const value = buffer.readDoubleBE(offset + 24);
    offset += 32;
    rows.push({ seriesId, timestampMs: Number(micros / 1000n) + Date.UTC(2000, 0, 1), value });
  }
  expect(offset).toBe(buffer.length);
  return rows;
}

describe('binaryCopyData', () => {
  it('writes every row exactly, before and after 2000-01-01', () => {
    const rows = [
      { seriesId: 1, timestampMs: 0, value: 0.1 },
      { seriesId: 2_147_483_647, timestampMs: Date.UTC(1999, 11, 31, 23, 59, 59, 999), value: -1e-300 },
      { seriesId: 3, timestampMs: Date.UTC(2000, 0, 1), value: 1.7976931348623157e308 },
      { seriesId: 4, timestampMs: Date.UTC(2026, 10, 27, 11, 0, 0, 123), value: 42 },
      { seriesId: 5, timestampMs: Date.UTC(2262, 3, 11, 23, 47, 16, 854), value: 5e-324 },
    ];
    const buffer = binaryCopyData({
      seriesIds: Int32Array.from(rows, (row) => row.seriesId),
      timestampsMs: Float64Array.from(rows, (row) => row.timestampMs),
      values: Float64Array.from(rows, (row) => row.value),
    });
    expect(decode(buffer)).toEqual(rows);
  });

  it('stores -0 as 0, as the text format did', () => {
    const buffer = binaryCopyData({
      seriesIds: Int32Array.of(1),
      timestampsMs: Float64Array.of(Date.UTC(2026, 0, 1)),
      values: Float64Array.of(-0),
    });
    expect(Object.is(decode(buffer)[0]?.value, 0)).toBe(true);
  });

  it('writes an empty batch as header and trailer only', () => {
    const buffer = binaryCopyData({
      seriesIds: new Int32Array(0),
      timestampsMs: new Float64Array(0),
      values: new Float64Array(0),
    });
    expect(decode(buffer)).toEqual([]);
  });
});
