export { startTestProvider } from '@stress/e2e-support';
export type { TestClient, TestProvider } from '@stress/e2e-support';

/** Cookies by name, for one origin (paths ignored: enough for these flows). */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key, raw] = attribute.split('=').map((part) => part.trim());
        return (key.toLowerCase() === 'expires' && Date.parse(raw) < Date.now()) || (key.toLowerCase() === 'max-age' && Number(raw) <= 0);
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/** A request without following redirects, sending and storing the jar's cookies. */
export async function send(url: string, jar: CookieJar, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (jar.cookies.size > 0) headers.set('Cookie', jar.header());
  const response = await fetch(url, { ...init, headers, redirect: 'manual' });
  jar.store(response);
  return response;
}

export interface SignInResult {
  /** The API's answer to /auth/callback. */
  callback: Response;
  callbackUrl: string;
  apiJar: CookieJar;
}

/**
 * The whole authorization-code flow as a browser does it: /auth/login → the provider → its login form →
 * back to /auth/callback with the code. `tamper` may change the API's cookies before the callback.
 */
export async function signIn(
  apiUrl: string,
  login: string,
  options: { next?: string; apiJar?: CookieJar; tamper?: (jar: CookieJar) => void } = {},
): Promise<SignInResult> {
  const apiJar = options.apiJar ?? new CookieJar();
  const idpJar = new CookieJar();
  const start = await send(`${apiUrl}/auth/login${options.next === undefined ? '' : `?next=${encodeURIComponent(options.next)}`}`, apiJar);
  if (start.status !== 302) throw new Error(`/auth/login answered ${start.status}: ${await start.text()}`);
  let location = start.headers.get('location') ?? '';
  for (let hop = 0; hop < 10; hop++) {
    if (location.startsWith(`${apiUrl}/auth/callback`)) {
      options.tamper?.(apiJar);
      const callback = await send(location, apiJar);
      return { callback, callbackUrl: location, apiJar };
    }
    const interaction = /\/interaction\/([^/?]+)$/.exec(new URL(location).pathname);
    const response = interaction
      ? await send(new URL(`/interaction/${interaction[1]}/login`, location).href, idpJar, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ login }).toString(),
        })
      : await send(location, idpJar);
    if (response.status < 300 || response.status >= 400) {
      throw new Error(`${location} answered ${response.status}: ${await response.text()}`);
    }
    location = new URL(response.headers.get('location') ?? '', location).href;
  }
  throw new Error('Too many redirects during sign-in');
}
