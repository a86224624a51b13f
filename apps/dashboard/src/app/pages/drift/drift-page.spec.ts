import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { provideRouter, Router } from '@angular/router';
import { ApiKeyRole, DatasetRole } from '@stress/contracts';
import type { DatasetSummaryDto } from '@stress/contracts';
import { AuthStore } from '../../core/auth/auth-store';
import { nextRequest, NO_MATERIAL_ANIMATIONS, url } from '../../shared/testing';
import { DriftPage } from './drift-page';

function dataset(id: string, role: DatasetRole, createdAt: string): DatasetSummaryDto {
  return {
    id,
    name: `${role} ${id}`,
    model: 'stress-detector',
    version: '1.1.0',
    role,
    rowCount: 1000,
    sizeBytes: 10_000,
    columns: [],
    targetColumn: null,
    predictionColumn: null,
    probabilityColumn: null,
    positiveLabel: null,
    delimiter: ',',
    warnings: [],
    createdBy: 'seed',
    createdAt,
  };
}

describe('DriftPage', () => {
  let fixture: ComponentFixture<DriftPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let router: Router;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [DriftPage],
      providers: [
        provideRouter([{ path: '**', children: [] }]),
        provideHttpClient(withXhr()),
        provideHttpClientTesting(),
        NO_MATERIAL_ANIMATIONS,
      ],
    }).compileComponents();
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigate').mockResolvedValue(true);
    jest.spyOn(TestBed.inject(AuthStore), 'can').mockImplementation((role) => role !== ApiKeyRole.Admin);
    fixture = TestBed.createComponent(DriftPage);
    fixture.componentRef.setInput('model', 'stress-detector');
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    (await nextRequest(http, url('/api/v1/models'))).flush({ items: [{ name: 'stress-detector' }], total: 1 });
    const datasets = await nextRequest(http, url('/api/v1/datasets'));
    expect(datasets.request.params.get('model')).toBe('stress-detector');
    datasets.flush({
      items: [
        dataset('ref-old', DatasetRole.Reference, '2026-10-01T00:00:00Z'),
        dataset('ref-new', DatasetRole.Reference, '2026-11-01T00:00:00Z'),
        dataset('cur-new', DatasetRole.Current, '2026-11-20T00:00:00Z'),
        dataset('cur-old', DatasetRole.Current, '2026-11-10T00:00:00Z'),
      ],
      total: 4,
    });
    const reports = await nextRequest(http, url('/api/v1/drift-reports'));
    expect(reports.request.params.get('model')).toBe('stress-detector');
    reports.flush({ items: [], total: 0 });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it("picks the model's newest reference and current datasets", () => {
    expect(fixture.componentInstance.referenceId()).toBe('ref-new');
    expect(fixture.componentInstance.currentId()).toBe('cur-new');
  });

  it('runs the report with the options chosen and opens it', async () => {
    const test = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="drift-stattest"]' }));
    await test.open();
    await test.clickOptions({ text: /^psi:/ });
    await (await loader.getHarness(MatInputHarness.with({ selector: '[data-testid="drift-threshold"]' }))).setValue('0.2');
    const run = (await loader.getHarness(MatButtonHarness.with({ text: 'Run report' }))).click();
    const request = await nextRequest(http, url('/api/v1/drift-reports'));
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ referenceDatasetId: 'ref-new', currentDatasetId: 'cur-new', stattest: 'psi', threshold: 0.2 });
    request.flush({ id: 'report-1' }, { status: 201, statusText: 'Created' });
    await run;
    expect(router.navigate).toHaveBeenCalledWith(['/drift', 'report-1']);
  });

  it('refuses the same dataset on both sides before asking the API', async () => {
    fixture.componentInstance.currentId.set('ref-new');
    fixture.detectChanges();
    expect(fixture.componentInstance.formProblem()).toBe('Pick two different datasets.');
    expect(await (await loader.getHarness(MatButtonHarness.with({ text: 'Run report' }))).isDisabled()).toBe(true);
  });

  it("shows the API's refusal with its request id", async () => {
    const run = (await loader.getHarness(MatButtonHarness.with({ text: 'Run report' }))).click();
    (await nextRequest(http, url('/api/v1/drift-reports'))).flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'The datasets share no numerical or categorical column to compare.',
        requestId: 'req-5',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await run;
    fixture.detectChanges();
    const alert = (fixture.nativeElement as HTMLElement).querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('The datasets share no numerical or categorical column to compare.');
    expect(alert?.textContent).toContain('req-5');
    expect(router.navigate).not.toHaveBeenCalledWith(['/drift', expect.anything()]);
  });
});
