/**
 * Numbers as people read them in tables: up to 4 significant digits without padding zeros
 * (0.0006, not 6.000e-4); an exponent only for the very tiny and the huge (6e-7, 1.235e+9).
 */
export function formatNumber(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-6 || magnitude >= 1e9) return value.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  if (magnitude < 1e-3) return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 12 });
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Number(value.toPrecision(digits)).toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** p-values: tiny ones keep their exponent, so "drifted" is visibly far below the threshold. */
export function formatPValue(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value === 0) return '0';
  if (value < 1e-4) return value.toExponential(2);
  return value.toFixed(4);
}

/** Quality metrics in [0, 1] (accuracy, F1, estimate bands, calibration error) with fixed decimals, so a column of them lines up. */
export function formatRatio(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}

export function formatPercent(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(digits)}%`;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** "2026-11-26 14:05 UTC": timestamps are UTC everywhere in the product. */
export function formatDateTime(iso: string | Date | null | undefined): string {
  if (!iso) return '—';
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return '—';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
