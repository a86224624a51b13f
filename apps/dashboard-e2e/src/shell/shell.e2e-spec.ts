import { checkPage, DashboardE2e, startDashboard } from '../support';

let dashboard: DashboardE2e;

beforeAll(async () => {
  dashboard = await startDashboard();
});

afterAll(async () => {
  await dashboard?.stop();
});

describe('shell', () => {
  it('switches to the dark theme and remembers it', async () => {
    const tracked = await dashboard.signedInPage('/settings');
    const { page } = tracked;
    const toggle = page.getByTestId('theme-toggle');
    const initial = await page.evaluate(() => document.documentElement.dataset['theme']);
    expect(initial).toBe('light');
    await toggle.click();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(brightness(background)).toBeLessThan(80);
    await page.reload();
    await page.getByTestId('signed-in-as').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('dark');
    await checkPage(tracked, 'settings-dark');
  });

  it('opens the assistant panel from the toolbar and keeps it across pages', async () => {
    const tracked = await dashboard.signedInPage('/settings');
    const { page } = tracked;
    const toggle = page.getByTestId('chat-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    const panel = page.locator('#chat-panel');
    await panel.getByTestId('chat-input').waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    // The question box has the focus, so the panel is usable from the keyboard at once.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'chat-input');
    await checkPage(tracked, 'chat-panel');

    await page.getByRole('link', { name: 'Drift' }).click();
    await page.waitForURL((url) => url.pathname === '/drift');
    await panel.getByTestId('chat-input').waitFor();
    // No panel on the assistant's own page.
    await page.getByRole('link', { name: 'Assistant' }).click();
    await page.waitForURL((url) => url.pathname === '/chat');
    expect(await page.getByTestId('chat-toggle').count()).toBe(0);
    await panel.waitFor({ state: 'hidden' });
  });

  it('works at 1024 px: no horizontal scrolling, navigation and toolbar visible', async () => {
    const tracked = await dashboard.signedInPage('/', undefined, { width: 1024, height: 768 });
    const { page } = tracked;
    for (const path of ['/', '/settings', '/drift']) {
      await page.goto(path);
      await page.getByTestId('signed-in-as').waitFor();
      await page.locator('h1').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    }
    await page.getByTestId('chat-toggle').isVisible();
    await checkPage(tracked, 'chat-1024');
  });

  it('is keyboard reachable: skip link first, visible focus, navigation by Tab and Enter', async () => {
    const tracked = await dashboard.signedInPage('/settings');
    const { page } = tracked;
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => ({
      text: document.activeElement?.textContent?.trim(),
      outline: getComputedStyle(document.activeElement as Element).outlineStyle,
    }));
    expect(skip).toEqual({ text: 'Skip to content', outline: 'solid' });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');

    // Tab through the toolbar and the navigation until the Drift link, then follow it.
    let reached = false;
    for (let step = 0; step < 20 && !reached; step++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Drift');
    }
    if (!reached) {
      // From the main region focus wraps past the page; start again from the top.
      await page.focus('body');
      for (let step = 0; step < 20 && !reached; step++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Drift');
      }
    }
    expect(reached).toBe(true);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).toBe('solid');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/drift');
  });
});

function brightness(color: string): number {
  const [r = 0, g = 0, b = 0] = (color.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return 0.299 * r + 0.587 * g + 0.114 * b;
}
