import type { DatasetDto, DriftReportDto } from '@stress/contracts';
import { checkPage, DashboardE2e, startDashboard } from '../support';

let dashboard: DashboardE2e;

/** Rows of stress-detector's columns; `shifted` moves heart_rate and eda and changes the activity mix. */
function sample(rows: number, shifted: boolean): string {
  const lines = ['heart_rate,eda,activity,stress_label'];
  for (let index = 0; index < rows; index += 1) {
    const wave = Math.sin(index * 12.9898) * 0.5 + 0.5;
    const heartRate = 62 + 30 * wave + (shifted ? 15 : 0);
    const eda = 1 + (3 * ((index * 7919) % 101)) / 100 + (shifted ? 2 : 0);
    const activity = shifted ? ['run', 'walk'][index % 2] : ['rest', 'walk', 'run', 'sleep'][index % 4];
    lines.push(`${heartRate.toFixed(1)},${eda.toFixed(3)},${activity},${index % 3 === 0 ? 1 : 0}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Uploads through the API (multipart), as another team's service would. */
async function upload(name: string, role: 'reference' | 'current', csv: string): Promise<DatasetDto> {
  const form = new FormData();
  for (const [field, value] of Object.entries({ name, role, model: 'stress-detector', version: '1.1.0' })) form.append(field, value);
  form.append('file', new Blob([csv], { type: 'text/csv' }), `${name}.csv`);
  const response = await fetch(`${dashboard.api.url}/api/v1/datasets`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${dashboard.api.adminKey}` },
    body: form,
  });
  if (response.status !== 201) throw new Error(`upload ${name}: ${response.status} ${await response.text()}`);
  return (await response.json()) as DatasetDto;
}

let reference: DatasetDto;
let current: DatasetDto;

beforeAll(async () => {
  dashboard = await startDashboard();
  // The newest reference and current datasets of the model: the pickers' defaults.
  reference = await upload('e2e reference', 'reference', sample(600, false));
  current = await upload('e2e current', 'current', sample(400, true));
});

afterAll(async () => {
  await dashboard?.stop();
});

describe('drift', () => {
  it("runs a report on stress-detector's reference and current datasets and opens a column's distributions", async () => {
    const tracked = await dashboard.signedInPage('/drift?model=stress-detector');
    const { page } = tracked;
    await page.getByRole('heading', { name: 'Run a drift report' }).waitFor();
    // The pickers default to the model's newest reference and current datasets.
    await page.getByTestId('drift-reference').getByText(reference.name).waitFor();
    await page.getByTestId('drift-current').getByText(current.name).waitFor();
    await checkPage(tracked, 'drift');

    const created = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/v1/drift-reports' && response.request().method() === 'POST',
    );
    await page.getByTestId('drift-run').click();
    const report = (await (await created).json()) as DriftReportDto;
    await page.waitForURL((url) => url.pathname === `/drift/${report.id}`);
    expect([report.referenceDatasetId, report.currentDatasetId]).toEqual([reference.id, current.id]);
    // heart_rate, eda and the activity mix moved; stress_label did not.
    expect(
      report.columns
        .filter((column) => column.drifted)
        .map((column) => column.column)
        .sort(),
    ).toEqual(['activity', 'eda', 'heart_rate']);

    await expect(page.getByTestId('dataset-verdict').textContent()).resolves.toContain(
      report.datasetDrift ? 'Dataset drift detected' : 'No dataset drift',
    );
    await expect(page.getByTestId('drift-share').textContent()).resolves.toContain(
      `${report.driftedColumns} of ${report.totalColumns} columns drifted`,
    );
    const rows = page.getByTestId('drift-columns').locator('tr[data-column]');
    expect(await rows.count()).toBe(report.totalColumns);
    // Drifted columns come first.
    const order = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-column')));
    const drifted = new Set(report.columns.filter((column) => column.drifted).map((column) => column.column));
    expect(order.slice(0, drifted.size).every((name) => drifted.has(name ?? ''))).toBe(true);
    await page.getByTestId('distribution-chart').locator('svg').first().waitFor();
    await checkPage(tracked, 'drift-report');

    // Open another column: the overlay follows.
    const other =
      report.columns.find((column) => column.column === 'activity' && column.column !== order[0]) ??
      report.columns.find((column) => column.column !== order[0]);
    expect(other).toBeDefined();
    await page.getByTestId(`drift-column-${other?.column}`).click();
    await page
      .getByTestId('column-distributions')
      .getByRole('heading', { name: `${other?.column}: reference vs current` })
      .waitFor();
    await page.getByTestId('distribution-chart').locator('svg').first().waitFor();
    // Reference and current bars side by side, one group per bin or value.
    expect(await page.getByTestId('distribution-chart').locator('path.bar').count()).toBeGreaterThanOrEqual(2);
    await checkPage(tracked, 'drift-report-column');
  });
});
