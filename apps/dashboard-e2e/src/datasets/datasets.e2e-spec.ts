import type { DatasetListDto } from '@stress/contracts';
import {
  apiRequest,
  checkPage,
  DashboardE2e,
  expectAccessible,
  expectNoConsoleErrors,
  saveScreenshot,
  signInByLink,
  startDashboard,
} from '../support';
import { startSlowProxy } from './slow-proxy';

let dashboard: DashboardE2e;

beforeAll(async () => {
  dashboard = await startDashboard();
});

afterAll(async () => {
  await dashboard?.stop();
});

/** A small labelled CSV: numerical, categorical, target, prediction and probability columns. */
function labelledCsv(rows: number): string {
  const lines = ['heart_rate,eda,device,stress_label,predicted,stress_proba'];
  for (let index = 0; index < rows; index += 1) {
    const label = index % 3 === 0 ? 1 : 0;
    const predicted = index % 7 === 0 ? 1 - label : label;
    const probability = predicted === 1 ? 0.6 + (index % 4) / 10 : 0.1 + (index % 4) / 10;
    lines.push(
      `${60 + (index % 40)},${(0.2 + (index % 13) / 10).toFixed(2)},${['watch', 'band', 'ring'][index % 3]},${label},${predicted},${probability.toFixed(2)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

async function datasetCount(): Promise<number> {
  return (await apiRequest<DatasetListDto>(dashboard.api, 'GET', '/api/v1/datasets?limit=1')).total;
}

/** Uploads the API has refused so far (`dataset_uploads_total{outcome="rejected"}` in GET /metrics). */
async function rejectedUploads(): Promise<number> {
  const exposition = await (await fetch(`${dashboard.api.url}/metrics`)).text();
  return Number(/^dataset_uploads_total\{outcome="rejected"\} (\d+)/m.exec(exposition)?.[1] ?? 0);
}

/** Resolves once the API has refused `count` uploads: it records a refusal after removing what the upload staged. */
async function untilRejectedUploads(count: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await rejectedUploads()) < count) {
    if (Date.now() > deadline) throw new Error(`the API did not report ${count} refused uploads within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('datasets', () => {
  it('uploads a CSV picked with the file picker and shows its profile, rows and quality', async () => {
    const tracked = await dashboard.signedInPage('/datasets');
    const { page } = tracked;
    await page.getByRole('heading', { name: 'Upload a dataset' }).waitFor();
    await checkPage(tracked, 'datasets');

    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'week-47.csv', mimeType: 'text/csv', buffer: Buffer.from(labelledCsv(300)) });
    await page.getByTestId('chosen-file').getByText('6 columns').waitFor();
    await page.getByText('Target, prediction and probability columns').click();
    for (const [label, column] of [
      ['Target column', 'stress_label'],
      ['Prediction column', 'predicted'],
      ['Probability column', 'stress_proba'],
    ]) {
      await page.getByRole('combobox', { name: label }).click();
      await page.getByRole('option', { name: column, exact: true }).click();
    }
    await page.getByTestId('upload-submit').click();
    await page.waitForURL((url) => url.pathname.startsWith('/datasets/') && url.pathname.length > '/datasets/'.length);

    await page.getByRole('heading', { name: 'week-47' }).waitFor();
    const profile = page.getByTestId('profile-table');
    await profile.getByTestId('profile-column-heart_rate').waitFor();
    expect(await profile.locator('tbody tr').count()).toBe(6);
    // The first column is drawn at once: its histogram.
    await page.getByTestId('profile-histogram').locator('svg').first().waitFor();
    await checkPage(tracked, 'dataset-profile');
    await page.getByTestId('profile-column-device').click();
    await page.getByTestId('profile-top-values').locator('svg').first().waitFor();
    await expect(page.getByTestId('column-detail').textContent()).resolves.toContain('3 distinct');

    await page.getByRole('tab', { name: 'Rows' }).click();
    const rows = page.getByTestId('rows-table');
    await rows.locator('tbody tr').first().waitFor();
    expect(await rows.locator('tbody tr').count()).toBe(25);
    await page.getByRole('button', { name: 'Next page' }).click();
    await rows.locator('tbody tr').first().locator('th').getByText('26', { exact: true }).waitFor();
    await checkPage(tracked, 'dataset-rows');

    await page.getByRole('tab', { name: 'Quality' }).click();
    await page.getByTestId('confusion-matrix').waitFor();
    await expect(page.getByTestId('quality-metrics').textContent()).resolves.toContain('ROC AUC');
    await checkPage(tracked, 'dataset-quality');
  });

  it('accepts a file dropped on the drop zone', async () => {
    const tracked = await dashboard.signedInPage('/datasets');
    const { page } = tracked;
    const csv = labelledCsv(20);
    const transfer = await page.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
      return data;
    }, csv);
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: transfer });
    await page.getByTestId('chosen-file').getByText('dropped.csv').waitFor();
    await page.getByTestId('upload-submit').click();
    await page.waitForURL((url) => url.pathname.startsWith('/datasets/') && url.pathname.length > '/datasets/'.length);
    await page.getByRole('heading', { name: 'dropped' }).waitFor();
    // Without target and prediction columns, quality explains itself instead of failing.
    await page.getByRole('tab', { name: 'Quality' }).click();
    await page.getByTestId('quality-not-applicable').waitFor();
    expectNoConsoleErrors(tracked);
  });

  it("shows the server's refusal as it says it and stores nothing", async () => {
    const tracked = await dashboard.signedInPage('/datasets');
    const { page } = tracked;
    const before = await datasetCount();
    await page
      .getByTestId('file-input')
      .setInputFiles({ name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b,c\n1,2,3\n4,5\n') });
    const answer = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/v1/datasets' && response.request().method() === 'POST',
    );
    await page.getByTestId('upload-submit').click();
    const response = await answer;
    expect(response.status()).toBe(400);
    const body = (await response.json()) as { message: string; requestId: string };
    const error = page.getByTestId('upload-error');
    await error.waitFor();
    expect((await error.locator('.sam-error-state__message').textContent())?.trim()).toBe(body.message);
    await expect(error.textContent()).resolves.toContain(body.requestId);
    expect(await datasetCount()).toBe(before);
    await checkPage(tracked, 'datasets-upload-refused', [/status of 400/]);
  });

  it('shows the percent of bytes sent on a slow link, and cancel stores nothing', async () => {
    const before = await datasetCount();
    const rejectedBefore = await rejectedUploads();
    // ~24 MB through a 1 MB/s link: long enough to watch, whatever the socket buffers absorb.
    const proxy = await startSlowProxy(dashboard.api.url, 1024 * 1024);
    const context = await dashboard.browser.newContext({ baseURL: proxy.url, viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await signInByLink(page, dashboard.api.adminKey, '/datasets');
      await page
        .getByTestId('file-input')
        .setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(labelledCsv(800_000)) });
      await page.getByTestId('upload-submit').click();
      await page.waitForFunction(() => {
        const match = /(\d+)% sent/.exec(document.querySelector('[data-testid="upload-percent"]')?.textContent ?? '');
        return match !== null && Number(match[1]) > 0 && Number(match[1]) < 90;
      });
      const shown = Number(/(\d+)% sent/.exec((await page.getByTestId('upload-percent').textContent()) ?? '')?.[1]);
      const bar = Number(await page.getByTestId('upload-progress').getAttribute('aria-valuenow'));
      expect(shown).toBeGreaterThan(0);
      expect(shown).toBeLessThan(100);
      // The bar shows the same number: bytes sent over the file's size.
      expect(Math.abs(bar - shown)).toBeLessThanOrEqual(1);
      await saveScreenshot(page, 'datasets-uploading');
      await expectAccessible(page, 'datasets-uploading');
      await page.getByTestId('upload-cancel').click();
      await page.getByTestId('upload-cancelled').waitFor();
      // The aborted request never becomes a dataset: once the API has handled the abort, nothing was stored.
      await untilRejectedUploads(rejectedBefore + 1);
      expect(await datasetCount()).toBe(before);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      await proxy.close();
    }
  });
});
