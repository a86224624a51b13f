import { Page } from 'playwright-core';
import { apiRequest, checkPage, DashboardE2e, startDashboard, TrackedPage, waitForIdle } from '../support';

/** A phone: the 390 × 844, and the narrowest width the dashboard supports. */
const PHONE = { width: 390, height: 844 };

let dashboard: DashboardE2e;
let datasetId: string;
let reportId: string;
let ruleId: string;

beforeAll(async () => {
  dashboard = await startDashboard();
  const datasets = await apiRequest<{ items: { id: string }[] }>(dashboard.api, 'GET', '/api/v1/datasets?limit=1');
  const reports = await apiRequest<{ items: { id: string }[] }>(dashboard.api, 'GET', '/api/v1/drift-reports?limit=1');
  datasetId = datasets.items[0]?.id ?? '';
  reportId = reports.items[0]?.id ?? '';
  const rules = await apiRequest<{ items: { id: string }[] }>(dashboard.api, 'GET', '/api/v1/alert-rules?limit=1');
  ruleId = rules.items[0]?.id ?? '';
});

afterAll(async () => {
  await dashboard?.stop();
});

/** How far the page, or the scrolling area that holds it, is wider than the screen (px). */
async function overflow(page: Page): Promise<{ document: number; content: number; widest: string }> {
  return page.evaluate(() => {
    const root = document.documentElement;
    const content = document.querySelector('mat-sidenav-content') ?? root;
    // The outermost element that sticks out on the right, outside any scrolling or clipping box, for the failure message.
    const clipped = (element: Element) => {
      for (let parent = element.parentElement; parent && parent.tagName !== 'MAIN'; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflowX !== 'visible') return true;
      }
      return false;
    };
    const widest =
      Array.from(document.querySelectorAll('main *'))
        .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1 && !clipped(element))
        .map(
          (element) =>
            `${element.tagName.toLowerCase()}.${String(element.className).slice(0, 60)} → ${Math.round(element.getBoundingClientRect().right)}`,
        )[0] ?? '';
    return { document: root.scrollWidth - root.clientWidth, content: content.scrollWidth - content.clientWidth, widest };
  });
}

/** The header's actions are on screen and the navigation is a closed menu. */
async function expectPhoneShell(tracked: TrackedPage): Promise<void> {
  const { page } = tracked;
  for (const id of ['nav-toggle', 'theme-toggle', 'sign-out', 'signed-in-as']) {
    const box = await page.getByTestId(id).boundingBox();
    expect({ id, inside: box !== null && box.x >= 0 && box.x + box.width <= PHONE.width }).toEqual({ id, inside: true });
  }
  expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
}

describe('phones (390 × 844)', () => {
  const pages: { name: string; path: () => string; heading: RegExp }[] = [
    { name: 'overview', path: () => '/', heading: /Overview/ },
    { name: 'models', path: () => '/models', heading: /Models/ },
    { name: 'model', path: () => '/models/stress-detector', heading: /stress/i },
    { name: 'datasets', path: () => '/datasets', heading: /Datasets/ },
    { name: 'dataset', path: () => `/datasets/${datasetId}`, heading: /./ },
    { name: 'drift', path: () => '/drift', heading: /Drift/ },
    { name: 'drift-report', path: () => `/drift/${reportId}`, heading: /./ },
    { name: 'alerts', path: () => '/alerts', heading: /Alerts/ },
    { name: 'alert-rule-new', path: () => '/alerts/rules/new', heading: /New alert rule/ },
    { name: 'alert-rule', path: () => `/alerts/rules/${ruleId}`, heading: /stress/ },
    { name: 'chat', path: () => '/chat', heading: /Assistant/ },
    { name: 'settings', path: () => '/settings', heading: /Settings/ },
    { name: 'not-found', path: () => '/no-such-page', heading: /./ },
  ];

  it.each(pages)(
    'shows $name within the screen, with the navigation in a menu and the actions reachable',
    async ({ name, path, heading }) => {
      const tracked = await dashboard.signedInPage(path(), undefined, PHONE);
      const { page } = tracked;
      await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
      await waitForIdle(page);
      await expectPhoneShell(tracked);
      expect(await overflow(page)).toEqual({ document: 0, content: 0, widest: '' });
      // Every table scrolls inside its own container, never the page.
      const tables = await page.evaluate(() =>
        Array.from(document.querySelectorAll('main table')).map((table) => {
          let parent = table.parentElement;
          while (parent && !['auto', 'scroll'].includes(getComputedStyle(parent).overflowX)) parent = parent.parentElement;
          return {
            scrolls: parent !== null && parent.tagName !== 'MAT-SIDENAV-CONTENT',
            width: parent?.getBoundingClientRect().width ?? 0,
          };
        }),
      );
      for (const table of tables) expect(table.scrolls && table.width <= PHONE.width).toBe(true);
      await checkPage(tracked, `phone-${name}`);
    },
  );

  it('shows the sign-in page within the screen', async () => {
    const tracked = await dashboard.openPage(PHONE);
    await tracked.page.goto('/signin');
    await tracked.page.getByTestId('signin-key').waitFor();
    expect(await overflow(tracked.page)).toEqual({ document: 0, content: 0, widest: '' });
    await checkPage(tracked, 'phone-signin');
  });

  it('opens the navigation menu, follows a link and closes it', async () => {
    const tracked = await dashboard.signedInPage('/', undefined, PHONE);
    const { page } = tracked;
    const toggle = page.getByTestId('nav-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await checkPage(tracked, 'phone-menu-open');
    // Escape closes it and gives the focus back to its button.
    await page.keyboard.press('Escape');
    await nav.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('nav-toggle');
    await toggle.click();
    await nav.waitFor();
    await nav.getByRole('link', { name: 'Datasets' }).click();
    await page.waitForURL((url) => url.pathname === '/datasets');
    await nav.waitFor({ state: 'hidden' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
  });

  it("opens the assistant's page from the header (no side panel on a phone)", async () => {
    const tracked = await dashboard.signedInPage('/settings', undefined, PHONE);
    const { page } = tracked;
    await page.getByTestId('chat-toggle').click();
    await page.waitForURL((url) => url.pathname === '/chat');
    await page.getByTestId('chat-input').waitFor();
    expect(await page.locator('#chat-panel').isVisible()).toBe(false);
    expect(await overflow(page)).toEqual({ document: 0, content: 0, widest: '' });
  });

  it('draws the metric chart within the screen, and redraws it when the window narrows', async () => {
    const tracked = await dashboard.signedInPage('/models/stress-detector', undefined, { width: 1024, height: 844 });
    const { page } = tracked;
    const chart = page.getByTestId('metric-chart').locator('svg').first();
    await chart.waitFor();
    const wide = (await chart.boundingBox())?.width ?? 0;
    await page.setViewportSize({ width: 360, height: 740 });
    // ngx-charts redraws each chart on its own debounced resize handler: wait for the metric chart to shrink and for every
    // other chart on the page (the Production view's) to fit too.
    await page.waitForFunction(
      (before) =>
        (document.querySelector('[data-testid="metric-chart"] svg')?.getBoundingClientRect().width ?? before) < before - 200 &&
        [...document.querySelectorAll('.ngx-charts-outer')].every((chart) => chart.getBoundingClientRect().right <= window.innerWidth),
      wide,
    );
    const narrow = (await chart.boundingBox()) ?? { x: 0, width: 0 };
    expect(narrow.x + narrow.width).toBeLessThanOrEqual(360);
    expect(await overflow(page)).toEqual({ document: 0, content: 0, widest: '' });
  });
});
