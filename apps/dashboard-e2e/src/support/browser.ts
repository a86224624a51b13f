import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { ApiProcess, startDashboardApi } from './api-process';
import { CHROMIUM, SCREENSHOT_DIR } from './paths';
import { createTestDatabase, TestDatabase } from '@stress/e2e-support';

/** The flags the brief fixes: Debian's Chromium, headless, no sandbox (containers run as root), no GPU, no phoning home. */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** A page that remembers every console error and uncaught exception it saw. */
export interface TrackedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors and page errors, in order. */
  errors: string[];
}

export interface OpenPageOptions {
  /** Default 1280. The dashboard must work from 1024 px. */
  width?: number;
  height?: number;
  colorScheme?: 'light' | 'dark';
}

/** The API (serving the dashboard) on a fresh database with demo data, and a browser. One per test file. */
export interface DashboardE2e {
  api: ApiProcess;
  database: TestDatabase;
  browser: Browser;
  /** A page in its own context (own sessionStorage, so own sign-in). */
  openPage(options?: OpenPageOptions): Promise<TrackedPage>;
  /** A page already signed in (by link) with `key` (admin by default), showing `path`. */
  signedInPage(path?: string, key?: string, options?: OpenPageOptions): Promise<TrackedPage>;
  stop(): Promise<void>;
}

export async function startDashboard(options: { env?: Record<string, string | undefined>; port?: number } = {}): Promise<DashboardE2e> {
  const database = await createTestDatabase();
  let api: ApiProcess | null = null;
  let browser: Browser | null = null;
  try {
    api = await startDashboardApi({ database, env: options.env, port: options.port });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    await api?.stop();
    await database.drop();
    throw error;
  }
  const started: ApiProcess = api;
  const launched: Browser = browser;
  const contexts: BrowserContext[] = [];

  const openPage = async (pageOptions: OpenPageOptions = {}): Promise<TrackedPage> => {
    const context = await launched.newContext({
      baseURL: started.url,
      viewport: { width: pageOptions.width ?? 1280, height: pageOptions.height ?? 800 },
      colorScheme: pageOptions.colorScheme ?? 'light',
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    contexts.push(context);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    return { page, context, errors };
  };

  return {
    api: started,
    database,
    browser: launched,
    openPage,
    signedInPage: async (path = '/', key = started.adminKey, pageOptions) => {
      const tracked = await openPage(pageOptions);
      await signInByLink(tracked.page, key, path);
      return tracked;
    },
    stop: async () => {
      for (const context of contexts) await context.close().catch(() => undefined);
      await launched.close();
      await started.stop();
      await database.drop();
    },
  };
}

/** Path (with query) of the page's current URL. */
export function currentPath(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search;
}

/** Signs in through `/signin#key=…&next=…` and waits until the app shows `next`. */
export async function signInByLink(page: Page, key: string, next = '/'): Promise<void> {
  await page.goto(`/signin#key=${encodeURIComponent(key)}&next=${encodeURIComponent(next)}`);
  const target = new URL(next, 'http://x').pathname;
  await page.waitForURL((url) => url.pathname === target);
  await page.getByTestId('signed-in-as').waitFor();
}

/** Signs in by typing the key into the sign-in form. */
export async function signInByForm(page: Page, key: string): Promise<void> {
  await page.getByTestId('signin-key').fill(key);
  await page.getByTestId('signin-submit').click();
}

/**
 * Waits until the page has settled: no loading indicator (`[data-testid="loading"]`,
 * the shared `sam-loading` component) is visible any more.
 */
export async function waitForIdle(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      !Array.from(document.querySelectorAll('[data-testid="loading"]')).some((element) => (element as HTMLElement).offsetParent !== null),
    undefined,
    {
      timeout: 30_000,
    },
  );
}

/**
 * Waits until the finite animations and transitions running now have ended (chart legends
 * fading in, ripples fading out): axe judges colours as rendered, so a half-faded label
 * would read as a contrast failure that no user sees at rest. Endless ones (spinners) are skipped.
 */
export async function waitForAnimations(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const finite = document.getAnimations().filter((animation) => animation.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.all(finite.map((animation) => animation.finished.catch(() => undefined)));
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  });
}

/** Fails with every console error the page logged, except those matching `allowed`. */
export function expectNoConsoleErrors(tracked: TrackedPage, allowed: RegExp[] = []): void {
  const unexpected = tracked.errors.filter((error) => !allowed.some((pattern) => pattern.test(error)));
  expect(unexpected).toEqual([]);
}

/** axe-core on the page as it is now: no serious or critical violations (WCAG 2.1 A/AA rules). */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const severe = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  const report = severe.map(
    (violation) =>
      `${label}: [${violation.impact}] ${violation.id}: ${violation.help}\n${violation.nodes.map((node) => `    ${node.target.join(' ')}: ${node.failureSummary ?? ''}`).join('\n')}`,
  );
  expect(report).toEqual([]);
}

/** Saves a full-page screenshot as dist/dashboard-e2e/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = join(SCREENSHOT_DIR, `${name.replace(/[^a-z0-9-]+/gi, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The checks every page gets: settled, no console errors, accessible, screenshot.
 * Use after navigating to the page and waiting for its main content.
 */
export async function checkPage(tracked: TrackedPage, name: string, allowedErrors: RegExp[] = []): Promise<void> {
  await waitForIdle(tracked.page);
  await waitForAnimations(tracked.page);
  await saveScreenshot(tracked.page, name);
  await expectAccessible(tracked.page, name);
  expectNoConsoleErrors(tracked, allowedErrors);
}
