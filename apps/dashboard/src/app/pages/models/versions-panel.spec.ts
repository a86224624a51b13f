import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatDialogHarness } from '@angular/material/dialog/testing';
import { ModelStage } from '@stress/contracts';
import type { ModelVersionDto } from '@stress/contracts';
import { nextRequest, NO_MATERIAL_ANIMATIONS, url } from '../../shared/testing';
import { VersionsPanel } from './versions-panel';

function version(name: string, stage: ModelStage): ModelVersionDto {
  return {
    id: `id-${name}`,
    model: 'stress-detector',
    version: name,
    stage,
    description: '',
    framework: 'scikit-learn',
    trainingMetrics: {},
    features: [],
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
  };
}

describe('VersionsPanel', () => {
  let fixture: ComponentFixture<VersionsPanel>;
  let loader: HarnessLoader;
  let rootLoader: HarnessLoader;
  let http: HttpTestingController;
  let changed: number;

  async function render(canEdit: boolean) {
    await TestBed.configureTestingModule({
      imports: [VersionsPanel],
      providers: [provideHttpClient(withXhr()), provideHttpClientTesting(), NO_MATERIAL_ANIMATIONS],
    }).compileComponents();
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(VersionsPanel);
    fixture.componentRef.setInput('model', 'stress-detector');
    fixture.componentRef.setInput('versions', [
      version('2.0.0', ModelStage.Staging),
      version('1.1.0', ModelStage.Production),
      version('1.0.0', ModelStage.Archived),
    ]);
    fixture.componentRef.setInput('canEdit', canEdit);
    changed = 0;
    fixture.componentInstance.changed.subscribe(() => (changed += 1));
    loader = TestbedHarnessEnvironment.loader(fixture);
    rootLoader = TestbedHarnessEnvironment.documentRootLoader(fixture);
    fixture.detectChanges();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  const text = () => (fixture.nativeElement as HTMLElement).textContent ?? '';

  it('asks for confirmation, naming the production version it will archive; cancel changes nothing', async () => {
    await render(true);
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="stage-production-2.0.0"]' }))).click();
    const dialog = await rootLoader.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Promote 2.0.0 to production?');
    expect(await dialog.getContentText()).toContain('1.1.0, in production now, will be archived.');
    await (await dialog.getHarness(MatButtonHarness.with({ text: 'Cancel' }))).click();
    await fixture.whenStable();
    http.expectNone(() => true);
    expect(changed).toBe(0);
    expect(await rootLoader.getAllHarnesses(MatDialogHarness)).toHaveLength(0);
  });

  it('promotes after confirmation with PATCH { stage: production } and tells the page', async () => {
    await render(true);
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="stage-production-2.0.0"]' }))).click();
    const dialog = await rootLoader.getHarness(MatDialogHarness);
    const confirm = await dialog.getHarness(MatButtonHarness.with({ text: 'Promote to production' }));
    const clicked = confirm.click();
    const request = await nextRequest(http, url('/api/v1/models/stress-detector/versions/2.0.0'));
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ stage: 'production' });
    request.flush(version('2.0.0', ModelStage.Production));
    await clicked;
    await fixture.whenStable();
    fixture.detectChanges();
    expect(changed).toBe(1);
    expect(text()).toContain('2.0.0 is now production.');
  });

  it('shows the server refusal with its request id and leaves the page as it was', async () => {
    await render(true);
    await (await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="stage-archived-1.1.0"]' }))).click();
    const dialog = await rootLoader.getHarness(MatDialogHarness);
    expect(await dialog.getTitleText()).toBe('Archive 1.1.0?');
    const clicked = (await dialog.getHarness(MatButtonHarness.with({ text: 'Archive' }))).click();
    (await nextRequest(http, url('/api/v1/models/stress-detector/versions/1.1.0'))).flush(
      { statusCode: 403, error: 'Forbidden', message: 'This action needs the editor role; the key "ana" has viewer.', requestId: 'req-42' },
      { status: 403, statusText: 'Forbidden' },
    );
    await clicked;
    await fixture.whenStable();
    fixture.detectChanges();
    const alert = (fixture.nativeElement as HTMLElement).querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('This action needs the editor role; the key "ana" has viewer.');
    expect(alert?.textContent).toContain('req-42');
    expect(changed).toBe(0);
  });

  it('offers no stage action to a viewer, only the history', async () => {
    await render(false);
    const buttons = await Promise.all((await loader.getAllHarnesses(MatButtonHarness)).map((button) => button.getText()));
    expect(buttons).toEqual(['History', 'History', 'History']);
    expect(text()).toContain('Stage changes need an editor key.');
  });

  it('shows the stage history of a version with who changed it', async () => {
    await render(false);
    const clicked = (await loader.getHarness(MatButtonHarness.with({ selector: '[data-testid="history-1.1.0"]' }))).click();
    (await nextRequest(http, url('/api/v1/models/stress-detector/versions/1.1.0/stage-history'))).flush({
      items: [
        { from: 'none', to: 'staging', at: '2026-10-02T10:00:00Z', actor: 'ci' },
        { from: 'staging', to: 'production', at: '2026-10-05T09:30:00Z', actor: 'ana' },
      ],
    });
    await clicked;
    fixture.detectChanges();
    const history = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="stage-history"]');
    expect(history?.querySelectorAll('li')).toHaveLength(2);
    expect(history?.textContent).toContain('ana');
    expect(history?.textContent).toContain('2026-10-05 09:30 UTC');
  });
});
