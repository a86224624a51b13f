import type { DatasetListDto, PerformanceEstimateDto } from '@stress/contracts';
import { checkPage, DashboardE2e, startDashboard } from '../support';

let dashboard: DashboardE2e;

beforeAll(async () => {
  dashboard = await startDashboard();
});

afterAll(async () => {
  await dashboard?.stop();
});

async function demoCurrentDataset(): Promise<string> {
  const response = await fetch(`${dashboard.api.url}/api/v1/datasets?model=stress-detector&role=current`, {
    headers: { Authorization: `Bearer ${dashboard.api.adminKey}` },
  });
  const list = (await response.json()) as DatasetListDto;
  const current = list.items.find((item) => item.name === 'production, last 7 days');
  if (!current) throw new Error(`The demo's current dataset is missing: ${JSON.stringify(list.items.map((item) => item.name))}`);
  return current.id;
}

describe('performance estimates', () => {
  it("estimates the demo's current dataset from its page and shows the bands, realized values and calibration", async () => {
    const currentId = await demoCurrentDataset();
    const tracked = await dashboard.signedInPage(`/datasets/${currentId}`);
    const { page } = tracked;
    // The demo seeds one estimate of this dataset.
    await page.getByTestId('latest-estimate').waitFor();
    await expect(page.getByTestId('latest-estimate').textContent()).resolves.toMatch(/accuracy 0\.\d{3} \(95 % band 0\.\d{3}–0\.\d{3}\)/);

    const created = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/v1/performance-estimates' && response.request().method() === 'POST',
    );
    await page.getByRole('button', { name: 'Estimate quality' }).click();
    const estimate = (await (await created).json()) as PerformanceEstimateDto;
    await page.waitForURL((url) => url.pathname === `/datasets/${currentId}/estimates/${estimate.id}`);
    expect(estimate.currentDatasetId).toBe(currentId);
    expect(estimate.realized).not.toBeNull();

    await page.getByRole('heading', { name: 'Estimated quality' }).waitFor();
    const accuracy = page.getByTestId('estimate-metrics').locator('tbody tr').first();
    const cells = (await accuracy.locator('th, td').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
    const band = estimate.estimated.accuracy;
    expect(cells.slice(0, 4)).toEqual([
      'Accuracy',
      band.value.toFixed(3),
      `${band.lower.toFixed(3)} – ${band.upper.toFixed(3)}`,
      expect.stringMatching(new RegExp(`^${(estimate.realized?.accuracy as number).toFixed(3)}`)),
    ]);
    await expect(page.getByTestId('estimate-calibration').textContent()).resolves.toContain(estimate.calibration.eceBefore.toFixed(3));
    const warnings = await page.getByTestId('estimate-warnings').textContent();
    for (const warning of estimate.warnings) expect(warnings).toContain(warning.message);
    await checkPage(tracked, 'performance-estimate');
  });
});
