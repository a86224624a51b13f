import { checkPage, DashboardE2e, startDashboard } from '../support';

let dashboard: DashboardE2e;

beforeAll(async () => {
  dashboard = await startDashboard();
});

afterAll(async () => {
  await dashboard?.stop();
});

describe('overview', () => {
  it('shows the demo stress-detector with its production version, key metrics, 7-day change, sparkline and drift status', async () => {
    const tracked = await dashboard.signedInPage('/');
    const { page } = tracked;
    const card = page.getByTestId('model-card-stress-detector');
    await card.waitFor();
    await checkPage(tracked, 'overview');

    expect(await card.getByTestId('production-version').textContent()).toBe('1.1.0');
    const f1 = card.locator('tr[data-metric="f1"]');
    await f1.waitFor();
    // The demo's production version degrades over the last week (recall falls): the shared rule names it,
    // judging every metric with a known direction, not only the four shown.
    expect(await card.locator('[data-reason="metric"][data-metric="recall"]').count()).toBe(1);
    await expect(card.getByTestId('attention').textContent()).resolves.toMatch(/recall down beyond its noise/);
    expect(await f1.locator('.overview__change--worse').count()).toBe(1);
    expect(await f1.textContent()).toContain('▼');
    const spark = card.locator('sam-sparkline svg');
    expect(await spark.getAttribute('aria-label')).toMatch(/^f1 over the last 7 days, from /);
    // The demo's drift report compares the training data with a shifted week of production data.
    expect(await card.getByTestId('drift-status').textContent()).toMatch(
      /^Drift: drift in \d+ of \d+ columns · version 1\.1\.0 \(\d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/,
    );
    await expect(card.getByTestId('attention').textContent()).resolves.toMatch(/Needs attention.*Drift in \d+ of \d+ columns/);

    // The card leads to the model's page.
    await card.getByRole('link', { name: 'Stress detector' }).click();
    await page.waitForURL((url) => url.pathname === '/models/stress-detector');
  });

  it('has the same content in the dark theme, readable (axe contrast rules)', async () => {
    const tracked = await dashboard.signedInPage('/', undefined, { colorScheme: 'dark' });
    await tracked.page.getByTestId('model-card-stress-detector').waitFor();
    expect(await tracked.page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await checkPage(tracked, 'overview-dark');
  });
});
