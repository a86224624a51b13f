import {
  checkPage,
  createKey,
  currentPath,
  DashboardE2e,
  expectNoConsoleErrors,
  signInByForm,
  signInByLink,
  startDashboard,
} from '../support';

let dashboard: DashboardE2e;

beforeAll(async () => {
  dashboard = await startDashboard();
});

afterAll(async () => {
  await dashboard?.stop();
});

describe('sign-in', () => {
  it('sends a signed-out visit to sign-in, remembering where it was going', async () => {
    const tracked = await dashboard.openPage();
    await tracked.page.goto('/settings');
    await tracked.page.waitForURL((url) => url.pathname === '/signin');
    expect(currentPath(tracked.page)).toBe('/signin?next=%2Fsettings');
    await tracked.page.getByRole('heading', { name: 'Stress AI Model Monitoring' }).waitFor();
    await checkPage(tracked, 'signin');
  });

  it('signs in by link, drops the key from the address bar and opens `next`', async () => {
    const viewer = await createKey(dashboard.api, 'viewer', 'ana-viewer');
    const tracked = await dashboard.openPage();
    await signInByLink(tracked.page, viewer, '/settings');
    expect(tracked.page.url()).not.toContain(viewer);
    expect(currentPath(tracked.page)).toBe('/settings');
    await expect(tracked.page.getByTestId('signed-in-as').textContent()).resolves.toContain('ana-viewer');
    // The key survives a reload of the tab (sessionStorage).
    await tracked.page.reload();
    await tracked.page.getByTestId('signed-in-as').waitFor();
    expect(currentPath(tracked.page)).toBe('/settings');
    expectNoConsoleErrors(tracked);
  });

  it('asks before a link replaces an existing sign-in and switches only on the click', async () => {
    const viewer = await createKey(dashboard.api, 'viewer', 'vic-viewer');
    const tracked = await dashboard.signedInPage('/settings');
    const { page } = tracked;
    await expect(page.getByTestId('signed-in-as').textContent()).resolves.toContain('admin');
    const adminKey = await page.evaluate(() => sessionStorage.getItem('sam.apiKey'));

    await page.goto(`/signin#key=${encodeURIComponent(viewer)}&next=${encodeURIComponent('/drift')}`);
    const question = page.getByTestId('signin-confirm');
    await question.waitFor();
    expect((await question.textContent())?.replace(/\s+/g, ' ')).toMatch(
      /Sign in as vic-viewer \(viewer\)\? You are signed in as \S+ \(admin\)\./,
    );
    expect(page.url()).not.toContain(viewer);
    // Until the click, the admin stays signed in.
    expect(await page.evaluate(() => sessionStorage.getItem('sam.apiKey'))).toBe(adminKey);
    await checkPage(tracked, 'signin-confirm-switch');

    await page.getByRole('button', { name: 'Sign in as vic-viewer' }).click();
    await page.waitForURL((url) => url.pathname === '/drift');
    await expect(page.getByTestId('signed-in-as').textContent()).resolves.toContain('vic-viewer');
    expect(await page.evaluate(() => sessionStorage.getItem('sam.apiKey'))).toBe(viewer);
    expectNoConsoleErrors(tracked);
  });

  it('signs in by form: refuses a wrong key with the reason, accepts the right one and follows `next`', async () => {
    const tracked = await dashboard.openPage();
    const { page } = tracked;
    await page.goto('/drift');
    await page.waitForURL((url) => url.pathname === '/signin');

    await signInByForm(page, 'sam_not-a-real-key');
    await expect(page.getByRole('alert').textContent()).resolves.toContain('This key is not valid');
    expect(currentPath(page)).toBe('/signin?next=%2Fdrift');
    await checkPage(tracked, 'signin-refused', [/status of 401/]);

    await signInByForm(page, dashboard.api.adminKey);
    await page.waitForURL((url) => url.pathname === '/drift');
    await page.getByTestId('signed-in-as').waitFor();
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('admin');
  });

  it('signs out: the key is forgotten and pages need sign-in again', async () => {
    const tracked = await dashboard.signedInPage('/');
    const { page } = tracked;
    await page.getByTestId('sign-out').click();
    await page.waitForURL((url) => url.pathname === '/signin');
    expect(await page.evaluate(() => sessionStorage.getItem('sam.apiKey'))).toBeNull();
    await page.goto('/');
    await page.waitForURL((url) => url.pathname === '/signin');
    expectNoConsoleErrors(tracked);
  });
});
