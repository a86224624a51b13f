import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withInterceptors, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { provideRouter, Router } from '@angular/router';
import { AuthStore } from '../../core/auth/auth-store';
import { RuntimeConfig } from '../../core/config/runtime-config';
import { apiKeyInterceptor } from '../../core/http/api-key.interceptor';
import { safeNextPath, SigninPage } from './signin-page';

describe('safeNextPath', () => {
  it.each([
    ['/models/stress-detector', '/models/stress-detector'],
    ['/datasets?role=current', '/datasets?role=current'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example.com', '/'],
    ['//evil.example.com', '/'],
    ['/\\evil.example.com', '/'],
    ['/signin', '/'],
  ])('%s → %s', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });
});

describe('SigninPage', () => {
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let router: Router;

  beforeEach(async () => {
    sessionStorage.clear();
    history.replaceState(null, '', '/signin');
    await TestBed.configureTestingModule({
      imports: [SigninPage],
      providers: [
        provideRouter([{ path: '**', children: [] }]),
        provideHttpClient(withXhr(), withInterceptors([apiKeyInterceptor])),
        provideHttpClientTesting(),
      ],
    }).compileComponents();
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigateByUrl').mockResolvedValue(true);
  });

  afterEach(() => http.verify());

  /** Lets the component's async sign-in chain finish, then renders. */
  async function settle(fixture: { whenStable(): Promise<unknown>; detectChanges(): void }) {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    fixture.detectChanges();
  }

  async function render() {
    const fixture = TestBed.createComponent(SigninPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture;
  }

  it('keeps the sign-in button disabled until a key is typed', async () => {
    await render();
    const button = await loader.getHarness(MatButtonHarness.with({ text: 'Sign in' }));
    expect(await button.isDisabled()).toBe(true);
    await (await loader.getHarness(MatInputHarness)).setValue('sam_abc');
    expect(await button.isDisabled()).toBe(false);
  });

  it('checks the key with /auth/me, stores it and goes to the overview', async () => {
    const fixture = await render();
    await (await loader.getHarness(MatInputHarness)).setValue('  sam_valid  ');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Sign in' }))).click();
    const request = http.expectOne('/api/v1/auth/me');
    expect(request.request.headers.get('Authorization')).toBe('Bearer sam_valid');
    request.flush({ name: 'ana', role: 'viewer' });
    await settle(fixture);
    expect(sessionStorage.getItem('sam.apiKey')).toBe('sam_valid');
    expect(TestBed.inject(AuthStore).me()).toEqual({ name: 'ana', role: 'viewer' });
    expect(router.navigateByUrl).toHaveBeenCalledWith('/');
  });

  it('shows the server refusal and stores nothing', async () => {
    const fixture = await render();
    await (await loader.getHarness(MatInputHarness)).setValue('sam_wrong');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Sign in' }))).click();
    http
      .expectOne('/api/v1/auth/me')
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'The API key is not valid', requestId: 'req-9' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await settle(fixture);
    const alert = (fixture.nativeElement as HTMLElement).querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('This key is not valid');
    expect(alert?.textContent).toContain('req-9');
    expect(sessionStorage.getItem('sam.apiKey')).toBeNull();
    expect(router.navigateByUrl).not.toHaveBeenCalled();
  });

  it('signs in from a #key= link, removes the key from the address bar and follows next', async () => {
    history.replaceState(null, '', '/signin#key=sam_fromlink&next=%2Fdrift');
    const fixture = await render();
    expect(window.location.hash).toBe('');
    http.expectOne('/api/v1/auth/me').flush({ name: 'admin', role: 'admin' });
    await settle(fixture);
    expect(router.navigateByUrl).toHaveBeenCalledWith('/drift');
  });

  describe('a #key= link while someone is signed in', () => {
    beforeEach(() => {
      sessionStorage.setItem('sam.apiKey', 'sam_admin');
    });

    /** The page first confirms who is signed in now (the stored key), as after a reload. */
    function answerCurrent() {
      const request = http.expectOne((r) => r.url === '/api/v1/auth/me' && r.headers.get('Authorization') === 'Bearer sam_admin');
      request.flush({ name: 'root', role: 'admin' });
    }

    it('asks before switching and switches only on the explicit click', async () => {
      history.replaceState(null, '', '/signin#key=sam_viewer&next=%2Fdrift');
      const fixture = await render();
      expect(window.location.hash).toBe('');
      await settle(fixture);
      answerCurrent();
      await settle(fixture);
      const linked = http.expectOne((r) => r.headers.get('Authorization') === 'Bearer sam_viewer');
      expect(linked.request.url).toBe('/api/v1/auth/me');
      linked.flush({ name: 'ana', role: 'viewer' });
      await settle(fixture);

      const question = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="signin-confirm"]');
      expect(question?.textContent?.replace(/\s+/g, ' ')).toContain('Sign in as ana (viewer)? You are signed in as root (admin).');
      // Nothing switched yet: the link's key is not stored until confirmed.
      expect(sessionStorage.getItem('sam.apiKey')).toBe('sam_admin');
      expect(TestBed.inject(AuthStore).me()).toEqual({ name: 'root', role: 'admin' });
      expect(router.navigateByUrl).not.toHaveBeenCalled();
      expect(await loader.getHarness(MatButtonHarness.with({ text: 'Stay signed in as root' }))).toBeTruthy();

      await (await loader.getHarness(MatButtonHarness.with({ text: 'Sign in as ana' }))).click();
      await settle(fixture);
      expect(sessionStorage.getItem('sam.apiKey')).toBe('sam_viewer');
      expect(TestBed.inject(AuthStore).me()).toEqual({ name: 'ana', role: 'viewer' });
      expect(router.navigateByUrl).toHaveBeenCalledWith('/drift');
    });

    it('keeps the current sign-in when the visitor chooses to stay', async () => {
      history.replaceState(null, '', '/signin#key=sam_viewer');
      const fixture = await render();
      await settle(fixture);
      answerCurrent();
      await settle(fixture);
      http.expectOne((r) => r.headers.get('Authorization') === 'Bearer sam_viewer').flush({ name: 'ana', role: 'viewer' });
      await settle(fixture);
      await (await loader.getHarness(MatButtonHarness.with({ text: 'Stay signed in as root' }))).click();
      await settle(fixture);
      expect(sessionStorage.getItem('sam.apiKey')).toBe('sam_admin');
      expect(TestBed.inject(AuthStore).me()).toEqual({ name: 'root', role: 'admin' });
      expect(router.navigateByUrl).toHaveBeenCalledWith('/');
    });

    it('goes straight on when the link carries the key already signed in', async () => {
      history.replaceState(null, '', '/signin#key=sam_admin&next=%2Fmodels');
      const fixture = await render();
      await settle(fixture);
      expect(window.location.hash).toBe('');
      expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="signin-confirm"]')).toBeNull();
      expect(router.navigateByUrl).toHaveBeenCalledWith('/models');
    });

    it('shows an invalid link key as an error and keeps the current sign-in', async () => {
      history.replaceState(null, '', '/signin#key=sam_revoked');
      const fixture = await render();
      await settle(fixture);
      answerCurrent();
      await settle(fixture);
      http
        .expectOne((r) => r.headers.get('Authorization') === 'Bearer sam_revoked')
        .flush(
          { statusCode: 401, error: 'Unauthorized', message: 'The API key is not valid', requestId: 'req-4' },
          { status: 401, statusText: 'Unauthorized' },
        );
      await settle(fixture);
      const alert = (fixture.nativeElement as HTMLElement).querySelector('[role="alert"]');
      expect(alert?.textContent).toContain("The sign-in link's key is not valid");
      expect(alert?.textContent).toContain('You are still signed in as root.');
      expect(sessionStorage.getItem('sam.apiKey')).toBe('sam_admin');
      expect(TestBed.inject(AuthStore).me()).toEqual({ name: 'root', role: 'admin' });
      expect(router.navigateByUrl).not.toHaveBeenCalled();
    });
  });
});

describe('SigninPage with single sign-on', () => {
  const originalFetch = globalThis.fetch;

  async function renderWith(config: object, url = '/signin?next=%2Fmodels%2Fx') {
    globalThis.fetch = jest.fn().mockResolvedValue({ ok: true, json: async () => config }) as unknown as typeof fetch;
    history.replaceState(null, '', url);
    await TestBed.configureTestingModule({
      imports: [SigninPage],
      providers: [
        provideRouter([{ path: '**', children: [] }]),
        provideHttpClient(withXhr(), withInterceptors([apiKeyInterceptor])),
        provideHttpClientTesting(),
      ],
    }).compileComponents();
    await TestBed.inject(RuntimeConfig).load();
    await TestBed.inject(Router).navigateByUrl(url);
    const fixture = TestBed.createComponent(SigninPage);
    fixture.detectChanges();
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  afterEach(() => (globalThis.fetch = originalFetch));

  it('offers "Sign in with <provider>", which returns to where the person was going, next to the key form', async () => {
    const page = await renderWith({ apiBaseUrl: '', sso: { providerName: 'Okta' }, apiKeySignIn: true });
    const link = page.querySelector<HTMLAnchorElement>('[data-testid="signin-sso"]');
    expect(link?.textContent?.trim()).toBe('Sign in with Okta');
    expect(link?.getAttribute('href')).toBe('/auth/login?next=%2Fmodels%2Fx');
    expect(page.querySelector('[data-testid="signin-key"]')).not.toBeNull();
  });

  it('hides the key form when AUTH_API_KEY_SIGNIN is off', async () => {
    const page = await renderWith({ apiBaseUrl: '', sso: { providerName: 'Okta' }, apiKeySignIn: false });
    expect(page.querySelector('[data-testid="signin-sso"]')).not.toBeNull();
    expect(page.querySelector('[data-testid="signin-key"]')).toBeNull();
  });

  it('shows only the key form without single sign-on', async () => {
    const page = await renderWith({ apiBaseUrl: '' });
    expect(page.querySelector('[data-testid="signin-sso"]')).toBeNull();
    expect(page.querySelector('[data-testid="signin-key"]')).not.toBeNull();
  });
});
