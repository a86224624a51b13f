import { dayEnd, dayStart } from './audit-page';

describe('audit page date filters', () => {
  it('turns a day into the UTC interval [start, next day)', () => {
    expect(dayStart('2026-12-07')).toBe('2026-12-07T00:00:00.000Z');
    expect(dayEnd('2026-12-07')).toBe('2026-12-08T00:00:00.000Z');
    expect(dayEnd('2026-12-31')).toBe('2027-01-01T00:00:00.000Z');
  });

  it('ignores anything that is not a yyyy-mm-dd day', () => {
    expect(dayStart('')).toBeUndefined();
    expect(dayEnd('7.12.2026')).toBeUndefined();
  });
});
