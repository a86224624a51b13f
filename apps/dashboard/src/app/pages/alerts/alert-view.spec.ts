import { AlertState } from '@stress/contracts';
import { clipSpans, linePath, spansDuration, stateRank, valueDomain } from './alert-view';

describe('alert view helpers', () => {
  it('ranks firing first, then pending, nodata, error, normal', () => {
    const states = [AlertState.Normal, AlertState.Error, AlertState.Firing, AlertState.NoData, AlertState.Pending];
    expect([...states].sort((a, b) => stateRank(a) - stateRank(b))).toEqual(['firing', 'pending', 'nodata', 'error', 'normal']);
  });

  it('clips firing spans to the chart, an open span ending at its right edge', () => {
    const from = Date.parse('2026-12-01T00:00:00Z');
    const to = Date.parse('2026-12-02T00:00:00Z');
    const spans = clipSpans(
      [
        { startsAt: '2026-11-30T22:00:00Z', endsAt: '2026-12-01T01:00:00Z' },
        { startsAt: '2026-12-01T10:00:00Z', endsAt: '2026-12-01T10:30:00Z' },
        { startsAt: '2026-12-01T23:00:00Z', endsAt: null },
      ],
      from,
      to,
    );
    expect(spans).toEqual([
      { start: from, end: Date.parse('2026-12-01T01:00:00Z') },
      { start: Date.parse('2026-12-01T10:00:00Z'), end: Date.parse('2026-12-01T10:30:00Z') },
      { start: Date.parse('2026-12-01T23:00:00Z'), end: to },
    ]);
    // 1 h + 30 min + 1 h
    expect(spansDuration(spans)).toBe(9_000_000);
    expect(clipSpans([{ startsAt: '2026-12-03T00:00:00Z', endsAt: '2026-12-03T01:00:00Z' }], from, to)).toEqual([]);
  });

  it('keeps the threshold inside the value range and widens a flat one', () => {
    expect(valueDomain([0.9, 0.95], 0.8).min).toBeLessThan(0.8);
    expect(valueDomain([0.9, 0.95], 0.8).max).toBeGreaterThan(0.95);
    expect(valueDomain([], 60)).toEqual({ min: 54, max: 66 });
    expect(valueDomain([0], 0)).toEqual({ min: -1, max: 1 });
  });

  it('breaks the line at missing values', () => {
    expect(
      linePath([
        { x: 0, y: 10 },
        { x: 1, y: 12 },
        { x: 2, y: null },
        { x: 3, y: 5 },
        { x: 4, y: 6 },
      ]),
    ).toBe('M0.0,10.0 L1.0,12.0 M3.0,5.0 L4.0,6.0');
  });
});
