import { checkPage, DashboardE2e, startDashboard } from '../support';

let dashboard: DashboardE2e;

beforeAll(async () => {
  // No OPENAI_API_KEY (the harness clears it): the assistant answers in rules mode.
  dashboard = await startDashboard();
});

afterAll(async () => {
  await dashboard?.stop();
});

describe('assistant', () => {
  it('asks on /chat and sees a streamed, Markdown answer with the tools used and the mode', async () => {
    const tracked = await dashboard.signedInPage('/chat');
    const { page } = tracked;
    await page.getByRole('heading', { name: 'Assistant', level: 1 }).waitFor();
    await checkPage(tracked, 'chat-empty');

    // Watch the stream arrive as events on the wire.
    const streamed = page.waitForResponse((response) => response.url().endsWith('/api/v1/chat/stream'));
    await page.getByTestId('chat-input').fill('How is stress-detector doing?');
    await page.getByTestId('chat-send').click();
    const response = await streamed;
    expect(response.headers()['content-type']).toContain('text/event-stream');

    const answer = page.getByTestId('chat-answer').last();
    await answer.locator('sam-markdown').waitFor();
    await page.getByTestId('chat-send').waitFor(); // the Stop button is gone: the answer is complete
    const text = (await answer.locator('sam-markdown').textContent()) ?? '';
    expect(text).toContain('stress-detector');
    expect(await page.getByTestId('chat-mode').textContent()).toContain('Rules mode');
    expect(await answer.getByTestId('chat-tools').textContent()).toMatch(/Tools used:/);
    const body = await response.text();
    expect(body).toMatch(/^event: start$/m);
    expect(body).toMatch(/^event: final$/m);

    // The conversation is in the history and opens again.
    const history = page.getByTestId('chat-history');
    await history.locator('.chat-page__open', { hasText: 'How is stress-detector doing?' }).waitFor();
    await checkPage(tracked, 'chat-answered');
    await page.getByTestId('chat-new').click();
    // The click returns before Angular has re-rendered: wait for the old answer to leave, then check none is left.
    await page.getByTestId('chat-answer').first().waitFor({ state: 'detached' });
    expect(await page.getByTestId('chat-answer').count()).toBe(0);
    await history.locator('.chat-page__open', { hasText: 'How is stress-detector doing?' }).click();
    await page.getByTestId('chat-answer').first().waitFor();
    expect(await page.getByTestId('chat-question').first().textContent()).toContain('How is stress-detector doing?');
  });

  it('answers in the side panel from another page, at 1024 px', async () => {
    const tracked = await dashboard.signedInPage('/settings', undefined, { width: 1024, height: 768 });
    const { page } = tracked;
    await page.getByTestId('chat-toggle').click();
    const panel = page.locator('#chat-panel');
    await panel.getByRole('button', { name: 'Which models are monitored?' }).click();
    const answer = panel.getByTestId('chat-answer').last();
    await answer.locator('sam-markdown').waitFor();
    await panel.getByTestId('chat-send').waitFor();
    expect(await answer.textContent()).toContain('stress-detector');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await checkPage(tracked, 'chat-panel-answered');
  });
});
