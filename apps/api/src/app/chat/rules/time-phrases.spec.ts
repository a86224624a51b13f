import { parseTimePhrase } from './time-phrases';

// Thursday 2026-11-26 15:30 UTC.
const NOW = new Date('2026-11-26T15:30:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function range(text: string): { from: string; to: string; label: string } | null {
  const parsed = parseTimePhrase(text, NOW);
  return parsed && { from: parsed.from.toISOString(), to: parsed.to.toISOString(), label: parsed.label };
}

describe('parseTimePhrase', () => {
  it('returns null when no period is named', () => {
    expect(range('how is stress-detector doing?')).toBeNull();
    expect(range('compare 1.1.0 and 2.0.0')).toBeNull();
  });

  it('today and yesterday are UTC calendar days', () => {
    expect(range('accuracy today')).toEqual({ from: '2026-11-26T00:00:00.000Z', to: NOW.toISOString(), label: 'today' });
    expect(range('What was the f1 yesterday?')).toEqual({
      from: '2026-11-25T00:00:00.000Z',
      to: '2026-11-26T00:00:00.000Z',
      label: 'yesterday (2026-11-25)',
    });
  });

  it.each([
    ['last 7 days', 7 * DAY, 'the last 7 days'],
    ['over the past 24 hours', 24 * HOUR, 'the last 24 hours'],
    ['in the last 3 weeks', 21 * DAY, 'the last 3 weeks'],
    ['last two days', 2 * DAY, 'the last 2 days'],
    ['past hour', HOUR, 'the last hour'],
    ['last week', 7 * DAY, 'the last 7 days'],
    ['last month', 30 * DAY, 'the last 30 days'],
    ['the last 12h', 12 * HOUR, 'the last 12 hours'],
    ['last 30 minutes', 30 * 60_000, 'the last 30 minutes'],
    ['accuracy over 7d', 7 * DAY, 'the last 7 days'],
    ['previous a couple of days', 2 * DAY, 'the last 2 days'],
  ])('"%s" ends now and spans the right length', (text, span, label) => {
    const parsed = parseTimePhrase(text, NOW);
    expect(parsed).not.toBeNull();
    expect(parsed?.to.getTime()).toBe(NOW.getTime());
    expect(NOW.getTime() - (parsed?.from.getTime() ?? 0)).toBe(span);
    expect(parsed?.label).toBe(label);
  });

  it('this week starts on Monday, since <weekday> at that day (today when it is that day)', () => {
    expect(range('this week')?.from).toBe('2026-11-23T00:00:00.000Z');
    expect(range('since Monday')?.from).toBe('2026-11-23T00:00:00.000Z');
    expect(range('since Monday')?.label).toBe('since Monday 2026-11-23');
    expect(range('since thursday')?.from).toBe('2026-11-26T00:00:00.000Z');
    expect(range('since Friday')?.from).toBe('2026-11-20T00:00:00.000Z');
    expect(range('since yesterday')?.from).toBe('2026-11-25T00:00:00.000Z');
    expect(range('this month')?.from).toBe('2026-11-01T00:00:00.000Z');
  });

  it('reads ISO dates: since, on, between', () => {
    expect(range('since 2026-11-20')).toEqual({ from: '2026-11-20T00:00:00.000Z', to: NOW.toISOString(), label: 'since 2026-11-20' });
    expect(range('on 2026-11-20')).toEqual({ from: '2026-11-20T00:00:00.000Z', to: '2026-11-21T00:00:00.000Z', label: '2026-11-20' });
    expect(range('between 2026-11-01 and 2026-11-15')).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-16T00:00:00.000Z',
      label: '2026-11-01 to 2026-11-15',
    });
    // Not a date: 2026-02-30 does not exist.
    expect(range('on 2026-02-30')).toBeNull();
  });

  it('"N days ago" is that calendar day', () => {
    expect(range('what was latency 3 days ago')).toEqual({
      from: '2026-11-23T00:00:00.000Z',
      to: '2026-11-24T00:00:00.000Z',
      label: '2026-11-23 (3 days ago)',
    });
  });
});
