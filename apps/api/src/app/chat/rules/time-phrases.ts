/** A period a question refers to, in UTC. `to` is exclusive. */
export interface TimeRange {
  from: Date;
  to: Date;
  /** How the period reads in an answer: "the last 7 days", "yesterday". */
  label: string;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  'twenty-four': 24,
  'a couple of': 2,
  'couple of': 2,
  'a few': 3,
  few: 3,
};

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

type Unit = 'minute' | 'hour' | 'day' | 'week' | 'month';
const UNIT_MS: Record<Unit, number> = { minute: 60_000, hour: HOUR, day: DAY, week: 7 * DAY, month: 30 * DAY };
const UNIT_ALIASES: Record<string, Unit> = {
  m: 'minute',
  min: 'minute',
  mins: 'minute',
  minute: 'minute',
  minutes: 'minute',
  h: 'hour',
  hr: 'hour',
  hrs: 'hour',
  hour: 'hour',
  hours: 'hour',
  d: 'day',
  day: 'day',
  days: 'day',
  w: 'week',
  wk: 'week',
  wks: 'week',
  week: 'week',
  weeks: 'week',
  month: 'month',
  months: 'month',
};

function startOfUtcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function weekdayLabel(date: Date): string {
  const name = WEEKDAYS[date.getUTCDay()];
  return `${name[0].toUpperCase()}${name.slice(1)} ${isoDay(date)}`;
}

function parseIsoDate(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) || isoDay(date) !== text ? null : date;
}

function plural(count: number, unit: Unit): string {
  return count === 1 ? unit : `${count} ${unit}s`;
}

const NUMBER_PATTERN = `(\\d+|${Object.keys(NUMBER_WORDS)
  .sort((a, b) => b.length - a.length)
  .map((word) => word.replace(/ /g, '\\s+'))
  .join('|')})`;
const UNIT_PATTERN = `(${Object.keys(UNIT_ALIASES)
  .sort((a, b) => b.length - a.length)
  .join('|')})`;

function toCount(word: string | undefined): number | null {
  if (word === undefined) return null;
  const normalised = word.replace(/\s+/g, ' ');
  if (/^\d+$/.test(normalised)) return Number(normalised);
  return NUMBER_WORDS[normalised] ?? null;
}

/**
 * Finds the period a question talks about: "today", "yesterday", "last 7 days", "past 24 hours",
 * "last week", "this week", "this month", "since Monday", "since 2026-11-20", "between 2026-11-01 and
 * 2026-11-15", "on 2026-11-20", "3 days ago". Weeks start on Monday; all days are UTC days.
 * Returns null when the text names no period.
 */
export function parseTimePhrase(text: string, now: Date): TimeRange | null {
  const lower = text.toLowerCase();
  const today = startOfUtcDay(now);

  const between = /\b(?:between|from)\s+(\d{4}-\d{2}-\d{2})\s+(?:and|to|until|till)\s+(\d{4}-\d{2}-\d{2})\b/.exec(lower);
  if (between) {
    const from = parseIsoDate(between[1]);
    const to = parseIsoDate(between[2]);
    if (from && to && from <= to) {
      return { from, to: new Date(to.getTime() + DAY), label: `${between[1]} to ${between[2]}` };
    }
  }

  const sinceDate = /\b(?:since|from|after)\s+(\d{4}-\d{2}-\d{2})\b/.exec(lower);
  if (sinceDate) {
    const from = parseIsoDate(sinceDate[1]);
    if (from && from <= now) return { from, to: now, label: `since ${sinceDate[1]}` };
  }

  const onDate = /\b(?:on|for)\s+(\d{4}-\d{2}-\d{2})\b/.exec(lower);
  if (onDate) {
    const from = parseIsoDate(onDate[1]);
    if (from) return { from, to: new Date(from.getTime() + DAY), label: onDate[1] };
  }

  const sinceWeekday = new RegExp(`\\bsince\\s+(?:last\\s+)?(${WEEKDAYS.join('|')})\\b`).exec(lower);
  if (sinceWeekday) {
    const target = WEEKDAYS.indexOf(sinceWeekday[1]);
    const back = (today.getUTCDay() - target + 7) % 7;
    const from = new Date(today.getTime() - back * DAY);
    return { from, to: now, label: `since ${weekdayLabel(from)}` };
  }

  if (/\bsince\s+yesterday\b/.test(lower)) {
    return { from: new Date(today.getTime() - DAY), to: now, label: 'since yesterday' };
  }

  const ago = new RegExp(`\\b${NUMBER_PATTERN}\\s+days?\\s+ago\\b`).exec(lower);
  if (ago) {
    const count = toCount(ago[1]);
    if (count !== null && count >= 1) {
      const from = new Date(today.getTime() - count * DAY);
      return { from, to: new Date(from.getTime() + DAY), label: `${isoDay(from)} (${count} day${count === 1 ? '' : 's'} ago)` };
    }
  }

  const lastN = new RegExp(`\\b(?:last|past|previous|recent)\\s+(?:${NUMBER_PATTERN}\\s*)?${UNIT_PATTERN}\\b`).exec(lower);
  if (lastN) {
    const unit = UNIT_ALIASES[lastN[2]];
    let count = lastN[1] === undefined ? 1 : toCount(lastN[1]);
    if (count !== null && count >= 1) {
      // "last week" reads as the last 7 days, "last month" as the last 30.
      let shownUnit: Unit = unit;
      if (lastN[1] === undefined && unit === 'week') {
        count = 7;
        shownUnit = 'day';
      } else if (lastN[1] === undefined && unit === 'month') {
        count = 30;
        shownUnit = 'day';
      } else if (lastN[1] === undefined && unit === 'day') {
        count = 24;
        shownUnit = 'hour';
      }
      const span = count * UNIT_MS[shownUnit];
      return { from: new Date(now.getTime() - span), to: now, label: `the last ${plural(count, shownUnit)}` };
    }
  }

  // "24h", "7d" on their own ("accuracy over 7d").
  const shorthand = /\b(?:over|in|for|during)\s+(?:the\s+)?(\d+)\s*(h|d|w)\b/.exec(lower);
  if (shorthand) {
    const unit = UNIT_ALIASES[shorthand[2]];
    const count = Number(shorthand[1]);
    if (count >= 1) return { from: new Date(now.getTime() - count * UNIT_MS[unit]), to: now, label: `the last ${plural(count, unit)}` };
  }

  if (/\btoday\b/.test(lower)) return { from: today, to: now, label: 'today' };
  if (/\byesterday\b/.test(lower))
    return { from: new Date(today.getTime() - DAY), to: today, label: `yesterday (${isoDay(new Date(today.getTime() - DAY))})` };

  if (/\bthis\s+week\b/.test(lower)) {
    const back = (today.getUTCDay() + 6) % 7;
    const from = new Date(today.getTime() - back * DAY);
    return { from, to: now, label: `this week (since ${weekdayLabel(from)})` };
  }
  if (/\bthis\s+month\b/.test(lower)) {
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    return { from, to: now, label: `this month (since ${isoDay(from)})` };
  }
  return null;
}
