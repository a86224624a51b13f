import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { apiRequest, checkPage, createKey, DashboardE2e, startDashboard } from '../support';

/** A webhook receiver on loopback: records each request's path; `/fail` answers 500. */
interface Receiver {
  url: string;
  paths: string[];
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const paths: string[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      paths.push(request.url ?? '/');
      if (request.url === '/fail') response.writeHead(500).end('failing on purpose');
      else response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    paths,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

interface AlertList {
  items: { ruleId: string; name: string; state: string; model: string }[];
  firing: number;
}

async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

let dashboard: DashboardE2e;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  dashboard = await startDashboard({ env: { ALERTS_EVAL_INTERVAL_MS: '1000', NOTIFY_ALLOW_LOOPBACK: 'true' } });
});

afterAll(async () => {
  await dashboard?.stop();
  await receiver?.close();
});

describe('alerts', () => {
  it("lists the demo's two rules with their states, and their history", async () => {
    const tracked = await dashboard.signedInPage('/alerts');
    const { page } = tracked;
    const table = page.getByTestId('alerts-table');
    await table.waitFor();
    for (const name of ['stress recall low', 'stress latency p95 high']) {
      await page.locator(`tr[data-rule="${name}"]`).waitFor();
    }
    expect(await page.locator('tr[data-rule="stress recall low"]').textContent()).toContain('recall');
    expect(await page.locator('tr[data-rule="stress latency p95 high"]').textContent()).toContain('latency_ms');
    await checkPage(tracked, 'alerts');

    // A rule's page: its editor filled in, and the history of its state changes (evaluated every second here).
    const recall = await apiRequest<{ items: { ruleId: string; name: string }[] }>(dashboard.api, 'GET', '/api/v1/alerts');
    const recallId = recall.items.find((item) => item.name === 'stress recall low')?.ruleId ?? '';
    const events = await until('a state change of the recall rule', async () => {
      const list = await apiRequest<{ items: { from: string; to: string }[] }>(
        dashboard.api,
        'GET',
        `/api/v1/alert-rules/${recallId}/events`,
      );
      return list.items.length > 0 ? list.items : null;
    });
    await page.getByRole('link', { name: 'stress recall low' }).click();
    await page.getByRole('heading', { level: 1, name: 'stress recall low' }).waitFor();
    expect(await page.getByTestId('rule-metric').inputValue()).toBe('recall');
    expect(await page.getByTestId('rule-threshold').inputValue()).toBe('0.8');
    await page.getByRole('heading', { name: 'History' }).waitFor();
    const newest = page.locator('[data-testid="rule-events"] tbody tr').first();
    await newest.waitFor();
    const states = await newest.locator('[data-state]').evaluateAll((chips) => chips.map((chip) => chip.getAttribute('data-state')));
    expect(states.slice(0, 2)).toEqual([events[0]?.from, events[0]?.to]);
    await page.getByTestId('preview-chart').waitFor();
    await checkPage(tracked, 'alert-rule');
  });

  it('creates a rule after previewing when it would have fired', async () => {
    const tracked = await dashboard.signedInPage('/alerts');
    const { page } = tracked;
    await page.getByTestId('new-rule').click();
    await page.getByRole('heading', { level: 1, name: 'New alert rule' }).waitFor();
    await page.getByTestId('rule-name').fill('e2e recall below 0.99');
    await page.getByTestId('rule-model').fill('stress');
    await page.getByRole('option', { name: 'stress-detector', exact: true }).click();
    await page.getByTestId('rule-metric').fill('recall');
    await page.getByTestId('rule-op').click();
    await page.getByRole('option', { name: '< (lt)' }).click();
    await page.getByTestId('rule-threshold').fill('0.99');
    await page.getByTestId('rule-preview').click();

    // The demo's recall stays below 0.99: the rule would have fired, drawn as shaded spans under the threshold line.
    await page.getByTestId('preview-span').first().waitFor();
    expect(await page.getByTestId('preview-span').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('preview-threshold').count()).toBe(1);
    expect(await page.getByTestId('preview-summary').textContent()).toMatch(/Would have fired \d+ times?/);
    await checkPage(tracked, 'alert-rule-new');

    await page.getByTestId('rule-save').click();
    await page.waitForURL((url) => /^\/alerts\/rules\/[0-9a-f-]{36}$/.test(url.pathname));
    await page.getByRole('heading', { level: 1, name: 'e2e recall below 0.99' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop();
    const rule = await apiRequest<{ model: string; metric: string; op: string; threshold: number; version: string | null }>(
      dashboard.api,
      'GET',
      `/api/v1/alert-rules/${id}`,
    );
    expect(rule).toMatchObject({ model: 'stress-detector', metric: 'recall', op: 'lt', threshold: 0.99, version: null });

    // An admin deletes it, after confirming.
    await page.getByTestId('rule-delete').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.textContent()).resolves.toContain('cannot be undone');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL((url) => url.pathname === '/alerts');
    const gone = await fetch(`${dashboard.api.url}/api/v1/alert-rules/${id}`, {
      headers: { Authorization: `Bearer ${dashboard.api.adminKey}` },
    });
    expect(gone.status).toBe(404);
  });

  it('creates a silence and expires it', async () => {
    const tracked = await dashboard.signedInPage('/alerts');
    const { page } = tracked;
    await page.getByTestId('silence-model').fill('stress-detector');
    await page.getByTestId('silence-comment').fill('e2e planned retraining');
    await page.getByTestId('silence-create').click();
    const row = page.locator('[data-testid="silence-row"]', { hasText: 'e2e planned retraining' });
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('active');
    expect(await row.textContent()).toContain('model stress-detector');
    await row.getByTestId('silence-expire').click();
    await page.locator('[data-testid="silence-row"][data-status="expired"]', { hasText: 'e2e planned retraining' }).waitFor();
    const silences = await apiRequest<{ items: { comment: string; status: string }[] }>(dashboard.api, 'GET', '/api/v1/silences');
    expect(silences.items.find((item) => item.comment === 'e2e planned retraining')?.status).toBe('expired');
  });

  it('adds webhook channels (secret never shown) and shows what a test message did', async () => {
    const tracked = await dashboard.signedInPage('/alerts');
    const { page } = tracked;
    const secret = 'e2e-webhook-secret-0123456789';
    await page.getByTestId('channel-name').fill('e2e-hook');
    await page.getByTestId('channel-url').fill(`${receiver.url}/hook`);
    await page.getByTestId('channel-secret').fill(secret);
    await page.getByTestId('channel-create').click();
    const good = page.locator('tr[data-channel="e2e-hook"]');
    await good.waitFor();
    expect(await good.textContent()).toContain('signed');

    await page.getByTestId('channel-name').fill('e2e-broken-hook');
    await page.getByTestId('channel-url').fill(`${receiver.url}/fail`);
    await page.getByTestId('channel-create').click();
    const bad = page.locator('tr[data-channel="e2e-broken-hook"]');
    await bad.waitFor();

    await good.getByTestId('channel-test').click();
    await expect(good.getByTestId('channel-test-outcome').textContent()).resolves.toBe('Test sent (HTTP 200).');
    await bad.getByTestId('channel-test').click();
    await expect(bad.getByTestId('channel-test-outcome').textContent()).resolves.toMatch(/^Test failed \(HTTP 500\)/);
    expect(receiver.paths.filter((path) => path === '/hook')).toHaveLength(1);
    expect(receiver.paths.filter((path) => path === '/fail').length).toBeGreaterThan(0);
    expect(await page.locator('main').textContent()).not.toContain(secret);
    await checkPage(tracked, 'alerts-channels');
  });

  it('shows viewers the states without write actions', async () => {
    const viewer = await createKey(dashboard.api, 'viewer', 'e2e-alerts-viewer');
    const tracked = await dashboard.signedInPage('/alerts', viewer);
    const { page } = tracked;
    await page.getByTestId('alerts-table').waitFor();
    await page.getByTestId('channels-not-admin').waitFor();
    expect(await page.getByTestId('new-rule').count()).toBe(0);
    expect(await page.getByTestId('silence-create').count()).toBe(0);
    expect(await page.getByTestId('channel-create').count()).toBe(0);
    await page.getByRole('link', { name: 'stress latency p95 high' }).click();
    await page.getByTestId('rule-read-only').waitFor();
    expect(await page.getByTestId('rule-save').count()).toBe(0);
    expect(await page.getByTestId('rule-threshold').isDisabled()).toBe(true);
    await checkPage(tracked, 'alert-rule-viewer');
  });

  it('counts firing rules in the navigation and on the model card', async () => {
    const model = await apiRequest<{ productionVersion: string }>(dashboard.api, 'GET', '/api/v1/models/stress-detector');
    const rule = await apiRequest<{ id: string }>(dashboard.api, 'POST', '/api/v1/alert-rules', {
      name: 'e2e signal high',
      model: 'stress-detector',
      metric: 'e2e_signal',
      agg: 'last',
      window: '10m',
      op: 'gt',
      threshold: 0.5,
      for: '0s',
      severity: 'critical',
    });
    await apiRequest(dashboard.api, 'POST', '/api/v1/metrics', {
      points: [
        {
          model: 'stress-detector',
          version: model.productionVersion,
          name: 'e2e_signal',
          value: 1,
          timestamp: new Date(Date.now() - 5_000).toISOString(),
        },
      ],
    });
    const alerts = await until('the rule to fire', async () => {
      const list = await apiRequest<AlertList>(dashboard.api, 'GET', '/api/v1/alerts');
      return list.items.some((item) => item.ruleId === rule.id && item.state === 'firing') ? list : null;
    });
    const firing = alerts.firing;
    const onModel = alerts.items.filter((item) => item.model === 'stress-detector' && item.state === 'firing').length;

    const tracked = await dashboard.signedInPage('/');
    const { page } = tracked;
    const badge = page.getByTestId('firing-badge');
    await badge.waitFor();
    expect((await badge.textContent())?.replace(/\s+/g, ' ').trim()).toBe(`${firing}, ${firing} firing`);
    const card = page.getByTestId('firing-alerts');
    await card.waitFor();
    expect((await card.textContent())?.trim()).toBe(`${onModel} ${onModel === 1 ? 'alert' : 'alerts'} firing`);
    await card.click();
    await page.waitForURL((url) => url.pathname === '/alerts' && url.searchParams.get('model') === 'stress-detector');
    const row = page.locator('tr[data-rule="e2e signal high"]');
    await row.waitFor();
    expect(await row.getAttribute('data-state')).toBe('firing');
    // Firing first.
    expect(await page.locator('[data-testid="alerts-table"] tbody tr').first().getAttribute('data-state')).toBe('firing');
    await checkPage(tracked, 'alerts-firing');
  });
});
