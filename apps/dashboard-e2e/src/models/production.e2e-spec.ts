import type { MetricSeriesResponseDto, MonitoringWindowDto, MonitoringWindowListDto } from '@stress/contracts';
import { apiRequest, checkPage, createKey, DashboardE2e, expectNoConsoleErrors, startDashboard, waitForIdle } from '../support';

let dashboard: DashboardE2e;
const WINDOWS_PATH = '/api/v1/models/stress-detector/versions/1.1.0/windows';

beforeAll(async () => {
  dashboard = await startDashboard();
});

afterAll(async () => {
  await dashboard?.stop();
});

/**
 * The demo's 13 closed daily windows, once the scheduler has computed them all (it starts right after the seed).
 * Polls the API, newest first as listed.
 */
async function computedDemoWindows(): Promise<MonitoringWindowDto[]> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const list = await apiRequest<MonitoringWindowListDto>(dashboard.api, 'GET', WINDOWS_PATH);
    const computed = list.items.filter((window) => window.computedAt !== null && window.status !== 'stale');
    if (computed.length >= 13) return computed;
    if (Date.now() > deadline)
      throw new Error(`Only ${computed.length} demo windows computed: ${JSON.stringify(list.items.map((w) => w.status))}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('model page: production view', () => {
  it('shows drift in the last windows of the demo model in the heatmap; a cell opens its histograms', async () => {
    const windows = await computedDemoWindows();
    // The demo drifts from three days ago (today's window is still open) and labels all but the last two days.
    const [newest, second, third, ...older] = windows;
    expect([newest.drift?.datasetDrift, second.drift?.datasetDrift]).toEqual([true, true]);
    expect(older.every((window) => window.drift?.datasetDrift === false)).toBe(true);
    expect(newest.rowsWithActual).toBe(0);
    expect(third.rowsWithActual).toBe(third.rows);

    const tracked = await dashboard.signedInPage('/models/stress-detector');
    const { page } = tracked;
    const heatmap = page.getByTestId('drift-heatmap');
    await heatmap.waitFor();
    await page.getByTestId('volume-chart').locator('svg').first().waitFor();
    await page.getByTestId('quality-chart').locator('svg').first().waitFor();
    await waitForIdle(page);

    // Every window that drifted has drifted cells in its column of the heatmap; the early windows have fewer.
    const driftedCells = (start: string) => heatmap.locator(`button[data-window="${start}"][data-drifted="true"]`).count();
    const newestDrifted = await driftedCells(newest.start);
    expect(newestDrifted).toBe(newest.drift?.columns.filter((column) => column.drifted).length);
    expect(newestDrifted).toBeGreaterThanOrEqual(2);
    expect(await driftedCells(second.start)).toBeGreaterThanOrEqual(2);
    expect(await driftedCells(older[older.length - 1].start)).toBeLessThan(newestDrifted);
    // Rows are ordered by how many windows each column drifted in (counted here from the API's windows).
    const driftCounts = new Map<string, number>();
    for (const window of windows) {
      for (const column of window.drift?.columns ?? [])
        driftCounts.set(column.column, (driftCounts.get(column.column) ?? 0) + Number(column.drifted));
    }
    const firstRow = (await heatmap.locator('tbody tr').first().getAttribute('data-column')) ?? '';
    expect(driftCounts.get(firstRow)).toBe(Math.max(...driftCounts.values()));
    expect(await heatmap.locator('tbody tr').count()).toBe(driftCounts.size);

    await checkPage(tracked, 'model-production');

    // A drifted cell opens that window with the column's reference and current histograms.
    const column = newest.drift?.columns.find((entry) => entry.drifted)?.column ?? '';
    await heatmap.locator(`tr[data-column="${column}"] button[data-window="${newest.start}"]`).click();
    const detail = page.getByTestId('window-detail');
    await detail.getByTestId('drift-columns').waitFor();
    const distributions = page.getByTestId('window-distributions');
    await distributions.getByTestId('distribution-chart').locator('svg').first().waitFor();
    await expect(distributions.textContent()).resolves.toContain(`${column}: reference vs this window`);
    // Both samples are drawn: the legend names them.
    await expect(distributions.textContent()).resolves.toMatch(/Reference[\s\S]*Current/);
    await checkPage(tracked, 'model-production-window');
  });

  it('estimates every window before its labels and overlays the estimate on the realized metric in the chart', async () => {
    const windows = await computedDemoWindows();
    // The demo model is a binary classifier monitored against a reference with target, prediction and probability.
    for (const window of windows) {
      expect(window.estimate?.rows.current).toBe(window.rows);
      expect(window.estimate?.estimated.accuracy.lower).toBeLessThanOrEqual(window.estimate?.estimated.accuracy.value ?? -1);
    }

    // Listen before the model page opens: its chart asks for the estimate as soon as it knows the metric names.
    const tracked = await dashboard.signedInPage('/models');
    const { page } = tracked;
    const estimated = page.waitForResponse(
      (response) =>
        new URL(response.url()).pathname === '/api/v1/metrics/series' &&
        new URL(response.url()).searchParams.get('name') === 'estimated_accuracy',
    );
    await page.goto('/models/stress-detector?metric=accuracy');
    const overlay = page.getByTestId('estimate-overlay');
    await overlay.waitFor();
    expect(await overlay.locator('input[type="checkbox"]').isChecked()).toBe(true);
    const response = await estimated;
    const asked = new URL(response.url()).searchParams;
    const body = (await response.json()) as MetricSeriesResponseDto;
    // One estimated point per computed window in the chart's range, each the window's own estimate.
    const inRange = windows.filter(
      (window) =>
        Date.parse(window.start) >= Date.parse(asked.get('from') ?? '') && Date.parse(window.start) < Date.parse(asked.get('to') ?? ''),
    );
    expect(inRange.length).toBeGreaterThanOrEqual(5);
    const points = body.series.find((series) => series.version === '1.1.0')?.points ?? [];
    expect(points.map((point) => [point.t, point.value])).toEqual(
      inRange.map((window) => [window.start, window.estimate?.estimated.accuracy.value]).reverse(),
    );
    const chart = page.getByTestId('metric-chart');
    await chart.getByText('1.1.0 (estimated)').first().waitFor();
    // The Production view's quality chart draws the estimated accuracy of each window too.
    await page.getByTestId('quality-chart').getByText('estimated accuracy').first().waitFor();

    // Unticked: the estimated line goes, and the link remembers it.
    await overlay.locator('input[type="checkbox"]').click();
    await page.waitForURL((url) => url.searchParams.get('estimate') === 'off');
    await chart.getByText('1.1.0 (estimated)').first().waitFor({ state: 'detached' });
    expectNoConsoleErrors(tracked);
  });

  it('lets an editor recompute the windows and shows a viewer the settings read-only', async () => {
    const tracked = await dashboard.signedInPage('/models/stress-detector');
    await tracked.page.getByTestId('monitoring-settings').waitFor();
    await tracked.page.getByTestId('windows-recompute').click();
    await expect(tracked.page.getByTestId('recompute-notice').textContent()).resolves.toMatch(/\d+ window\(s\) queued/);
    expectNoConsoleErrors(tracked);

    const viewer = await createKey(dashboard.api, 'viewer', 'production-viewer');
    const viewerPage = await dashboard.signedInPage('/models/stress-detector', viewer);
    await viewerPage.page.getByTestId('monitoring-settings-readonly').getByText('Needs an editor or admin key.').waitFor();
    await waitForIdle(viewerPage.page);
    expect(await viewerPage.page.getByTestId('monitoring-save').count()).toBe(0);
    expect(await viewerPage.page.getByTestId('windows-recompute').count()).toBe(0);
    expect(await viewerPage.page.getByTestId('monitoring-reference').getAttribute('aria-disabled')).toBe('true');
    expectNoConsoleErrors(viewerPage);
  });
});
