import { checkPage, createKey, expectNoConsoleErrors, DashboardE2e, startDashboard } from '../support';

let dashboard: DashboardE2e;

beforeAll(async () => {
  dashboard = await startDashboard();
});

afterAll(async () => {
  await dashboard?.stop();
});

describe('settings', () => {
  it('creates a key with a role (shown once), which then works, and revokes it', async () => {
    const tracked = await dashboard.signedInPage('/settings');
    const { page } = tracked;
    await page.getByRole('heading', { name: 'API keys' }).waitFor();
    await checkPage(tracked, 'settings-admin');

    await page.getByTestId('key-name').fill('e2e-reporting');
    await page.getByTestId('key-role').click();
    await page.getByRole('option', { name: /^editor/ }).click();
    await page.getByTestId('key-create').click();

    const secret = (await page.getByTestId('created-key').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^sam_/);
    await page.getByRole('button', { name: 'Copy key' }).click();
    await page.getByRole('button', { name: 'Copied', exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const row = page.locator('tr[data-key-name="e2e-reporting"]');
    await expect(row.textContent()).resolves.toContain('editor');
    await checkPage(tracked, 'settings-key-created');

    // The new key signs in with its role.
    const other = await dashboard.openPage();
    await other.page.goto(`/signin#key=${encodeURIComponent(secret)}&next=%2F`);
    await other.page.getByTestId('signed-in-as').waitFor();
    expect(await other.page.getByTestId('signed-in-as').textContent()).toContain('e2e-reporting · editor');

    // Leaving the page forgets the secret: it is shown once.
    await page.getByRole('link', { name: 'Overview' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL((url) => url.pathname === '/settings');
    await page.locator('tr[data-key-name="e2e-reporting"]').waitFor();
    expect(await page.getByTestId('created-key').count()).toBe(0);

    await row.getByRole('button', { name: 'Revoke e2e-reporting' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain('stops working at once');
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached' });

    const response = await fetch(`${dashboard.api.url}/api/v1/auth/me`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(response.status).toBe(401);
  });

  it('tells a viewer why keys are not theirs to manage, and shows how to call the API', async () => {
    const viewer = await createKey(dashboard.api, 'viewer', 'e2e-viewer');
    const tracked = await dashboard.signedInPage('/settings', viewer);
    const { page } = tracked;
    await expect(page.getByTestId('keys-not-admin').textContent()).resolves.toContain('Only admin keys can create');
    expect(await page.getByTestId('key-create').count()).toBe(0);
    expect(await page.getByTestId('api-base-url').textContent()).toBe(dashboard.api.url);
    expect(await page.getByTestId('curl-example').textContent()).toBe(
      `curl -H "Authorization: Bearer $SAM_API_KEY" ${dashboard.api.url}/api/v1/models`,
    );
    const docs = await page.getByTestId('api-docs-link').getAttribute('href');
    expect(docs).toBe(`${dashboard.api.url}/api/docs`);
    expect((await fetch(docs ?? '')).status).toBe(200);
    await checkPage(tracked, 'settings-viewer');
  });

  it('opens the API documentation it links to, with every operation and the metric-name pattern intact', async () => {
    const document = (await (await fetch(`${dashboard.api.url}/api/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
    const operations = Object.values(document.paths).flatMap((item) => Object.keys(item).filter((key) => methods.includes(key)));
    expect(operations.length).toBeGreaterThan(30);

    const tracked = await dashboard.openPage();
    const { page } = tracked;
    await page.goto('/api/docs');
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBe(operations.length);
    expect(await page.locator('.opblock-summary-path').first().textContent()).toMatch(/^\//);
    // The description holding "$`" that used to cut the page's script is shown verbatim.
    const shown = await page.evaluate(() => {
      const ui = (window as unknown as { ui: { specSelectors: { specJson(): { toJS(): unknown } } } }).ui;
      return JSON.stringify(ui.specSelectors.specJson().toJS());
    });
    expect(shown).toContain('`^[a-zA-Z_][a-zA-Z0-9_.]{0,63}$`');
    expectNoConsoleErrors(tracked);
  });
});
