import type { MonitoringWindowListDto } from '@stress/contracts';
import { apiRequest, checkPage, DashboardE2e, startDashboard } from '../support';

let dashboard: DashboardE2e;

beforeAll(async () => {
  dashboard = await startDashboard();
});

afterAll(async () => {
  await dashboard?.stop();
});

/** Waits until monitoring has computed the demo's newest closed window (the scheduler starts right after the seed). */
async function newestDemoWindowComputed(): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const list = await apiRequest<MonitoringWindowListDto>(dashboard.api, 'GET', '/api/v1/models/stress-detector/versions/1.1.0/windows');
    if (list.items.some((window) => window.drift !== null && Date.parse(window.end) > Date.now() - 86_400_000)) return;
    if (Date.now() > deadline)
      throw new Error(`The demo's newest window was not computed: ${JSON.stringify(list.items.map((w) => w.status))}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('overview', () => {
  it('shows the demo stress-detector with its production version, key metrics, 7-day change, sparkline and drift status', async () => {
    await newestDemoWindowComputed();
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
    // Monitoring is on for the demo's production version: its newest window (drifted, the last three days) is the verdict.
    expect(await card.getByTestId('drift-status').textContent()).toMatch(
      /^Drift: drift in \d+ of \d+ columns in the latest window · version 1\.1\.0 \(window of \d{4}-\d\d-\d\d \d\d:\d\d UTC\)$/,
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
