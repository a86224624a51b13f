import { freePort, startTestProvider, TestProvider } from '@stress/e2e-support';
import type { Page } from 'playwright-core';
import { apiRequest, DashboardE2e, startDashboard } from '../support';

let provider: TestProvider;
let dashboard: DashboardE2e;

beforeAll(async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  provider = await startTestProvider([
    {
      client_id: 'dashboard-e2e',
      client_secret: 'dashboard-e2e-secret-0123456789',
      redirect_uris: [`${base}/auth/callback`],
      post_logout_redirect_uris: [`${base}/signin?signedOut=1`],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ]);
  dashboard = await startDashboard({
    port,
    env: {
      PUBLIC_URL: base,
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: 'dashboard-e2e',
      OIDC_CLIENT_SECRET: 'dashboard-e2e-secret-0123456789',
      OIDC_SCOPES: 'openid profile email groups',
      OIDC_ROLE_ATTRIBUTE_PATH: "contains(groups[*], 'ml-admins') && 'admin' || contains(groups[*], 'ml-team') && 'editor' || 'viewer'",
      OIDC_PROVIDER_NAME: 'Test IdP',
      OIDC_ALLOW_INSECURE_HTTP: 'true',
    },
  });
});

afterAll(async () => {
  await dashboard?.stop();
  await provider?.stop();
});

/** At the provider: its sign-in form when it asks (it may remember the person and send them straight back). */
async function signInAtProvider(page: Page, login: string, backAt: string): Promise<void> {
  await page.waitForURL((url) => url.href.startsWith(provider.issuer) || url.pathname === backAt);
  if (page.url().startsWith(provider.issuer)) {
    await page.locator('input[name="login"]').fill(login);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.waitForURL((url) => url.pathname === backAt);
}

describe('single sign-on in the browser', () => {
  it('signs in at the provider, comes back to the page asked for, shows the audit log and signs out', async () => {
    const { page } = await dashboard.openPage();
    await page.goto('/audit');
    await page.waitForURL((url) => url.pathname === '/signin');
    await page.getByTestId('signin-sso').click();

    // The provider's sign-in form (oidc-test-provider.mjs).
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    await page.locator('input[name="login"]').fill('alice');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.waitForURL((url) => url.pathname === '/audit');
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Alice Admin · admin');
    // Her own sign-in is the newest event.
    const table = page.getByTestId('audit-table');
    await table.waitFor();
    expect(await table.textContent()).toContain('alice@example.com');
    expect(await table.textContent()).toContain('sign-in');
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === '__Host-session');
    expect(session).toEqual(expect.objectContaining({ httpOnly: true, secure: true, sameSite: 'Lax' }));
    expect(await page.evaluate(() => document.cookie)).not.toContain('__Host-session');

    await page.getByTestId('sign-out').click();
    // The provider's end-session page (it asks whether to sign out there too).
    await page.waitForURL((url) => url.href.startsWith(provider.issuer));
    expect((await page.context().cookies()).some((cookie) => cookie.name === '__Host-session')).toBe(false);
    // The server ended the session: the old cookie signs nobody in any more.
    const reused = await fetch(`${dashboard.api.url}/api/v1/auth/me`, { headers: { Cookie: `__Host-session=${session?.value ?? ''}` } });
    expect(reused.status).toBe(401);
  });

  it('sends cookie-authenticated changes with the CSRF token', async () => {
    const { page } = await dashboard.openPage();
    await page.goto('/settings');
    await page.waitForURL((url) => url.pathname === '/signin');
    await page.getByTestId('signin-sso').click();
    await signInAtProvider(page, 'alice', '/settings');
    await page.getByTestId('key-name').fill('made-in-a-session');
    await page.getByTestId('key-create').click();
    await page.getByTestId('created-key').waitFor();
    // The change went through (a missing or wrong token is a 403) and the audit log names the person.
    const events = await apiRequest<{ items: Array<{ actor: string; via: string; route: string; status: number }> }>(
      dashboard.api,
      'GET',
      '/api/v1/audit-events?actor=alice%40example.com',
    );
    expect(events.items).toContainEqual(expect.objectContaining({ via: 'sso', route: '/api/v1/api-keys', status: 201 }));
  });

  it('sends a person whose session ended back to sign in, then to where they were', async () => {
    const { page } = await dashboard.openPage();
    await page.goto('/datasets');
    await page.waitForURL((url) => url.pathname === '/signin');
    await page.getByTestId('signin-sso').click();
    await signInAtProvider(page, 'bob', '/datasets');
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Bob Editor · editor');

    // An admin ends Bob's sessions; his next call to the API is a 401.
    const users = await apiRequest<{ items: Array<{ id: string; email: string }> }>(dashboard.api, 'GET', '/api/v1/users');
    const bob = users.items.find((user) => user.email === 'bob@example.com');
    if (!bob) throw new Error('bob is not in GET /api/v1/users');
    await apiRequest(dashboard.api, 'DELETE', `/api/v1/users/${bob.id}/sessions`);
    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/signin');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/models');

    await page.getByTestId('signin-sso').click();
    await signInAtProvider(page, 'bob', '/models');
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Bob Editor · editor');
  });
});
