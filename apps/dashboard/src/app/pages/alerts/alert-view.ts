import { AlertOperator, AlertState } from '@stress/contracts';

/** How an operator reads in a sentence: `recall < 0.8`. */
export const OPERATOR_SYMBOLS: Record<AlertOperator, string> = {
  [AlertOperator.Gt]: '>',
  [AlertOperator.Gte]: '≥',
  [AlertOperator.Lt]: '<',
  [AlertOperator.Lte]: '≤',
};

/** What each state means, for the state chip's tooltip and screen readers. */
export const STATE_DESCRIPTIONS: Record<AlertState, string> = {
  [AlertState.Firing]: 'firing: the condition has held for the rule’s “for” duration',
  [AlertState.Pending]: 'pending: the condition holds, not yet for the rule’s “for” duration',
  [AlertState.NoData]: 'no data: the window has no points',
  [AlertState.Error]: 'error: the rule could not be evaluated',
  [AlertState.Normal]: 'normal: the condition does not hold',
};

/** The order the Alerts page lists states in (as `GET /api/v1/alerts` does): what needs a person first. */
const STATE_ORDER: readonly AlertState[] = [AlertState.Firing, AlertState.Pending, AlertState.NoData, AlertState.Error, AlertState.Normal];

export function stateRank(state: AlertState): number {
  const rank = STATE_ORDER.indexOf(state);
  return rank === -1 ? STATE_ORDER.length : rank;
}

/** Preview periods the rule editor offers, with the step each is evaluated at (a few hundred steps: quick to compute and draw). */
export const PREVIEW_PERIODS = {
  '24h': { label: '24 h', rangeMs: 24 * 3_600_000, step: '5m' },
  '7d': { label: '7 d', rangeMs: 7 * 24 * 3_600_000, step: '30m' },
} as const;
export type PreviewPeriod = keyof typeof PREVIEW_PERIODS;

/** A span of time on the preview chart, in epoch ms. */
export interface TimeSpan {
  start: number;
  end: number;
}

/** Firing spans (`endsAt: null` = still firing at `to`) clipped to [from, to], in epoch ms; spans outside are dropped. */
export function clipSpans(spans: readonly { startsAt: string; endsAt: string | null }[], from: number, to: number): TimeSpan[] {
  return spans
    .map((span) => ({
      start: Math.max(from, Date.parse(span.startsAt)),
      end: Math.min(to, span.endsAt === null ? to : Date.parse(span.endsAt)),
    }))
    .filter((span) => span.end > span.start || (span.end === span.start && span.start >= from && span.start <= to));
}

/** Total time covered by `spans` (they do not overlap: a rule fires once at a time). */
export function spansDuration(spans: readonly TimeSpan[]): number {
  return spans.reduce((sum, span) => sum + (span.end - span.start), 0);
}

/** The y range of the chart: every value and the threshold inside, with a little room; a flat range is widened. */
export function valueDomain(values: readonly number[], threshold: number): { min: number; max: number } {
  const finite = [...values.filter((value) => Number.isFinite(value)), threshold];
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  if (min === max) {
    const pad = Math.abs(min) * 0.1 || 1;
    return { min: min - pad, max: max + pad };
  }
  const pad = (max - min) * 0.08;
  min -= pad;
  max += pad;
  return { min, max };
}

/**
 * An SVG path through the points (x, y already in the chart's coordinates); a null value breaks the line,
 * so gaps in the data show as gaps.
 */
export function linePath(points: readonly { x: number; y: number | null }[]): string {
  let path = '';
  let drawing = false;
  for (const point of points) {
    if (point.y === null || !Number.isFinite(point.y)) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${point.x.toFixed(1)},${point.y.toFixed(1)} `;
    drawing = true;
  }
  return path.trim();
}
