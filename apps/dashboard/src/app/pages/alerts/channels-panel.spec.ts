import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withInterceptors, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { provideRouter } from '@angular/router';
import { ApiKeyRole, NotificationChannelType, type NotificationChannelDto } from '@stress/contracts';
import { AuthStore } from '../../core/auth/auth-store';
import { apiKeyInterceptor } from '../../core/http/api-key.interceptor';
import { nextRequest, NO_MATERIAL_ANIMATIONS } from '../../shared/testing';
import { ChannelsPanel, splitRecipients, testOutcomeText } from './channels-panel';

const hook: NotificationChannelDto = {
  id: '11111111-1111-4111-8111-111111111111',
  name: 'ops-hook',
  type: NotificationChannelType.Webhook,
  url: 'https://hooks.example.com/alerts',
  hasSecret: true,
  to: [],
  createdBy: 'admin',
  createdAt: '2026-12-01T00:00:00Z',
};

const listRequest = (request: { url: string; method: string }) =>
  request.url === '/api/v1/notification-channels' && request.method === 'GET';

describe('ChannelsPanel', () => {
  let fixture: ComponentFixture<ChannelsPanel>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  async function render(role: ApiKeyRole): Promise<void> {
    const signingIn = TestBed.inject(AuthStore).signIn('sam_me');
    http.expectOne('/api/v1/auth/me').flush({ name: 'me', role });
    await signingIn;
    fixture = TestBed.createComponent(ChannelsPanel);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    (await nextRequest(http, listRequest)).flush({ items: [hook], total: 1 });
    await settle();
  }

  async function settle(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
  }

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      imports: [ChannelsPanel],
      providers: [
        provideRouter([]),
        provideHttpClient(withXhr(), withInterceptors([apiKeyInterceptor])),
        provideHttpClientTesting(),
        NO_MATERIAL_ANIMATIONS,
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists channels for a viewer without the admin actions, saying which role they need', async () => {
    await render(ApiKeyRole.Viewer);
    expect(text()).toContain('ops-hook');
    expect(text()).toContain('webhook, signed');
    expect(text()).toContain('needs an admin key');
    expect(await loader.getAllHarnesses(MatButtonHarness.with({ text: /Send test|Delete|Add channel/ }))).toEqual([]);
  });

  it('sends a test and shows its outcome in words', async () => {
    await render(ApiKeyRole.Admin);
    const testing = (await loader.getHarness(MatButtonHarness.with({ text: 'Send test' }))).click();
    const request = await nextRequest(
      http,
      (item) => item.method === 'POST' && item.url === `/api/v1/notification-channels/${hook.id}/test`,
    );
    request.flush({ ok: false, status: 500, error: 'HTTP 500 from the receiver' });
    await testing;
    await settle();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="channel-test-outcome"]')?.textContent).toBe(
      'Test failed (HTTP 500): HTTP 500 from the receiver',
    );
  });

  it('creates an email channel from a list of recipients', async () => {
    await render(ApiKeyRole.Admin);
    await (await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="channel-name"]' }))).setValue('on-call mail');
    fixture.componentInstance.type.set(NotificationChannelType.Email);
    await settle();
    await (
      await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="channel-to"]' }))
    ).setValue('a@example.org, b@example.org');
    const creating = (await loader.getHarness(MatButtonHarness.with({ text: 'Add channel' }))).click();
    const request = await nextRequest(http, (item) => item.method === 'POST' && item.url === '/api/v1/notification-channels');
    expect(request.request.body).toEqual({ name: 'on-call mail', type: 'email', to: ['a@example.org', 'b@example.org'] });
    request.flush({
      ...hook,
      id: '22222222-2222-4222-8222-222222222222',
      name: 'on-call mail',
      type: 'email',
      url: null,
      to: ['a@example.org'],
    });
    // Created: the list is asked again.
    (await nextRequest(http, listRequest)).flush({ items: [hook], total: 1 });
    await creating;
    await settle();
  });
});

describe('channel helpers', () => {
  it('words a test outcome', () => {
    expect(testOutcomeText({ ok: true, status: 204, error: null })).toBe('Test sent (HTTP 204).');
    expect(testOutcomeText({ ok: false, status: null, error: 'connect ECONNREFUSED' })).toBe('Test failed: connect ECONNREFUSED');
  });

  it('splits recipients on commas, semicolons and spaces', () => {
    expect(splitRecipients(' a@x.org,b@y.org ; c@z.org  ')).toEqual(['a@x.org', 'b@y.org', 'c@z.org']);
    expect(splitRecipients(' , ')).toEqual([]);
  });
});
