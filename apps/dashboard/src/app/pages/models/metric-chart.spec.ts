import { Component, input } from '@angular/core';
import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withXhr } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { MatButtonToggleHarness } from '@angular/material/button-toggle/testing';
import { MatCheckboxHarness } from '@angular/material/checkbox/testing';
import { MatSelectHarness } from '@angular/material/select/testing';
import { LineChartModule } from '@swimlane/ngx-charts';
import { MAX_AUTO_BUCKETS, METRIC_BUCKET_SECONDS, ModelStage } from '@stress/contracts';
import type { ModelVersionSummaryDto } from '@stress/contracts';
import { FixedBucket } from '../../api/metrics-api';
import { nextRequest, NO_MATERIAL_ANIMATIONS, url } from '../../shared/testing';
import { MetricChart } from './metric-chart';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Buckets the API will have to compute for a request, from its own parameters. */
function bucketsAsked(request: TestRequest): number {
  const params = request.request.params;
  const from = Date.parse(params.get('from') ?? '');
  const to = Date.parse(params.get('to') ?? '');
  const width = METRIC_BUCKET_SECONDS[params.get('bucket') as FixedBucket] * 1000;
  return Math.ceil((to - from) / width) + 1;
}

/** ngx-charts measures SVG text, which jsdom cannot: the chart itself is checked in the browser specs. */
// eslint-disable-next-line @angular-eslint/component-selector -- stands in for ngx-charts' own element
@Component({ selector: 'ngx-charts-line-chart', template: '<svg data-testid="line-chart-stub"></svg>' })
class LineChartStub {
  readonly results = input<unknown>();
  readonly xAxis = input<unknown>();
  readonly yAxis = input<unknown>();
  readonly legend = input<unknown>();
  readonly legendTitle = input<unknown>();
  readonly legendPosition = input<unknown>();
  readonly autoScale = input<unknown>();
  readonly animations = input<unknown>();
  readonly xAxisTickFormatting = input<unknown>();
  readonly yAxisTickFormatting = input<unknown>();
  readonly showXAxisLabel = input<unknown>();
  readonly xAxisLabel = input<unknown>();
  readonly showYAxisLabel = input<unknown>();
  readonly yAxisLabel = input<unknown>();
}

describe('MetricChart', () => {
  let fixture: ComponentFixture<MetricChart>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  const versions: ModelVersionSummaryDto[] = [
    { version: '2.0.0', stage: ModelStage.Staging, createdAt: '2026-11-01T00:00:00Z' },
    { version: '1.1.0', stage: ModelStage.Production, createdAt: '2026-10-01T00:00:00Z' },
    { version: '1.0.0', stage: ModelStage.Archived, createdAt: '2026-09-01T00:00:00Z' },
  ];
  const isSeries = url('/api/v1/metrics/series');
  const empty = (request: TestRequest) =>
    request.flush({
      model: 'stress-detector',
      name: request.request.params.get('name'),
      agg: 'avg',
      bucket: request.request.params.get('bucket'),
      from: '',
      to: '',
      series: [],
    });

  beforeEach(async () => {
    await TestBed.configureTestingModule({
      imports: [MetricChart],
      providers: [provideRouter([]), provideHttpClient(withXhr()), provideHttpClientTesting(), NO_MATERIAL_ANIMATIONS],
    })
      .overrideComponent(MetricChart, { remove: { imports: [LineChartModule] }, add: { imports: [LineChartStub] } })
      .compileComponents();
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MetricChart);
    fixture.componentRef.setInput('model', 'stress-detector');
    fixture.componentRef.setInput('versions', versions);
    fixture.componentRef.setInput('metricNames', ['latency_ms', 'accuracy', 'f1']);
    loader = TestbedHarnessEnvironment.loader(fixture);
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  /** Runs a harness action and answers the series request it causes; returns that request. */
  async function act(action: () => Promise<unknown>, respond: (request: TestRequest) => void = empty): Promise<TestRequest> {
    const done = action();
    const request = await nextRequest(http, isSeries);
    respond(request);
    await done;
    return request;
  }

  it('asks for accuracy of production and staging over 7 days in hourly buckets (168, not raw points)', async () => {
    const request = await nextRequest(http, isSeries);
    const params = request.request.params;
    expect(params.get('model')).toBe('stress-detector');
    expect(params.get('name')).toBe('accuracy');
    expect(params.get('agg')).toBe('avg');
    expect(params.get('bucket')).toBe('1h');
    // Two versions compared: one request returns one series per version.
    expect(params.has('version')).toBe(false);
    expect(Date.parse(params.get('to') ?? '') - Date.parse(params.get('from') ?? '')).toBe(7 * DAY);
    expect(bucketsAsked(request)).toBeLessThanOrEqual(MAX_AUTO_BUCKETS);
    request.flush({
      model: 'stress-detector',
      name: 'accuracy',
      agg: 'avg',
      bucket: '1h',
      from: params.get('from'),
      to: params.get('to'),
      series: [
        { version: '1.0.0', points: [{ t: '2026-11-20T00:00:00.000Z', value: 0.8, count: 12 }] },
        {
          version: '1.1.0',
          points: [
            { t: '2026-11-20T00:00:00.000Z', value: 0.91, count: 12 },
            { t: '2026-11-20T01:00:00.000Z', value: 0.9, count: 12 },
          ],
        },
        { version: '2.0.0', points: [{ t: '2026-11-20T00:00:00.000Z', value: 0.93, count: 12 }] },
      ],
    });
    await fixture.whenStable();
    fixture.detectChanges();
    // The archived version was not asked for: it is left out of the chart.
    expect(fixture.componentInstance.chartData().map((line) => line.name)).toEqual(['1.1.0', '2.0.0']);
    expect(fixture.componentInstance.chartData()[0].series[1]).toEqual({ name: new Date('2026-11-20T01:00:00.000Z'), value: 0.9 });
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="line-chart-stub"]')).not.toBeNull();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="bucket-summary"]')?.textContent).toContain(
      '1 hour buckets (at most 169)',
    );
  });

  it('changing the range to 30 days asks again with 6-hour buckets; 24 hours with 5-minute buckets', async () => {
    empty(await nextRequest(http, isSeries));
    await fixture.whenStable();
    const toggle = await loader.getHarness(MatButtonToggleHarness.with({ text: '30 d' }));
    let request = await act(() => toggle.check());
    expect(request.request.params.get('bucket')).toBe('6h');
    expect(Date.parse(request.request.params.get('to') ?? '') - Date.parse(request.request.params.get('from') ?? '')).toBe(30 * DAY);
    expect(bucketsAsked(request)).toBeLessThanOrEqual(MAX_AUTO_BUCKETS);

    const day = await loader.getHarness(MatButtonToggleHarness.with({ text: '24 h' }));
    request = await act(() => day.check());
    expect(request.request.params.get('bucket')).toBe('5m');
    expect(bucketsAsked(request)).toBeLessThanOrEqual(MAX_AUTO_BUCKETS);
    fixture.detectChanges();
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="chart-empty"]')?.textContent).toContain(
      'No accuracy points',
    );
  });

  it('offers only resolutions within the limit and falls back when the range grows past one', async () => {
    empty(await nextRequest(http, isSeries));
    await fixture.whenStable();
    const day = await loader.getHarness(MatButtonToggleHarness.with({ text: '24 h' }));
    await act(() => day.check());

    const resolution = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="bucket-select"]' }));
    await resolution.open();
    const offered = await Promise.all((await resolution.getOptions()).map((option) => option.getText()));
    // 24 h in 1-minute buckets would be 1,441 buckets: not offered.
    expect(offered).toEqual(['Auto (5 min)', '5 min', '15 min', '1 hour', '6 hours', '1 day']);
    const picked = await act(() => resolution.clickOptions({ text: '15 min' }));
    expect(picked.request.params.get('bucket')).toBe('15m');

    // 30 days in 15-minute buckets would be 2,881: the chart falls back to the finest allowed width.
    const month = await loader.getHarness(MatButtonToggleHarness.with({ text: '30 d' }));
    const request = await act(() => month.check());
    expect(request.request.params.get('bucket')).toBe('6h');
    expect(bucketsAsked(request)).toBeLessThanOrEqual(MAX_AUTO_BUCKETS);
  });

  it('asks for one version alone, and for the aggregate picked', async () => {
    empty(await nextRequest(http, isSeries));
    await fixture.whenStable();
    const versionSelect = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="version-select"]' }));
    await versionSelect.open();
    let request = await act(() => versionSelect.clickOptions({ text: '2.0.0 (staging)' }));
    expect(request.request.params.get('version')).toBe('1.1.0');
    await versionSelect.close();

    const agg = await loader.getHarness(MatSelectHarness.with({ selector: '[data-testid="agg-select"]' }));
    await agg.open();
    request = await act(() => agg.clickOptions({ text: 'p95' }));
    expect(request.request.params.get('agg')).toBe('p95');
    expect(request.request.params.get('version')).toBe('1.1.0');
  });

  it('overlays the CBPE estimate on the realized metric when windows write one, and drops it when unticked', async () => {
    const line = (version: string, value: number) => ({ version, points: [{ t: '2026-11-20T00:00:00.000Z', value, count: 1 }] });
    const flush = (request: TestRequest, series: unknown[]) =>
      request.flush({
        model: 'stress-detector',
        name: request.request.params.get('name'),
        agg: 'avg',
        bucket: '1h',
        from: '',
        to: '',
        series,
      });
    const realized = await nextRequest(http, isSeries);
    flush(realized, [line('1.1.0', 0.9)]);
    await fixture.whenStable();
    // Monitoring windows wrote estimated_accuracy: the chart asks for it too, over the same buckets.
    fixture.componentRef.setInput('metricNames', ['accuracy', 'estimated_accuracy']);
    fixture.detectChanges();
    const estimated = await nextRequest(http, isSeries);
    expect(estimated.request.params.get('name')).toBe('estimated_accuracy');
    for (const param of ['from', 'to', 'bucket', 'agg']) {
      expect(estimated.request.params.get(param)).toBe(realized.request.params.get(param));
    }
    flush(estimated, [line('1.1.0', 0.84), line('1.0.0', 0.7)]);
    await fixture.whenStable();
    fixture.detectChanges();
    // Only the selected versions; the estimate named apart in the legend.
    expect(fixture.componentInstance.chartData().map((entry) => [entry.name, entry.series[0].value])).toEqual([
      ['1.1.0', 0.9],
      ['1.1.0 (estimated)', 0.84],
    ]);

    const overlay = await loader.getHarness(MatCheckboxHarness.with({ selector: '[data-testid="estimate-overlay"]' }));
    expect(await overlay.isChecked()).toBe(true);
    await overlay.uncheck();
    fixture.detectChanges();
    expect(fixture.componentInstance.chartData().map((entry) => entry.name)).toEqual(['1.1.0']);
    expect(http.match(isSeries)).toHaveLength(0);
  });

  it('offers no overlay for a metric without an estimate', async () => {
    empty(await nextRequest(http, isSeries));
    await fixture.whenStable();
    expect(await loader.getAllHarnesses(MatCheckboxHarness)).toHaveLength(0);
    expect(fixture.componentInstance.estimatedMetric()).toBeNull();
  });

  it('refuses a custom range longer than the API allows instead of asking', async () => {
    empty(await nextRequest(http, isSeries));
    await fixture.whenStable();
    const custom = await loader.getHarness(MatButtonToggleHarness.with({ text: 'Custom' }));
    // The default custom range is the last 7 days.
    await act(() => custom.check());
    fixture.componentInstance.customFrom.set('2024-01-01T00:00');
    fixture.componentInstance.customTo.set('2026-01-01T00:00');
    fixture.detectChanges();
    await fixture.whenStable();
    expect(http.match(isSeries)).toHaveLength(0);
    expect((fixture.nativeElement as HTMLElement).querySelector('[role="alert"]')?.textContent).toContain('at most 400 days');

    fixture.componentInstance.customFrom.set('2025-06-01T00:00');
    fixture.detectChanges();
    const request = await nextRequest(http, isSeries);
    expect(request.request.params.get('bucket')).toBe('1d');
    expect(bucketsAsked(request)).toBeLessThanOrEqual(MAX_AUTO_BUCKETS);
    empty(request);
  });
});
