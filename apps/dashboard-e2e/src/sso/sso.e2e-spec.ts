import { freePort, startTestProvider, TestProvider } from '@stress/e2e-support';
import { DashboardE2e, startDashboard } from '../support';

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
  });
});
