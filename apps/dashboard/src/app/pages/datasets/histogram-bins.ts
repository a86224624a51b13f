import { formatNumber } from '../../shared/format';

/** Bin labels of a histogram with `edges` (counts.length + 1); the last bin is closed, as NumPy's. */
export function binLabels(edges: readonly number[]): string[] {
  const labels: string[] = [];
  for (let index = 0; index < edges.length - 1; index += 1) {
    const last = index === edges.length - 2;
    labels.push(`[${formatNumber(edges[index], 3)}, ${formatNumber(edges[index + 1], 3)}${last ? ']' : ')'}`);
  }
  // Two bins can print alike at 3 digits; charts need distinct names.
  return dedupe(labels);
}

export function dedupe(labels: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return labels.map((label) => {
    const times = seen.get(label) ?? 0;
    seen.set(label, times + 1);
    return times === 0 ? label : `${label} #${times + 1}`;
  });
}
