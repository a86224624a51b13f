import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withInterceptors, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { MatTableHarness } from '@angular/material/table/testing';
import { provideRouter } from '@angular/router';
import { ApiKeyRole, type ApiKeyDto } from '@stress/contracts';
import { AuthStore } from '../../core/auth/auth-store';
import { apiKeyInterceptor } from '../../core/http/api-key.interceptor';
import { apiBaseUrl, curlExample, SettingsPage } from './settings-page';

const billing: ApiKeyDto = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'billing',
  role: ApiKeyRole.Viewer,
  prefix: 'sam_abcd',
  createdAt: '2026-11-20T10:00:00Z',
  lastUsedAt: null,
};

describe('apiBaseUrl / curlExample', () => {
  it('uses the configured API origin, else the page origin', () => {
    expect(apiBaseUrl('', 'http://localhost:3000')).toBe('http://localhost:3000');
    expect(apiBaseUrl('https://api.example.com', 'https://dash.example.com')).toBe('https://api.example.com');
  });

  it('shows a runnable curl call with the key header', () => {
    expect(curlExample('http://localhost:3000')).toBe('curl -H "Authorization: Bearer $SAM_API_KEY" http://localhost:3000/api/v1/models');
  });
});

describe('SettingsPage', () => {
  let fixture: ComponentFixture<SettingsPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;

  async function signInAs(role: ApiKeyRole): Promise<void> {
    const signingIn = TestBed.inject(AuthStore).signIn('sam_me');
    http.expectOne('/api/v1/auth/me').flush({ name: 'me', role });
    await signingIn;
  }

  async function render(): Promise<void> {
    fixture = TestBed.createComponent(SettingsPage);
    loader = TestbedHarnessEnvironment.loader(fixture);
    await fixture.whenStable();
  }

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      imports: [SettingsPage],
      providers: [
        provideRouter([]),
        provideHttpClient(withXhr(), withInterceptors([apiKeyInterceptor])),
        provideHttpClientTesting(),
        // jsdom never ends CSS animations: the dialog would never report that it closed.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('tells a non-admin why keys cannot be managed, and asks the API nothing', async () => {
    await signInAs(ApiKeyRole.Editor);
    await render();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="keys-not-admin"]')?.textContent).toContain(
      'Only admin keys can create',
    );
    expect(text()).toContain('an editor key');
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: 'Create key' }))).toEqual([]);
    http.expectNone('/api/v1/api-keys');
    // The API documentation section is for everyone.
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="api-docs-link"]')?.getAttribute('href')).toMatch(
      /\/api\/docs$/,
    );
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="curl-example"]')?.textContent).toContain(
      'curl -H "Authorization: Bearer',
    );
  });

  it('lists the keys for an admin', async () => {
    await signInAs(ApiKeyRole.Admin);
    await render();
    expect(text()).toContain('Loading keys');
    http.expectOne('/api/v1/api-keys').flush({ items: [billing], total: 1 });
    await settle();
    const table = await loader.getHarness(MatTableHarness);
    const rows = await table.getCellTextByColumnName();
    expect(rows['name']?.text).toEqual(['billing']);
    expect(rows['role']?.text).toEqual(['viewer']);
    expect(rows['lastUsedAt']?.text).toEqual(['never']);
  });

  it('creates a key with the chosen role and shows it once, with a copy button', async () => {
    await signInAs(ApiKeyRole.Admin);
    await render();
    http.expectOne('/api/v1/api-keys').flush({ items: [], total: 0 });
    await settle();
    expect(text()).toContain('No keys in the database yet');

    await (await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="key-name"]' }))).setValue('  reporting-job ');
    const role = await loader.getHarness(MatSelectHarness);
    await role.open();
    await role.clickOptions({ text: /^editor/ });
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Create key' }))).click();

    const request = http.expectOne({ method: 'POST', url: '/api/v1/api-keys' });
    expect(request.request.body).toEqual({ name: 'reporting-job', role: 'editor' });
    request.flush({
      id: '22222222-2222-4222-8222-222222222222',
      name: 'reporting-job',
      role: 'editor',
      prefix: 'sam_ffff',
      createdAt: '2026-11-27T00:00:00Z',
      key: 'sam_ffff_secret',
    });
    await settle();

    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="created-key"]')?.textContent).toBe('sam_ffff_secret');
    expect(text()).toContain('shown only this once');
    expect(await loader.getHarness(MatButtonHarness.with({ text: 'Copy key' }))).toBeTruthy();
    expect((await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName())['name']?.text).toEqual(['reporting-job']);

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Done, I copied it' }))).click();
    expect(element.querySelector('[data-testid="created-key"]')).toBeNull();
  });

  it('shows why the API refused to create a key, with the request id', async () => {
    await signInAs(ApiKeyRole.Admin);
    await render();
    http.expectOne('/api/v1/api-keys').flush({ items: [], total: 0 });
    await (await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="key-name"]' }))).setValue('bad');
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Create key' }))).click();
    http.expectOne({ method: 'POST', url: '/api/v1/api-keys' }).flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed',
        details: [{ field: 'name', message: 'name must not contain control characters' }],
        requestId: 'req-55',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(text()).toContain('The key was not created');
    expect(text()).toContain('name must not contain control characters');
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="request-id"]')?.textContent).toContain('req-55');
  });

  it('revokes a key after confirmation', async () => {
    await signInAs(ApiKeyRole.Admin);
    await render();
    http.expectOne('/api/v1/api-keys').flush({ items: [billing], total: 1 });
    await settle();

    await (await loader.getHarness(MatButtonHarness.with({ text: 'Revoke' }))).click();
    const dialogs = TestbedHarnessEnvironment.documentRootLoader(fixture);
    const dialog = await dialogs.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Revoke "billing"?');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Revoke' }))).click();
    await settle();

    http.expectOne({ method: 'DELETE', url: `/api/v1/api-keys/${billing.id}` }).flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(text()).toContain('No keys in the database yet');
  });

  it('does nothing when the revocation is cancelled', async () => {
    await signInAs(ApiKeyRole.Admin);
    await render();
    http.expectOne('/api/v1/api-keys').flush({ items: [billing], total: 1 });
    await settle();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Revoke' }))).click();
    const dialog = await TestbedHarnessEnvironment.documentRootLoader(fixture).getHarness(MatDialogHarness);
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
    await settle();
    http.expectNone({ method: 'DELETE' });
    expect((await (await loader.getHarness(MatTableHarness)).getCellTextByColumnName())['name']?.text).toEqual(['billing']);
  });
});
