import type { MetricSeriesResponseDto, ModelDetailDto } from '@stress/contracts';
import {
  apiRequest,
  checkPage,
  createKey,
  DashboardE2e,
  expectNoConsoleErrors,
  saveScreenshot,
  startDashboard,
  waitForIdle,
} from '../support';

let dashboard: DashboardE2e;

beforeAll(async () => {
  dashboard = await startDashboard();
});

afterAll(async () => {
  await dashboard?.stop();
});

/**
 * Answer of the next series query the page sends for the chosen metric (not the CBPE estimate the chart asks for
 * beside it when monitoring windows write one).
 */
function nextSeries(page: import('playwright-core').Page) {
  return page.waitForResponse((response) => {
    const url = new URL(response.url());
    return (
      url.pathname === '/api/v1/metrics/series' &&
      response.request().method() === 'GET' &&
      !(url.searchParams.get('name') ?? '').startsWith('estimated_')
    );
  });
}

describe('model page', () => {
  it('opens stress-detector with its chart; changing the range asks for at most ~500 buckets, never raw points', async () => {
    const tracked = await dashboard.signedInPage('/models');
    const { page } = tracked;
    const first = nextSeries(page);
    await page
      .getByTestId('models-table')
      .getByRole('link', { name: /stress/i })
      .click();
    await page.waitForURL((url) => url.pathname === '/models/stress-detector');
    const initial = await first;
    const initialUrl = new URL(initial.url());
    expect(initialUrl.searchParams.get('bucket')).toBe('1h');
    await page.getByTestId('metric-chart').locator('svg').first().waitFor();
    await page.getByTestId('latest-metrics').waitFor();
    await checkPage(tracked, 'model');

    const month = nextSeries(page);
    await page.locator('mat-button-toggle', { hasText: '30 d' }).locator('button').click();
    const response = await month;
    const url = new URL(response.url());
    expect(url.searchParams.get('bucket')).toBe('6h');
    const range = Date.parse(url.searchParams.get('to') ?? '') - Date.parse(url.searchParams.get('from') ?? '');
    expect(range).toBe(30 * 24 * 3600 * 1000);
    const body = (await response.json()) as MetricSeriesResponseDto;
    expect(body.series.length).toBeGreaterThan(0);
    for (const series of body.series) expect(series.points.length).toBeLessThanOrEqual(500);
    // 30 days of hourly demo points: every bucket aggregates several raw points.
    expect(Math.max(...body.series.flatMap((series) => series.points.map((point) => point.count)))).toBeGreaterThan(1);
    await page.getByTestId('metric-chart').locator('svg').first().waitFor();
    await expect(page.getByTestId('bucket-summary').textContent()).resolves.toContain('6 hours');
    await saveScreenshot(page, 'model-30d');
    expectNoConsoleErrors(tracked);
  });

  it('keeps the chart view in the URL: a copied link opens the same view; tooltips show the time, the y-axis the unit', async () => {
    const tracked = await dashboard.signedInPage('/models/stress-detector');
    const { page } = tracked;
    await page.getByTestId('metric-chart').locator('svg').first().waitFor();
    // Pick recall, p95, 24 h: the URL follows.
    await page.getByTestId('metric-select').click();
    await page.getByRole('option', { name: 'recall', exact: true }).click();
    await page.getByTestId('agg-select').click();
    await page.getByRole('option', { name: 'p95', exact: true }).click();
    const day = nextSeries(page);
    await page.locator('mat-button-toggle', { hasText: '24 h' }).locator('button').click();
    await day;
    await page.waitForURL((url) => url.searchParams.get('range') === '24h');
    const link = new URL(page.url());
    expect(Object.fromEntries(link.searchParams)).toMatchObject({ metric: 'recall', agg: 'p95', range: '24h' });

    // The copied link, in a new tab: the same view, asked of the API with the same parameters.
    const other = await dashboard.signedInPage('/models', undefined);
    const asked = nextSeries(other.page);
    await other.page.goto(link.pathname + link.search);
    const request = new URL((await asked).url());
    expect({
      name: request.searchParams.get('name'),
      agg: request.searchParams.get('agg'),
      bucket: request.searchParams.get('bucket'),
    }).toEqual({
      name: 'recall',
      agg: 'p95',
      bucket: '5m',
    });
    expect(Date.parse(request.searchParams.get('to') ?? '') - Date.parse(request.searchParams.get('from') ?? '')).toBe(24 * 3600 * 1000);
    await expect(other.page.getByTestId('metric-select').textContent()).resolves.toContain('recall');
    await expect(other.page.getByTestId('agg-select').textContent()).resolves.toContain('p95');
    expect(await other.page.locator('mat-button-toggle.mat-button-toggle-checked').textContent()).toContain('24 h');

    // Axis labels with the time zone and the unit; a tooltip with the bucket's time.
    const chart = other.page.getByTestId('metric-chart');
    await chart.locator('svg').first().waitFor();
    await expect(chart.textContent()).resolves.toContain('Time (UTC)');
    await expect(chart.textContent()).resolves.toContain('recall (p95, ratio)');
    const area = chart.locator('rect.tooltip-area').first();
    await chart.scrollIntoViewIfNeeded();
    const box = await area.boundingBox();
    if (!box) throw new Error('no tooltip area on the chart');
    await other.page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.5);
    await other.page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 10 });
    const tooltip = other.page.getByTestId('chart-tooltip').first();
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    await saveScreenshot(other.page, 'model-linked-view-tooltip');
    expectNoConsoleErrors(tracked);
    expectNoConsoleErrors(other);
  });

  it('works 1024 px wide in the dark theme', async () => {
    const tracked = await dashboard.signedInPage('/models/stress-detector', undefined, { width: 1024, colorScheme: 'dark' });
    await tracked.page.getByTestId('metric-chart').locator('svg').first().waitFor();
    expect(await tracked.page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    // Nothing wider than the window: no horizontal scrolling of the page.
    expect(await tracked.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await checkPage(tracked, 'model-1024-dark');
  });

  it('promotes a version after confirmation; the previous production version is archived and the history says who', async () => {
    const tracked = await dashboard.signedInPage('/models/stress-detector');
    const { page } = tracked;
    await page.getByTestId('stage-production-2.0.0').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByRole('heading').textContent()).resolves.toContain('Promote 2.0.0 to production?');
    await expect(dialog.textContent()).resolves.toContain('1.1.0, in production now, will be archived.');
    await checkPage(tracked, 'model-promote-dialog');
    await dialog.getByRole('button', { name: 'Promote to production' }).click();
    await page.getByTestId('stage-notice').getByText('2.0.0 is now production.').waitFor();
    await page.getByTestId('production-version').getByText('2.0.0').waitFor();

    const model = await apiRequest<ModelDetailDto>(dashboard.api, 'GET', '/api/v1/models/stress-detector');
    expect(model.productionVersion).toBe('2.0.0');
    expect(model.versions.find((version) => version.version === '1.1.0')?.stage).toBe('archived');

    await page.getByTestId('history-2.0.0').click();
    const history = page.getByTestId('stage-history');
    await history.getByText('production').first().waitFor();
    await expect(history.textContent()).resolves.toMatch(/staging\s*→\s*production by admin/);
    await checkPage(tracked, 'model-promoted');
  });

  it('shows a viewer the stages without any stage action', async () => {
    const viewer = await createKey(dashboard.api, 'viewer', 'model-viewer');
    const tracked = await dashboard.signedInPage('/models/stress-detector', viewer);
    await tracked.page.getByText('Stage changes need an editor key.').waitFor();
    await waitForIdle(tracked.page);
    expect(await tracked.page.locator('[data-testid^="stage-production-"]').count()).toBe(0);
    expectNoConsoleErrors(tracked);
  });
});
