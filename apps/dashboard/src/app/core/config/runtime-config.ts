import { Injectable, signal } from '@angular/core';
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
      this.config.set({ apiBaseUrl });
    } catch {
      // No config.json (e.g. a bare static server): the API is on the same origin.
    }
  }

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
