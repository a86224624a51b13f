import { existsSync } from 'node:fs';
import { ApiProcess, ApiProcessOptions, DASHBOARD_DIR, startApi } from '@stress/e2e-support';

export type { ApiProcess } from '@stress/e2e-support';

/**
 * The built API serving the built dashboard, with demo data, ready (migrated and seeded)
 * before the browser opens a page.
 */
export async function startDashboardApi(options: ApiProcessOptions): Promise<ApiProcess> {
  if (!existsSync(`${DASHBOARD_DIR}/index.html`)) {
    throw new Error(`${DASHBOARD_DIR}/index.html is missing: build it first (npx nx build dashboard).`);
  }
  return startApi({
    startTimeoutMs: 90_000,
    waitFor: 'ready',
    ...options,
    env: {
      SEED_DEMO: 'true',
      DASHBOARD_DIR,
      // A browser makes many requests per page; the default limit is for clients, not tests.
      THROTTLE_LIMIT: '100000',
      CHAT_THROTTLE_LIMIT: '1000',
      ...options.env,
    },
  });
}

/** Calls the API directly (set-up and checks that need no browser). */
export async function apiRequest<T>(api: ApiProcess, method: string, path: string, body?: unknown, key = api.adminKey): Promise<T> {
  const response = await fetch(`${api.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Creates a key with `role` through the API (as admin) and returns it. */
export async function createKey(api: ApiProcess, role: 'viewer' | 'editor' | 'admin', name = `${role}-e2e`): Promise<string> {
  const created = await apiRequest<{ key: string }>(api, 'POST', '/api/v1/api-keys', { name, role });
  return created.key;
}
