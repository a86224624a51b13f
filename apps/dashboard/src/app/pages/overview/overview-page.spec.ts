import { provideHttpClient, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MetricSeriesPointDto, ModelDto } from '@stress/contracts';
import { OverviewPage } from './overview-page';
import { DAY_MS } from './overview-logic';

const model = (name: string, productionVersion: string | null): ModelDto => ({
  id: name,
  name,
  displayName: name === 'stress-detector' ? 'Stress detector' : name,
  description: '',
  task: 'binary-classification' as ModelDto['task'],
  owner: '',
  tags: [],
  productionVersion,
  createdAt: '',
  updatedAt: '',
});

describe('OverviewPage', () => {
  let fixture: ComponentFixture<OverviewPage>;
  let http: HttpTestingController;
  const latestAt = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [OverviewPage],
      providers: [provideRouter([]), provideHttpClient(withXhr()), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(OverviewPage);
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  async function flushMicrotasks(): Promise<void> {
    for (let index = 0; index < 5; index++) await new Promise((resolve) => setTimeout(resolve));
  }

  /** Hourly history for 8 days up to the latest point: `before` until 24 h before it, `now` in the last 24 h, ± `noise` alternating. */
  function history(before: number, now: number, noise = 0): MetricSeriesPointDto[] {
    const end = Date.parse(latestAt);
    return Array.from({ length: 8 * 24 }, (_, index) => {
      const t = end - (8 * 24 - 1 - index) * 3_600_000;
      const value = (t > end - DAY_MS ? now : before) + (index % 2 ? noise : -noise);
      return { t: new Date(t).toISOString(), value, count: 1 };
    });
  }

  it('shows a card per model, the degraded one first, with its metrics, change and sparkline', async () => {
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="loading"]')).not.toBeNull();
    http
      .expectOne((request) => request.url === '/api/v1/models')
      .flush({ items: [model('a-healthy', '3'), model('stress-detector', '1.1.0')], total: 2 });
    await flushMicrotasks();

    http
      .expectOne('/api/v1/models/a-healthy/metrics/latest')
      .flush({ items: [{ version: '3', name: 'accuracy', value: 0.95, timestamp: latestAt }] });
    http.expectOne('/api/v1/models/stress-detector/metrics/latest').flush({
      items: [
        { version: '1.1.0', name: 'f1', value: 0.78, timestamp: latestAt },
        { version: '1.1.0', name: 'latency_ms', value: 41, timestamp: latestAt },
        { version: '2.0.0', name: 'f1', value: 0.88, timestamp: latestAt },
      ],
    });
    await flushMicrotasks();

    const series = http.match((request) => request.url === '/api/v1/metrics/series');
    expect(series).toHaveLength(3);
    for (const request of series) {
      const params = request.request.params;
      expect(params.get('bucket')).toBe('1h');
      const [model, name, version] = [params.get('model'), params.get('name'), params.get('version')];
      const points = model === 'a-healthy' ? history(0.95, 0.95, 0.01) : name === 'f1' ? history(0.85, 0.78, 0.01) : history(40, 40, 2);
      request.flush({ model, name, agg: 'avg', bucket: '1h', from: '', to: '', series: [{ version, points }] });
    }
    await flushMicrotasks();
    // No monitoring windows here: the cards fall back to the latest drift report.
    const windows = http.match((candidate) => candidate.url.endsWith('/windows'));
    expect(windows.map((request) => request.request.url).sort()).toEqual([
      '/api/v1/models/a-healthy/versions/3/windows',
      '/api/v1/models/stress-detector/versions/1.1.0/windows',
    ]);
    for (const request of windows) request.flush({ items: [], total: 0 });
    for (const request of http.match((candidate) => candidate.url === '/api/v1/drift-reports')) {
      const drifted = request.request.params.get('model') === 'stress-detector';
      expect(request.request.params.get('limit')).toBe('1');
      // The production version's latest report.
      expect(request.request.params.get('version')).toBe(drifted ? '1.1.0' : '3');
      request.flush({
        items: drifted
          ? [{ id: 'r1', createdAt: latestAt, version: '1.1.0', datasetDrift: true, driftedColumns: 3, totalColumns: 8, driftShare: 0.375 }]
          : [],
        total: drifted ? 1 : 0,
      });
    }
    await flushMicrotasks();
    fixture.detectChanges();
    await fixture.whenStable();

    const element = fixture.nativeElement as HTMLElement;
    const cards = Array.from(element.querySelectorAll('[data-testid^="model-card-"]'));
    expect(cards.map((card) => card.getAttribute('data-testid'))).toEqual(['model-card-stress-detector', 'model-card-a-healthy']);
    const stress = cards[0] as HTMLElement;
    expect(stress.querySelector('[data-testid="production-version"]')?.textContent).toBe('1.1.0');
    const attention = stress.querySelector('[data-testid="attention"]') as HTMLElement;
    expect(attention.textContent).toContain('Needs attention');
    expect(attention.textContent).toContain('Drift in 3 of 8 columns (1.1.0)');
    // f1 fell 0.07 against ±0.01 noise; latency_ms only wobbled: only f1 is named.
    expect(Array.from(attention.querySelectorAll('[data-reason="metric"]')).map((reason) => reason.getAttribute('data-metric'))).toEqual([
      'f1',
    ]);
    expect(stress.querySelector('[data-testid="drift-status"]')?.textContent).toContain('· version 1.1.0');
    expect(stress.querySelector('tr[data-metric="latency_ms"] .overview__change--steady')).not.toBeNull();
    expect((cards[1] as HTMLElement).querySelector('[data-testid="attention"]')?.textContent).toContain('Healthy');
    expect(stress.querySelector('[data-testid="drift-status"] a')?.getAttribute('href')).toBe('/drift/r1');
    expect((cards[1] as HTMLElement).querySelector('[data-testid="drift-status"]')?.textContent).toContain('no report yet');
    expect(stress.querySelector('tr[data-metric="f1"]')?.textContent).toContain('0.78');
    expect(stress.querySelector('tr[data-metric="f1"] .overview__change--worse')?.textContent).toContain('−0.07');
    expect(stress.querySelector('sam-sparkline svg')?.getAttribute('aria-label')).toContain('f1 over the last 7 days');
    expect(element.querySelector('[data-testid="overview-summary"]')?.textContent).toContain('1 needs attention');
  });

  it("judges drift from the production version's newest computed window when monitoring is on", async () => {
    http.expectOne((request) => request.url === '/api/v1/models').flush({ items: [model('stress-detector', '1.1.0')], total: 1 });
    await flushMicrotasks();
    http
      .expectOne('/api/v1/models/stress-detector/metrics/latest')
      .flush({ items: [{ version: '1.1.0', name: 'f1', value: 0.85, timestamp: latestAt }] });
    await flushMicrotasks();
    for (const request of http.match((candidate) => candidate.url === '/api/v1/metrics/series')) {
      request.flush({
        model: 'stress-detector',
        name: 'f1',
        agg: 'avg',
        bucket: '1h',
        from: '',
        to: '',
        series: [{ version: '1.1.0', points: history(0.85, 0.85) }],
      });
    }
    await flushMicrotasks();
    const windows = http.expectOne((request) => request.url === '/api/v1/models/stress-detector/versions/1.1.0/windows');
    // Asked for the last 8 days only.
    expect(Date.now() - Date.parse(windows.request.params.get('from') ?? '')).toBeGreaterThanOrEqual(8 * DAY_MS - 60_000);
    const column = (name: string, drifted: boolean) => ({
      column: name,
      type: 'numerical',
      stattest: 'ks',
      statistic: 0.3,
      pValue: 0.01,
      threshold: 0.05,
      drifted,
    });
    const window = (start: string, drift: unknown) => ({
      start,
      end: new Date(Date.parse(start) + DAY_MS).toISOString(),
      status: drift ? 'fresh' : 'pending',
      rows: 300,
      rowsWithActual: 0,
      drift,
      quality: null,
      estimate: null,
      failure: null,
      computedAt: drift ? new Date(Date.parse(start) + DAY_MS + 60_000).toISOString() : null,
    });
    windows.flush({
      items: [
        window('2026-12-08T00:00:00.000Z', null),
        window('2026-12-07T00:00:00.000Z', {
          datasetDrift: true,
          driftShare: 0.5,
          columns: [column('eda', true), column('hr', true), column('temp', false), column('rr', false)],
        }),
        window('2026-12-06T00:00:00.000Z', { datasetDrift: false, driftShare: 0, columns: [column('eda', false)] }),
      ],
      total: 3,
    });
    // The report, asked at the same time, is not what the card shows.
    http
      .expectOne((request) => request.url === '/api/v1/drift-reports')
      .flush({
        items: [
          { id: 'r1', createdAt: latestAt, version: '1.1.0', datasetDrift: false, driftedColumns: 0, totalColumns: 8, driftShare: 0 },
        ],
        total: 1,
      });
    await flushMicrotasks();
    fixture.detectChanges();
    await fixture.whenStable();
    const card = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="model-card-stress-detector"]') as HTMLElement;
    const status = card.querySelector('[data-testid="drift-status"]') as HTMLElement;
    expect(status.textContent).toContain('drift in 2 of 4 columns in the latest window');
    expect(status.textContent).toContain('window of 2026-12-07');
    expect(status.querySelector('a')?.getAttribute('href')).toBe('/models/stress-detector');
    expect(card.querySelector('[data-testid="attention"]')?.textContent).toContain('Drift in 2 of 4 columns (1.1.0)');
  });

  it('shows the empty state when no model is registered', async () => {
    http.expectOne((request) => request.url === '/api/v1/models').flush({ items: [], total: 0 });
    await flushMicrotasks();
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).textContent).toContain('No models registered yet');
  });

  it('shows the error with its request id, and retries', async () => {
    http
      .expectOne((request) => request.url === '/api/v1/models')
      .flush(
        { statusCode: 503, error: 'Service Unavailable', message: 'The database is unavailable', requestId: 'req-3' },
        { status: 503, statusText: 'Service Unavailable' },
      );
    await flushMicrotasks();
    fixture.detectChanges();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="error"]')?.textContent).toContain('req-3');
    (element.querySelector('[data-testid="error"] button') as HTMLButtonElement).click();
    http.expectOne((request) => request.url === '/api/v1/models').flush({ items: [], total: 0 });
    await flushMicrotasks();
  });
});

describe('OverviewPage after it closes', () => {
  it('starts no more requests once destroyed (sign-out while loading)', async () => {
    TestBed.configureTestingModule({
      imports: [OverviewPage],
      providers: [provideRouter([]), provideHttpClient(withXhr()), provideHttpClientTesting()],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(OverviewPage);
    fixture.detectChanges();
    const models = Array.from({ length: 6 }, (_, index) => ({ ...model(`m${index}`, '1'), id: `m${index}` }));
    http.expectOne((request) => request.url === '/api/v1/models').flush({ items: models, total: 6 });
    for (let index = 0; index < 5; index++) await new Promise((resolve) => setTimeout(resolve));
    const first = http.match((request) => request.url.endsWith('/metrics/latest'));
    expect(first).toHaveLength(4);
    fixture.destroy();
    for (const request of first) request.flush({ items: [] });
    for (let index = 0; index < 5; index++) await new Promise((resolve) => setTimeout(resolve));
    http.expectNone((request) => request.url.endsWith('/metrics/latest'));
    http.expectNone((request) => request.url === '/api/v1/drift-reports');
    http.verify();
  });
});
