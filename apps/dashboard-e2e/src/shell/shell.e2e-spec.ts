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

  it('keeps the assistant panel as tall as the window: no jump on opening, answers in view, the page reflows', async () => {
    const tracked = await dashboard.signedInPage('/models/stress-detector', undefined, { width: 1280, height: 800 });
    const { page } = tracked;
    const chart = page.getByTestId('metric-chart').locator('svg').first();
    await chart.waitFor();
    const chartWidth = (await chart.boundingBox())?.width ?? 0;
    // The page scrolls inside the shell, not the document.
    const scrolled = await page.evaluate(() => {
      const content = document.querySelector('mat-sidenav-content') as HTMLElement;
      content.scrollTop = 400;
      return content.scrollTop;
    });
    expect(scrolled).toBe(400);

    await page.getByTestId('chat-toggle').click();
    const panel = page.locator('#chat-panel');
    await panel.getByTestId('chat-input').waitFor();
    const layout = await page.evaluate(() => ({
      documentScrolls: document.documentElement.scrollHeight > document.documentElement.clientHeight,
      contentScrollTop: (document.querySelector('mat-sidenav-content') as HTMLElement).scrollTop,
      panelBottom: Math.round((document.querySelector('#chat-panel') as HTMLElement).getBoundingClientRect().bottom),
    }));
    expect(layout).toEqual({ documentScrolls: false, contentScrollTop: 400, panelBottom: 800 });
    // The chart redraws for the narrower page (the panel is 380 px wide).
    await page.waitForFunction(
      (before) => (document.querySelector('[data-testid="metric-chart"] svg')?.getBoundingClientRect().width ?? before) <= before - 300,
      chartWidth,
    );

    const questions = ['Which models are monitored?', 'How is stress-detector doing?'];
    for (const [index, question] of questions.entries()) {
      await panel.getByTestId('chat-input').fill(question);
      await panel.getByTestId('chat-send').click();
      await panel.getByTestId('chat-answer').nth(index).waitFor();
      await panel.getByTestId('chat-send').waitFor(); // the Stop button is gone: the answer is complete
    }
    expect(await panel.getByTestId('chat-answer').count()).toBe(2);
    // The newest answer is scrolled into view inside the panel.
    const view = await page.evaluate(() => {
      const answers = document.querySelectorAll('#chat-panel [data-testid="chat-answer"]');
      const scroller = document.querySelector('#chat-panel .chat__scroller') as HTMLElement;
      const last = (answers[answers.length - 1] as HTMLElement).getBoundingClientRect();
      const box = scroller.getBoundingClientRect();
      return {
        scrolls: scroller.scrollHeight > scroller.clientHeight,
        bottomInView: last.bottom <= box.bottom + 1 && last.bottom > box.top,
      };
    });
    expect(view).toEqual({ scrolls: true, bottomInView: true });
    expect(await page.evaluate(() => document.documentElement.scrollHeight > document.documentElement.clientHeight)).toBe(false);
    await checkPage(tracked, 'chat-panel-long-page');
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
