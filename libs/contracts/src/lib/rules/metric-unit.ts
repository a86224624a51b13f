import { isHigherIsBetterScore } from './metric-direction';

/** The unit a metric's values are in, decided from its name (charts label their y-axis with it); null when unknown. */
export type MetricUnit = 'ms' | 's' | 'ratio' | 'count';

export function metricUnit(name: string): MetricUnit | null {
  const lower = name.toLowerCase();
  if (/(_ms|_millis|_milliseconds)$/.test(lower)) return 'ms';
  if (/(_s|_sec|_secs|_seconds)$/.test(lower)) return 's';
  if (/(_count|_total|^count)$/.test(lower) || lower.startsWith('n_')) return 'count';
  if (isHigherIsBetterScore(lower) || /(_rate|_share|_ratio|_fraction)$/.test(lower)) return 'ratio';
  return null;
}
