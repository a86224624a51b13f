import {
  ChangeDetectionStrategy,
  Component,
  computed,
  DestroyRef,
  effect,
  inject,
  input,
  linkedSignal,
  signal,
  untracked,
  ViewEncapsulation,
} from '@angular/core';
import { ActivatedRoute, Router } from '@angular/router';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { LegendPosition, LineChartModule } from '@swimlane/ngx-charts';
import {
  MAX_SERIES_RANGE_DAYS,
  METRIC_AGGREGATES,
  MetricAggregate,
  MetricBucket,
  metricBucketCount,
  metricBucketsWithinLimit,
  metricUnit,
  ModelStage,
} from '@stress/contracts';
import type { MetricSeriesResponseDto, ModelVersionSummaryDto } from '@stress/contracts';
import { FixedBucket, MetricsApi, SeriesQuery } from '../../api/metrics-api';
import { displayedErrorOf } from '../../core/http/api-error';
import { formatDateTime, formatNumber } from '../../shared/format';
import { mediaQuery } from '../../layout/media-query';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';

export type RangeChoice = '24h' | '7d' | '30d' | 'custom';

const HOUR = 3_600_000;
export const RANGE_MS: Record<Exclude<RangeChoice, 'custom'>, number> = { '24h': 24 * HOUR, '7d': 7 * 24 * HOUR, '30d': 30 * 24 * HOUR };
const BUCKET_LABELS: Record<FixedBucket, string> = {
  [MetricBucket.OneMinute]: '1 min',
  [MetricBucket.FiveMinutes]: '5 min',
  [MetricBucket.FifteenMinutes]: '15 min',
  [MetricBucket.OneHour]: '1 hour',
  [MetricBucket.SixHours]: '6 hours',
  [MetricBucket.OneDay]: '1 day',
};
/** Monitoring windows write a CBPE estimate beside these realized metrics, named with this prefix. */
const ESTIMATED_PREFIX = 'estimated_';
/** How an estimated line is named in the legend and tooltips. */
export const ESTIMATED_SUFFIX = ' (estimated)';
/** Metrics people look at first, when the model has them. */
const PREFERRED_METRICS = ['accuracy', 'f1', 'roc_auc'];

/** `<input type="datetime-local">` value of a date in UTC: the product shows every time in UTC. */
export function toUtcInput(date: Date): string {
  return date.toISOString().slice(0, 16);
}

/** The date a UTC `datetime-local` value means (Invalid Date when incomplete). */
export function fromUtcInput(value: string): Date {
  return new Date(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/.test(value) ? `${value}:00Z` : 'invalid');
}

/** Auto-refresh choices, in seconds (0 = off). */
export const AUTO_REFRESH_CHOICES = [0, 30, 60, 300] as const;
export type AutoRefresh = (typeof AUTO_REFRESH_CHOICES)[number];
const RANGE_CHOICES: readonly RangeChoice[] = ['24h', '7d', '30d', 'custom'];

interface ChartWindow {
  from: Date;
  to: Date;
}

/**
 * A metric of one model over time, one line per version. It asks the API for aggregated
 * buckets (at most ~500 over the range), never for raw points, so it stays fast at any volume.
 */
@Component({
  selector: 'sam-metric-chart',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    LineChartModule,
    ErrorState,
    LoadingState,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  templateUrl: './metric-chart.html',
  styleUrl: './metric-chart.scss',
})
export class MetricChart {
  private readonly metrics = inject(MetricsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  readonly model = input.required<string>();
  readonly versions = input.required<readonly ModelVersionSummaryDto[]>();
  readonly metricNames = input.required<readonly string[]>();

  protected readonly aggregates = METRIC_AGGREGATES;
  /** Phones put the legend below the lines, so the plot keeps the width. */
  private readonly narrow = mediaQuery('(max-width: 767.98px)');
  protected readonly legendPosition = computed(() => (this.narrow() ? LegendPosition.Below : LegendPosition.Right));
  protected readonly bucketLabels = BUCKET_LABELS;

  /** The query parameters the page opened with: a copied link's view. */
  private readonly opened = this.route.snapshot.queryParamMap;
  readonly metric = linkedSignal(() => {
    const names = this.metricNames();
    const linked = this.opened.get('metric');
    if (linked && names.includes(linked)) return linked;
    return PREFERRED_METRICS.find((name) => names.includes(name)) ?? names[0] ?? '';
  });
  readonly selectedVersions = linkedSignal(() => {
    const known = new Set(this.versions().map((version) => version.version));
    const linked = (this.opened.get('versions') ?? '').split(',').filter((version) => known.has(version));
    return linked.length > 0 ? linked : defaultVersions(this.versions());
  });
  readonly range = signal<RangeChoice>('7d');
  readonly agg = signal<MetricAggregate>(MetricAggregate.Avg);
  /** `auto` = the finest width within the bucket limit. */
  readonly bucketChoice = signal<FixedBucket | 'auto'>('auto');
  /** The "now" the relative ranges end at; Refresh moves it. */
  private readonly anchor = signal(Date.now());
  readonly customFrom = signal(toUtcInput(new Date(Date.now() - RANGE_MS['7d'])));
  readonly customTo = signal(toUtcInput(new Date()));
  /** Seconds between automatic refreshes; 0 = off. */
  readonly autoRefresh = signal<AutoRefresh>(0);
  protected readonly autoRefreshChoices = AUTO_REFRESH_CHOICES;

  /** The time window, or a message saying why the custom range cannot be drawn. */
  readonly window = computed<ChartWindow | string>(() => {
    const range = this.range();
    if (range !== 'custom') return { from: new Date(this.anchor() - RANGE_MS[range]), to: new Date(this.anchor()) };
    const from = fromUtcInput(this.customFrom());
    const to = fromUtcInput(this.customTo());
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return 'Enter both the start and the end of the range.';
    if (from >= to) return 'The start of the range must be before its end.';
    if (to.getTime() - from.getTime() > MAX_SERIES_RANGE_DAYS * 24 * HOUR) return `A range can span at most ${MAX_SERIES_RANGE_DAYS} days.`;
    return { from, to };
  });
  protected readonly windowProblem = computed(() => {
    const window = this.window();
    return typeof window === 'string' ? window : null;
  });
  readonly allowedBuckets = computed(() => {
    const window = this.window();
    return typeof window === 'string' ? [] : metricBucketsWithinLimit(window.to.getTime() - window.from.getTime());
  });
  /** The bucket asked for: the user's choice while it stays within the limit, else the finest allowed. */
  readonly bucket = computed<FixedBucket | null>(() => {
    const allowed = this.allowedBuckets();
    const choice = this.bucketChoice();
    if (allowed.length === 0) return null;
    return choice !== 'auto' && allowed.includes(choice) ? choice : allowed[0];
  });

  readonly query = computed<SeriesQuery | undefined>(() => {
    const window = this.window();
    const bucket = this.bucket();
    const versions = this.selectedVersions();
    const name = this.metric();
    if (typeof window === 'string' || bucket === null || name === '' || versions.length === 0) return undefined;
    return {
      model: this.model(),
      name,
      // One version: let the API filter. Several: one request returns a series per version.
      version: versions.length === 1 ? versions[0] : undefined,
      from: window.from,
      to: window.to,
      bucket,
      agg: this.agg(),
    };
  });

  protected readonly series = rxResource({
    params: () => this.query(),
    stream: ({ params }) => this.metrics.series(params),
  });

  /** `estimated_<metric>` when monitoring windows write a CBPE estimate of the chosen metric. */
  readonly estimatedMetric = computed(() => {
    const name = `${ESTIMATED_PREFIX}${this.metric()}`;
    return this.metricNames().includes(name) ? name : null;
  });
  /** Draw the estimate over the realized metric (on unless the link says `estimate=off`). */
  readonly overlayEstimate = signal(true);
  private readonly estimateSeries = rxResource({
    params: () => {
      const query = this.query();
      const name = this.estimatedMetric();
      return query && name && this.overlayEstimate() ? { ...query, name } : undefined;
    },
    stream: ({ params }) => this.metrics.series(params),
  });

  readonly chartData = computed(() => {
    if (!this.series.hasValue()) return [];
    const selected = new Set(this.selectedVersions());
    const lines = (response: MetricSeriesResponseDto | undefined, suffix: string) =>
      (response?.series ?? [])
        .filter((line) => selected.has(line.version))
        .map((line) => ({
          name: `${line.version}${suffix}`,
          series: line.points.map((point) => ({ name: new Date(point.t), value: point.value })),
        }));
    const estimated =
      this.estimatedMetric() && this.overlayEstimate() && this.estimateSeries.hasValue() ? this.estimateSeries.value() : null;
    return [...lines(this.series.value(), ''), ...(estimated ? lines(estimated, ESTIMATED_SUFFIX) : [])];
  });
  protected readonly pointCount = computed(() => this.chartData().reduce((sum, line) => sum + line.series.length, 0));
  protected readonly error = computed(() => displayedErrorOf(this.series));
  protected readonly bucketSummary = computed(() => {
    const window = this.window();
    const bucket = this.bucket();
    if (typeof window === 'string' || bucket === null) return '';
    return `${BUCKET_LABELS[bucket]} buckets (at most ${metricBucketCount(window.to.getTime() - window.from.getTime(), bucket)})`;
  });
  protected readonly shortTicks = computed(() => {
    const window = this.window();
    return typeof window !== 'string' && window.to.getTime() - window.from.getTime() <= 2 * 24 * HOUR;
  });
  protected readonly formatTick = (value: Date | string): string => {
    const date = value instanceof Date ? value : new Date(value);
    const iso = date.toISOString();
    return this.shortTicks() ? iso.slice(11, 16) : iso.slice(5, 10);
  };
  protected readonly formatValue = (value: number): string => formatNumber(value);
  /** The y-axis label: the metric and its unit where the name tells it. */
  protected readonly unit = computed(() => metricUnit(this.metric()));
  protected readonly yAxisLabel = computed(() => {
    const unit = this.unit();
    return `${this.metric()} (${this.agg()}${unit ? `, ${unit}` : ''})`;
  });
  protected readonly formatTime = (value: Date | string): string => formatDateTime(value);

  constructor() {
    this.readUrl();
    // The view lives in the URL, so a copied link opens the same view.
    effect(() => {
      const queryParams = this.viewParams();
      untracked(
        () => void this.router.navigate([], { relativeTo: this.route, queryParams, queryParamsHandling: 'merge', replaceUrl: true }),
      );
    });
    // Auto-refresh moves the range to now every few seconds (not while a custom range is shown).
    effect((onCleanup) => {
      const seconds = this.autoRefresh();
      if (seconds === 0) return;
      const timer = setInterval(() => this.refresh(), seconds * 1000);
      onCleanup(() => clearInterval(timer));
    });
    inject(DestroyRef).onDestroy(() => this.autoRefresh.set(0));
  }

  /** The view as query parameters (`null` removes one). */
  private readonly viewParams = computed(() => {
    const range = this.range();
    return {
      metric: this.metric() || null,
      versions: this.selectedVersions().join(',') || null,
      agg: this.agg() === MetricAggregate.Avg ? null : this.agg(),
      range: range === '7d' ? null : range,
      from: range === 'custom' ? this.customFrom() : null,
      to: range === 'custom' ? this.customTo() : null,
      bucket: this.bucketChoice() === 'auto' ? null : this.bucketChoice(),
      refresh: this.autoRefresh() === 0 ? null : String(this.autoRefresh()),
      estimate: this.overlayEstimate() ? null : 'off',
    };
  });

  private readUrl(): void {
    const params = this.opened;
    const agg = params.get('agg') as MetricAggregate | null;
    if (agg && METRIC_AGGREGATES.includes(agg)) this.agg.set(agg);
    const range = params.get('range') as RangeChoice | null;
    if (range && RANGE_CHOICES.includes(range)) this.range.set(range);
    const from = params.get('from');
    const to = params.get('to');
    if (from) this.customFrom.set(from);
    if (to) this.customTo.set(to);
    const bucket = params.get('bucket') as FixedBucket | null;
    if (bucket && bucket in BUCKET_LABELS) this.bucketChoice.set(bucket);
    const refresh = Number(params.get('refresh') ?? 0) as AutoRefresh;
    if (AUTO_REFRESH_CHOICES.includes(refresh)) this.autoRefresh.set(refresh);
    if (params.get('estimate') === 'off') this.overlayEstimate.set(false);
  }

  protected setRange(range: RangeChoice): void {
    this.range.set(range);
    this.anchor.set(Date.now());
  }

  protected refresh(): void {
    if (this.range() === 'custom') {
      this.series.reload();
      this.estimateSeries.reload();
    } else this.anchor.set(Date.now());
  }

  protected inputValue(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }
}

/** Production and staging first: what people compare. Else the newest version. */
export function defaultVersions(versions: readonly ModelVersionSummaryDto[]): string[] {
  const live = versions.filter((version) => version.stage === ModelStage.Production || version.stage === ModelStage.Staging);
  if (live.length > 0) return live.map((version) => version.version);
  return versions.length > 0 ? [versions[0].version] : [];
}
