import { isHigherIsBetterScore } from '@stress/contracts';

/** How a metric is usually read, which sets its precision (which way is better: `metricDirection` in @stress/contracts). */
export type MetricKind = 'ratio' | 'latency-ms' | 'latency-s' | 'count' | 'other';

export function metricKind(name: string): MetricKind {
  const lower = name.toLowerCase();
  // Quality scores (one list, shared with metricDirection) and shares of anything.
  if (isHigherIsBetterScore(lower) || /(_rate|_ratio|_share)$/.test(lower)) return 'ratio';
  if (/_ms$|^latency(?!_s$)/.test(lower)) return 'latency-ms';
  if (/_(s|sec|seconds)$/.test(lower)) return 'latency-s';
  if (/(^|_)(count|total|support|rows|requests|predictions)$/.test(lower)) return 'count';
  return 'other';
}

/** 1234567.8 → "1,234,568" (whole numbers with thousands separators). */
export function formatInteger(value: number): string {
  const rounded = Math.round(value);
  const sign = rounded < 0 ? '-' : '';
  return sign + String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Four significant digits without exponent for ordinary magnitudes. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 10_000) return formatInteger(value);
  if (magnitude < 0.0001) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

/**
 * A metric value as people read it: ratios (accuracy, f1, roc_auc, rates) with 3 decimals,
 * latencies in ms with 1 decimal, counts as whole numbers (1 decimal when an average is not whole).
 */
export function formatMetricValue(name: string, value: number): string {
  if (!Number.isFinite(value)) return String(value);
  switch (metricKind(name)) {
    case 'ratio':
      return value.toFixed(3);
    case 'latency-ms':
      return `${value.toFixed(1)} ms`;
    case 'latency-s':
      return `${value.toFixed(3)} s`;
    case 'count':
      return Number.isInteger(value) ? formatInteger(value) : value.toFixed(1);
    default:
      return formatNumber(value);
  }
}

/** A signed difference in the metric's precision: "+0.012", "−3.4 ms". */
export function formatMetricChange(name: string, delta: number): string {
  const text = formatMetricValue(name, Math.abs(delta));
  const zero = /^0(\.0+)?( ms| s)?$/.test(text);
  if (zero) return `±${text}`;
  return `${delta < 0 ? '−' : '+'}${text}`;
}

/** p-values: 4 decimals, or scientific below 0.0001. */
export function formatPValue(value: number): string {
  if (value === 0) return '0';
  if (value < 0.0001) return value.toExponential(2);
  return value.toFixed(4);
}

/** Drift statistics (distances, PSI, KS D): 4 decimals. */
export function formatStatistic(value: number): string {
  if (Math.abs(value) >= 1000) return formatNumber(value);
  return value.toFixed(4);
}

export function formatPercent(ratio: number, digits = 1): string {
  return `${(ratio * 100).toFixed(digits)}%`;
}

/** Markdown table; cells are escaped so a name with "|" cannot break it. */
export function markdownTable(header: string[], rows: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

/** Characters that start Markdown links, images, autolinks, HTML, code, emphasis or strikethrough. */
const MARKDOWN_SPECIAL = /[\\`*[\]<>~@&]/g;

/**
 * Stored text (a dataset or column name, a category value, a description) as literal Markdown text:
 * nothing in it can become a link, image, HTML, code span or emphasis when the reply is rendered, and it
 * stays on one line. `_` inside a word is left alone (it never emphasises there), so `heart_rate` reads as is.
 */
export function markdownText(value: string): string {
  return (
    value
      .replace(/[\r\n]+/g, ' ')
      .replace(MARKDOWN_SPECIAL, '\\$&')
      .replace(/_/g, (underscore, offset: number, text: string) =>
        /[\p{L}\p{N}]/u.test(text[offset - 1] ?? '') && /[\p{L}\p{N}]/u.test(text[offset + 1] ?? '') ? underscore : '\\_',
      )
      // GFM turns bare URLs into links: break the scheme's "://" and a leading "www.".
      .replace(/:(?=\/\/)/g, '\\:')
      .replace(/\b(www)\./gi, '$1\\.')
  );
}
