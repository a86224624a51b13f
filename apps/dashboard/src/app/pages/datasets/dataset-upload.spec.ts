import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { HttpEventType, provideHttpClient, REQUESTS_CONTRIBUTE_TO_STABILITY, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatProgressBarHarness } from '@angular/material/progress-bar/testing';
import type { DatasetDto } from '@stress/contracts';
import { DatasetUploader } from '../../api/dataset-uploader';
import { csvHeader } from './csv-header';
import { nextRequest, NO_MATERIAL_ANIMATIONS, url } from '../../shared/testing';
import { DatasetUpload, defaultName } from './dataset-upload';

describe('csvHeader', () => {
  it.each([
    ['heart_rate,eda,device\n1,2,a', ['heart_rate', 'eda', 'device']],
    ['\uFEFFa;b;c\r\n1;2;3', ['a', 'b', 'c']],
    ['a\tb\n', ['a', 'b']],
    ['"x, y",z\n', ['x, y', 'z']],
    ['', []],
  ])('%j → %j', (text, expected) => {
    expect(csvHeader(text)).toEqual(expected);
  });

  it('names a dataset after its file', () => {
    expect(defaultName('week-47 current.csv')).toBe('week-47 current');
  });
});

describe('DatasetUpload', () => {
  let fixture: ComponentFixture<DatasetUpload>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let uploaded: DatasetDto[];
  const file = new File(['heart_rate,eda,stress_label\n72,0.4,0\n'.repeat(10)], 'week-47.csv', { type: 'text/csv' });

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [DatasetUpload],
      providers: [
        provideHttpClient(withXhr()),
        provideHttpClientTesting(),
        DatasetUploader,
        NO_MATERIAL_ANIMATIONS,
        // An upload in flight must not block the harnesses: the test inspects the page mid-upload.
        { provide: REQUESTS_CONTRIBUTE_TO_STABILITY, useValue: false },
      ],
    }).compileComponents();
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(DatasetUpload);
    uploaded = [];
    fixture.componentInstance.uploaded.subscribe((dataset) => uploaded.push(dataset));
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
    await fixture.whenStable();
    await fixture.componentInstance.choose(file);
    fixture.detectChanges();
    // The form, with its model picker, appears once a file is chosen; the picker asks for the first models.
    (await nextRequest(http, url('/api/v1/models'))).flush({ items: [], total: 0 });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  const element = () => fixture.nativeElement as HTMLElement;
  const byTestId = (id: string) => element().querySelector(`[data-testid="${id}"]`);

  async function startUpload(): Promise<TestRequest> {
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Upload' }))).click();
    const request = http.expectOne('/api/v1/datasets');
    expect(request.request.method).toBe('POST');
    expect(request.request.reportProgress).toBe(true);
    return request;
  }

  async function render(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
  }

  it('sends the file with its fields as multipart and shows the percent of bytes sent', async () => {
    expect(byTestId('chosen-file')?.textContent).toContain('week-47.csv');
    const request = await startUpload();
    const body = request.request.body as FormData;
    expect(body.get('name')).toBe('week-47');
    expect(body.get('role')).toBe('other');
    expect((body.get('file') as File).name).toBe('week-47.csv');
    // Text fields go before the file, so the API knows them while it streams the file.
    expect([...body.keys()].at(-1)).toBe('file');

    request.event({ type: HttpEventType.UploadProgress, loaded: 100, total: 400 });
    await render();
    const bar = await loader.getHarness(MatProgressBarHarness);
    expect(await bar.getMode()).toBe('determinate');
    expect(await bar.getValue()).toBe(25);
    expect(byTestId('upload-percent')?.textContent).toContain('25% sent (100 B of 400 B)');

    request.event({ type: HttpEventType.UploadProgress, loaded: 400, total: 400 });
    await render();
    expect(byTestId('upload-percent')?.textContent).toContain('The server is parsing');

    const dataset = { id: 'd-1', name: 'week-47' } as DatasetDto;
    request.flush(dataset, { status: 201, statusText: 'Created' });
    await render();
    expect(uploaded).toEqual([dataset]);
  });

  it('cancel aborts the request and says nothing was stored', async () => {
    const request = await startUpload();
    request.event({ type: HttpEventType.UploadProgress, loaded: 50, total: 400 });
    await render();
    await (await loader.getHarness(MatButtonHarness.with({ text: 'Cancel upload' }))).click();
    expect(request.cancelled).toBe(true);
    expect(byTestId('upload-cancelled')?.textContent).toContain('nothing was stored');
    expect(uploaded).toEqual([]);
    // The form is usable again: the same file can be sent once more.
    expect(await (await loader.getHarness(MatButtonHarness.with({ text: 'Upload' }))).isDisabled()).toBe(false);
  });

  it("shows the server's message as it says it, with its details and request id", async () => {
    const request = await startUpload();
    const message = 'Line 3 has 4 fields but the header has 3. Fix that row (or quote values that contain the delimiter) and upload again.';
    request.flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message,
        details: [{ field: 'file', message: 'line 3: 4 fields, expected 3' }],
        requestId: 'req-7',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await render();
    const alert = byTestId('upload-error')?.querySelector('[role="alert"]');
    expect(alert?.querySelector('.sam-error-state__message')?.textContent?.trim()).toBe(message);
    expect(alert?.textContent).toContain('file: line 3: 4 fields, expected 3');
    expect(alert?.textContent).toContain('req-7');
    expect(uploaded).toEqual([]);
  });

  it('shows a 413 from the server as it is', async () => {
    const request = await startUpload();
    request.flush(
      { statusCode: 413, error: 'Payload Too Large', message: 'The file is larger than MAX_UPLOAD_MB (200 MB).', requestId: 'req-8' },
      { status: 413, statusText: 'Payload Too Large' },
    );
    await render();
    expect(byTestId('upload-error')?.textContent).toContain('The file is larger than MAX_UPLOAD_MB (200 MB).');
  });
});
