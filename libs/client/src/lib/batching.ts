/** The API's default batch limit for metric points, predictions and actuals (`METRICS_MAX_BATCH`, `PREDICTIONS_MAX_BATCH`). */
export const MAX_BATCH = 10_000;

/** Splits `items` into consecutive batches of at most `size` items. */
export function batches<T>(items: readonly T[], size: number = MAX_BATCH): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`Batch size must be a positive integer, got ${size}`);
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/** JSON with object keys sorted at every level, so two equal values always give the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
        .map((key) => [key, sortKeys(record[key])]),
    );
  }
  return value;
}

/** Hex SHA-256 (Web Crypto: Node 18+ and browsers in secure contexts). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The `Idempotency-Key` of a batch: derived from its content only, so sending the same batch again (a retry, or the same
 * file pushed twice) is recognised by the API and stores nothing twice. Same points in the same order → same key.
 */
export async function batchIdempotencyKey(prefix: string, batch: readonly unknown[]): Promise<string> {
  return `${prefix}-${await sha256Hex(canonicalJson(batch))}`;
}
