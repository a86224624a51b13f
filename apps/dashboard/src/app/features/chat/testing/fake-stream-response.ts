/**
 * A minimal fetch Response whose body yields `chunks` (strings, or raw bytes to split
 * multi-byte characters) one read at a time. jsdom has no ReadableStream.
 */
export function fakeStreamResponse(
  chunks: Array<string | Uint8Array>,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  const encoder = new TextEncoder();
  const queue = chunks.map((chunk) => (typeof chunk === 'string' ? encoder.encode(chunk) : chunk));
  let cancelled = false;
  const status = init.status ?? 200;
  const headers = new Map(Object.entries(init.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  const reader = {
    read: async () => {
      const value = cancelled ? undefined : queue.shift();
      return value === undefined ? { done: true as const, value: undefined } : { done: false as const, value };
    },
    cancel: async () => {
      cancelled = true;
    },
    releaseLock: () => undefined,
  };
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 200 ? 'OK' : 'Error',
    headers: { get: (name: string) => headers.get(name.toLowerCase()) ?? null },
    body: { getReader: () => reader },
    json: async () => JSON.parse(new TextDecoder().decode(queue.length ? concat(queue) : new Uint8Array())),
  } as unknown as Response;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
