import { apiRequest, DashboardE2e, expectNoConsoleErrors, startDashboard, waitForIdle } from '../support';

let dashboard: DashboardE2e;
let datasetId: string;

beforeAll(async () => {
  dashboard = await startDashboard();
  const datasets = await apiRequest<{ items: { id: string; name: string }[] }>(dashboard.api, 'GET', '/api/v1/datasets?limit=1');
  datasetId = datasets.items[0]?.id ?? '';
});

afterAll(async () => {
  await dashboard?.stop();
});

describe('linked views', () => {
  it("keeps the dataset page's tab and column in the URL: a copied link opens the same tab", async () => {
    const tracked = await dashboard.signedInPage(`/datasets/${datasetId}`);
    const { page } = tracked;
    await page.getByRole('tab', { name: 'Rows' }).click();
    await page.waitForURL((url) => url.searchParams.get('tab') === 'rows');
    const link = new URL(page.url());

    const other = await dashboard.signedInPage('/', undefined);
    await other.page.goto(link.pathname + link.search);
    await other.page.getByRole('tab', { name: 'Rows', selected: true }).waitFor();
    // Back to the profile: the parameter goes away.
    await other.page.getByRole('tab', { name: 'Profile' }).click();
    await other.page.waitForURL((url) => url.pathname === link.pathname && !url.searchParams.has('tab'));
    await waitForIdle(other.page);
    expectNoConsoleErrors(tracked);
    expectNoConsoleErrors(other);
  });

  it('refreshes the overview on its own once an auto-refresh is chosen, and keeps the choice in the URL', async () => {
    const tracked = await dashboard.signedInPage('/');
    const { page } = tracked;
    await page.getByTestId('model-card-stress-detector').waitFor();
    await waitForIdle(page);
    await page.getByTestId('auto-refresh').click();
    await page.getByRole('option', { name: '30 s' }).click();
    await page.waitForURL((url) => url.searchParams.get('refresh') === '30');
    const chosenAt = Date.now();
    // The next load of the model list comes by itself, about 30 s later.
    await page.waitForRequest((request) => new URL(request.url()).pathname === '/api/v1/models', { timeout: 45_000 });
    expect(Date.now() - chosenAt).toBeGreaterThan(25_000);
    await page.reload();
    await expect(page.getByTestId('auto-refresh').textContent()).resolves.toContain('30 s');
    expectNoConsoleErrors(tracked);
  });
});
