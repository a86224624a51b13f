import { formatDuration, parseDuration } from './alert-duration';

describe('parseDuration', () => {
  it('reads each unit', () => {
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('7d')).toBe(604_800_000);
    expect(parseDuration('0s')).toBe(0);
    expect(parseDuration('250ms')).toBe(250);
  });

  it('refuses what is not one number and one unit', () => {
    for (const text of ['', '5', 'm', '1.5h', '-1m', '1h30m', '1w', '1 h', 'PT1H']) expect(parseDuration(text)).toBeNull();
  });
});

describe('formatDuration', () => {
  it('writes the largest units first', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(5_400_000)).toBe('1h30m');
    expect(formatDuration(90_061_000)).toBe('1d1h1m1s');
  });
});
