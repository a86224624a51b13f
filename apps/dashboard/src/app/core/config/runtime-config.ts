import { computed, Injectable, signal } from '@angular/core';
import type { DashboardConfig } from '@stress/contracts';

/**
 * Runtime configuration from `/config.json`, read once before the app starts, so one
 * build serves every environment and no host name is compiled in.
 */
@Injectable({ providedIn: 'root' })
export class RuntimeConfig {
  private readonly config = signal<DashboardConfig>({ apiBaseUrl: '' });

  async load(): Promise<void> {
    try {
      const response = await fetch('/config.json', { cache: 'no-cache' });
      if (!response.ok) return;
      const body = (await response.json()) as Partial<DashboardConfig>;
      const apiBaseUrl = typeof body.apiBaseUrl === 'string' ? body.apiBaseUrl.replace(/\/+$/, '') : '';
      const providerName = typeof body.sso?.providerName === 'string' ? body.sso.providerName : null;
      this.config.set({
        apiBaseUrl,
        ...(providerName !== null ? { sso: { providerName } } : {}),
        apiKeySignIn: body.apiKeySignIn !== false,
      });
    } catch {
      // No config.json (e.g. a bare static server): the API is on the same origin.
    }
  }

  /** "Sign in with <providerName>" when the API is an OpenID Connect client; null otherwise. */
  readonly ssoProviderName = computed(() => this.config().sso?.providerName ?? null);
  /** Whether the sign-in page offers the pasted API key. */
  readonly apiKeySignIn = computed(() => this.config().apiKeySignIn !== false);

  /** Absolute URL of an API path such as `/api/v1/models`. */
  apiUrl(path: string): string {
    return `${this.config().apiBaseUrl}${path}`;
  }

  /** True when `url` targets our API (the interceptor adds the key only there). */
  isApiUrl(url: string): boolean {
    const base = this.config().apiBaseUrl;
    if (base === '') return url.startsWith('/api/') || url.startsWith(`${location.origin}/api/`);
    return url.startsWith(`${base}/api/`);
  }
}
