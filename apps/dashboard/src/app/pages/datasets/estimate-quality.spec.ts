import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { provideRouter, Router } from '@angular/router';
import { ApiKeyRole, DatasetRole } from '@stress/contracts';
import type { DatasetDto, DatasetSummaryDto, PerformanceEstimateDto } from '@stress/contracts';
import { AuthStore } from '../../core/auth/auth-store';
import { nextRequest, NO_MATERIAL_ANIMATIONS, url } from '../../shared/testing';
import { EstimatePage } from './estimate-page';
import { EstimateQuality, pickReference } from './estimate-quality';

function dataset(id: string, role: DatasetRole, version: string, createdAt: string): DatasetSummaryDto {
  return {
    id,
    name: `${role} ${id}`,
    model: 'stress-detector',
    version,
    role,
    rowCount: 1000,
    sizeBytes: 10_000,
    columns: [],
    targetColumn: 'stress_label',
    predictionColumn: 'predicted',
    probabilityColumn: 'stress_proba',
    positiveLabel: '1',
    delimiter: ',',
    warnings: [],
    createdBy: 'seed',
    createdAt,
  };
}

const band = (value: number, lower: number, upper: number) => ({ value, lower, upper });

const ESTIMATE: PerformanceEstimateDto = {
  id: 'estimate-1',
  model: 'stress-detector',
  version: '1.1.0',
  referenceDatasetId: 'ref-1',
  currentDatasetId: 'cur-1',
  calibration: { method: 'isotonic', eceBefore: 0.0812, eceAfter: 0.0004 },
  rows: { reference: 5000, current: 2000, labelled: 2000 },
  estimated: {
    accuracy: band(0.7321, 0.7133, 0.7509),
    precision: band(0.61, 0.58, 0.64),
    recall: band(0.55, 0.52, 0.58),
    f1: band(0.578, 0.55, 0.606),
    specificity: band(0.8, 0.78, 0.82),
    rocAuc: null,
  },
  realized: { accuracy: 0.7402, precision: 0.7, recall: 0.56, f1: 0.58, specificity: 0.81, rocAuc: 0.79 },
  warnings: [
    {
      code: 'reference-miscalibrated',
      message: "The model's probabilities are miscalibrated on the reference (expected calibration error 0.081 > 0.05).",
    },
  ],
  createdBy: 'editor-key',
  createdAt: '2026-12-07T10:00:00Z',
};

describe('pickReference', () => {
  it('takes the newest reference of the same version, else the newest of any version', () => {
    const references = [
      dataset('a', DatasetRole.Reference, '1.0.0', '2026-12-01T00:00:00Z'),
      dataset('b', DatasetRole.Reference, '1.1.0', '2026-11-01T00:00:00Z'),
      dataset('c', DatasetRole.Reference, '1.1.0', '2026-11-15T00:00:00Z'),
    ];
    expect(pickReference(references, '1.1.0')?.id).toBe('c');
    expect(pickReference(references, '2.0.0')?.id).toBe('a');
    expect(pickReference([], '1.1.0')).toBeNull();
  });
});

describe('EstimateQuality', () => {
  let fixture: ComponentFixture<EstimateQuality>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let router: Router;

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [EstimateQuality],
      providers: [provideRouter([{ path: '**', children: [] }]), provideHttpClient(), provideHttpClientTesting(), NO_MATERIAL_ANIMATIONS],
    }).compileComponents();
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    jest.spyOn(router, 'navigate').mockResolvedValue(true);
    jest.spyOn(TestBed.inject(AuthStore), 'can').mockImplementation((role) => role !== ApiKeyRole.Admin);
    fixture = TestBed.createComponent(EstimateQuality);
    fixture.componentRef.setInput('dataset', {
      ...dataset('cur-1', DatasetRole.Current, '1.1.0', '2026-12-02T00:00:00Z'),
      profile: [],
    } as DatasetDto);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    const latest = await nextRequest(http, url('/api/v1/performance-estimates'));
    expect(latest.request.params.get('currentDatasetId')).toBe('cur-1');
    latest.flush({ items: [], total: 0 });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  it("estimates against the model's reference of the same version and opens the result", async () => {
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('No estimate yet');
    const click = (await loader.getHarness(MatButtonHarness.with({ text: 'Estimate quality' }))).click();
    const references = await nextRequest(http, url('/api/v1/datasets'));
    expect(references.request.params.get('model')).toBe('stress-detector');
    expect(references.request.params.get('role')).toBe('reference');
    references.flush({
      items: [
        dataset('ref-old-version', DatasetRole.Reference, '1.0.0', '2026-12-01T00:00:00Z'),
        dataset('ref-1', DatasetRole.Reference, '1.1.0', '2026-11-01T00:00:00Z'),
      ],
      total: 2,
    });
    const create = await nextRequest(http, url('/api/v1/performance-estimates'));
    expect(create.request.method).toBe('POST');
    expect(create.request.body).toEqual({ referenceDatasetId: 'ref-1', currentDatasetId: 'cur-1' });
    create.flush(ESTIMATE, { status: 201, statusText: 'Created' });
    await click;
    expect(router.navigate).toHaveBeenCalledWith(['/datasets', 'cur-1', 'estimates', 'estimate-1']);
  });

  it("shows the API's 422 in words and stays on the page", async () => {
    const click = (await loader.getHarness(MatButtonHarness.with({ text: 'Estimate quality' }))).click();
    (await nextRequest(http, url('/api/v1/datasets'))).flush({
      items: [dataset('ref-1', DatasetRole.Reference, '1.1.0', '2026-11-01T00:00:00Z')],
      total: 1,
    });
    (await nextRequest(http, url('/api/v1/performance-estimates'))).flush(
      {
        statusCode: 422,
        error: 'Unprocessable Entity',
        message: 'Performance estimation needs …: dataset "cur" has no probabilityColumn.',
        requestId: 'req-9',
      },
      { status: 422, statusText: 'Unprocessable Entity' },
    );
    await click;
    fixture.detectChanges();
    const alert = (fixture.nativeElement as HTMLElement).querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('has no probabilityColumn');
    expect(router.navigate).not.toHaveBeenCalled();
  });

  it('says so when the model has no reference dataset, without asking for an estimate', async () => {
    const click = (await loader.getHarness(MatButtonHarness.with({ text: 'Estimate quality' }))).click();
    (await nextRequest(http, url('/api/v1/datasets'))).flush({ items: [], total: 0 });
    await click;
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="alert"]')?.textContent).toContain(
      'Model "stress-detector" has no reference dataset',
    );
  });
});

describe('EstimatePage', () => {
  it('shows each metric with its band, the realized value, calibration and warnings in words', async () => {
    await TestBed.configureTestingModule({
      imports: [EstimatePage],
      providers: [provideRouter([{ path: '**', children: [] }]), provideHttpClient(), provideHttpClientTesting(), NO_MATERIAL_ANIMATIONS],
    }).compileComponents();
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(EstimatePage);
    fixture.componentRef.setInput('id', 'cur-1');
    fixture.componentRef.setInput('estimateId', 'estimate-1');
    fixture.detectChanges();
    (await nextRequest(http, url('/api/v1/performance-estimates/estimate-1'))).flush(ESTIMATE);
    // The dataset names follow once the estimate is in; waiting for stability would wait for them.
    fixture.detectChanges();
    (await nextRequest(http, url('/api/v1/datasets/ref-1'))).flush({ name: 'training sample' });
    (await nextRequest(http, url('/api/v1/datasets/cur-1'))).flush({ name: 'last week' });
    await fixture.whenStable();
    fixture.detectChanges();
    const page = fixture.nativeElement as HTMLElement;
    const rows = [...page.querySelectorAll('[data-testid="estimate-metrics"] tbody tr')].map((row) =>
      [...row.querySelectorAll('th, td')].slice(0, 4).map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim()),
    );
    expect(rows[0]).toEqual(['Accuracy', '0.732', '0.713 – 0.751', '0.740']);
    expect(rows[1]).toEqual(['Precision', '0.610', '0.580 – 0.640', '0.700 (outside the band)']);
    expect(rows[5]).toEqual(['ROC AUC', '—', 'undefined (one class only)', '0.790']);
    expect(page.querySelector('[data-testid="estimate-calibration"]')?.textContent).toContain(
      '0.081 as given, 0.000 after isotonic calibration',
    );
    expect(page.querySelector('[data-testid="estimate-warnings"]')?.textContent).toContain('miscalibrated on the reference');
    expect(page.textContent).toContain('training sample');
    http.verify();
  });
});
