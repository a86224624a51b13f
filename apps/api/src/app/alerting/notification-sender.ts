import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { refusedAddressReason, refusedUrlReason } from './outbound-address';

/** Every notification request gives up after this long. */
export const NOTIFY_TIMEOUT_MS = 5_000;

/** A target refused by the outbound rules: retrying cannot help. */
export class RefusedTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedTargetError';
  }
}

/** Resolves a host like dns.lookup, failing when any address it resolves to is refused. */
function guardedLookup(allowLoopback: boolean): LookupFunction {
  return ((
    hostname: string,
    options: object,
    callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      for (const entry of addresses) {
        const reason = refusedAddressReason(entry.address, allowLoopback);
        if (reason) return callback(new RefusedTargetError(`${hostname}: ${reason}`), '', 0);
      }
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      const first = addresses[0] as LookupAddress;
      callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

/** Checks a URL's scheme and every address its host resolves to now (at creation; sending checks again). */
export async function checkTarget(url: string, allowLoopback: boolean): Promise<string | null> {
  const schemeProblem = refusedUrlReason(url);
  if (schemeProblem) return schemeProblem;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return refusedAddressReason(host, allowLoopback);
  return new Promise((resolve) => {
    dnsLookup(host, { all: true }, (error, addresses) => {
      if (error) return resolve(`host ${host} does not resolve (${error.code ?? error.message})`);
      for (const entry of addresses) {
        const reason = refusedAddressReason(entry.address, allowLoopback);
        if (reason) return resolve(`${host}: ${reason}`);
      }
      resolve(null);
    });
  });
}

export interface PostResult {
  status: number;
  body: string;
}

/**
 * POSTs a JSON body, checking the resolved address at send time (an IP literal directly, a name through
 * the connection's lookup), within NOTIFY_TIMEOUT_MS. Redirects are not followed.
 */
export function postJson(url: string, body: string, headers: Record<string, string>, allowLoopback: boolean): Promise<PostResult> {
  const schemeProblem = refusedUrlReason(url);
  if (schemeProblem) return Promise.reject(new RefusedTargetError(schemeProblem));
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    const reason = refusedAddressReason(host, allowLoopback);
    if (reason) return Promise.reject(new RefusedTargetError(reason));
  }
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': 'stress-monitor-alerts',
          ...headers,
        },
        lookup: guardedLookup(allowLoopback),
        signal: AbortSignal.timeout(NOTIFY_TIMEOUT_MS),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          // Only the start of an answer is kept (for the error message).
          if (size < 4096) chunks.push(chunk);
          size += chunk.length;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 500) }));
        response.on('error', reject);
      },
    );
    request.on('error', (error: Error) => {
      if (error.name === 'AbortError' || error.name === 'TimeoutError') reject(new Error(`no answer within ${NOTIFY_TIMEOUT_MS / 1000} s`));
      else reject(error);
    });
    request.end(body);
  });
}
