import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import {
  assessModelHealth,
  HEALTH_BASELINE_WINDOW_MS,
  HEALTH_RECENT_WINDOW_MS,
  judgeMetricShift,
  mapLimited,
  MAX_PAGE_LIMIT,
  MetricAggregate,
  MetricBucket,
  metricDirection,
  type HealthReason,
  type MetricShift,
  type ModelDto,
  splitHealthWindows,
} from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { DriftApi } from '../../api/drift-api';
import { MonitoringApi } from '../../api/monitoring-api';
import { MetricsApi } from '../../api/metrics-api';
import { ModelsApi } from '../../api/models-api';
import { DisplayedError, toDisplayedError } from '../../core/http/api-error';
import {
  Attention,
  byAttention,
  DAY_MS,
  DriftSummary,
  driftSummary,
  windowDriftSummary,
  MetricChange,
  metricChange,
  pickKeyMetrics,
  reportedVersion,
} from './overview-logic';

export interface OverviewCard {
  name: string;
  displayName: string;
  description: string;
  productionVersion: string | null;
  /** The version the metrics are about (production, else the most recently measured). */
  version: string | null;
  changes: MetricChange[];
  /** The first key metric over the 7 days up to its latest point. */
  sparkline: { metric: string; values: number[] } | null;
  drift: DriftSummary;
  /** The shared verdict (`assessModelHealth`): every metric with a known direction judged, not only the ones shown. */
  attention: { level: Attention; reasons: HealthReason[] };
  /** This model's data could not be loaded (the others still show). */
  error: DisplayedError | null;
}

/** Models loaded at the same time: enough to be quick, few enough not to flood the API. */
const CONCURRENCY = 4;
const HOUR_MS = 3_600_000;

/**
 * Loads the overview: each model with its key metrics, their 24 h mean against the 7 days before,
 * a sparkline, the production version's drift status and the shared health verdict.
 */
@Injectable()
export class OverviewStore {
  private readonly models = inject(ModelsApi);
  private readonly metrics = inject(MetricsApi);
  private readonly drift = inject(DriftApi);
  private readonly monitoring = inject(MonitoringApi);

  readonly cards = signal<OverviewCard[] | null>(null);
  readonly total = signal(0);
  readonly error = signal<DisplayedError | null>(null);
  readonly loading = signal(false);
  /** The page went away (e.g. sign-out): start no more requests, they would go out without a key. */
  private stopped = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => (this.stopped = true));
  }

  async load(now = Date.now()): Promise<void> {
    this.loading.set(true);
    this.error.set(null);
    try {
      const models = await this.allModels();
      this.total.set(models.length);
      const cards = await mapLimited(
        models,
        CONCURRENCY,
        (model) => this.card(model, now),
        () => this.stopped,
      );
      if (!this.stopped) this.cards.set(byAttention(cards));
    } catch (error) {
      this.error.set(toDisplayedError(error));
    } finally {
      this.loading.set(false);
    }
  }

  /** Every model, page by page (the API returns at most MAX_PAGE_LIMIT at a time). */
  private async allModels(): Promise<ModelDto[]> {
    const models: ModelDto[] = [];
    for (;;) {
      const page = await firstValueFrom(this.models.list({ limit: MAX_PAGE_LIMIT, offset: models.length }));
      models.push(...page.items);
      if (page.items.length < MAX_PAGE_LIMIT || models.length >= page.total || this.stopped) return models;
    }
  }

  private async card(model: ModelDto, now: number): Promise<OverviewCard> {
    const base = {
      name: model.name,
      displayName: model.displayName || model.name,
      description: model.description,
      productionVersion: model.productionVersion,
      drift: { state: 'unknown' } as DriftSummary,
    };
    try {
      const latest = (await firstValueFrom(this.models.latestMetrics(model.name))).items;
      if (this.stopped) throw new Error('The overview was closed.');
      const version = reportedVersion(model.productionVersion, latest);
      const keys = pickKeyMetrics(latest, version);
      const ofVersion = latest.filter((item) => item.version === version);
      // Every metric with a known direction is judged; the card shows the key ones.
      const judged = ofVersion.filter((item) => metricDirection(item.name) !== 0 || keys.includes(item));
      const newest = ofVersion.reduce((max, item) => Math.max(max, Date.parse(item.timestamp)), Number.NEGATIVE_INFINITY);
      const end = Number.isFinite(newest) ? newest : now;
      const histories = new Map(
        await Promise.all(
          judged.map(async (metric) => {
            // Hourly buckets over the recent and baseline windows (8 days, ~192 points).
            const response = await firstValueFrom(
              this.metrics.series({
                model: model.name,
                name: metric.name,
                version: metric.version,
                from: new Date(end - HEALTH_RECENT_WINDOW_MS - HEALTH_BASELINE_WINDOW_MS),
                to: new Date(end + HOUR_MS),
                bucket: MetricBucket.OneHour,
                agg: MetricAggregate.Avg,
              }),
            );
            return [metric.name, response.series.find((series) => series.version === metric.version)?.points ?? []] as const;
          }),
        ),
      );
      const shiftOf = (name: string): MetricShift => {
        const { recent, baseline } = splitHealthWindows(histories.get(name) ?? [], end);
        return judgeMetricShift(name, recent, baseline);
      };
      const shifts = judged.map((metric) => shiftOf(metric.name));
      const changes = keys.map((metric) => metricChange(metric, shifts[judged.indexOf(metric)] ?? shiftOf(metric.name)));
      const first = keys[0];
      const sparkline = first
        ? {
            metric: first.name,
            values: (histories.get(first.name) ?? [])
              .filter((point) => Date.parse(point.t) >= Date.parse(first.timestamp) - 7 * DAY_MS)
              .map((point) => point.value),
          }
        : null;
      if (this.stopped) throw new Error('The overview was closed.');
      // Drift of the production version (else of the version shown).
      const drift = await this.latestDrift(model.name, model.productionVersion ?? version);
      return {
        ...base,
        version,
        changes,
        sparkline,
        drift,
        attention: assessModelHealth({
          productionVersion: model.productionVersion,
          drift:
            drift.state === 'drift' || drift.state === 'no-drift'
              ? {
                  version: drift.version ?? null,
                  datasetDrift: drift.state === 'drift',
                  driftedColumns: drift.driftedColumns ?? 0,
                  totalColumns: drift.totalColumns ?? 0,
                }
              : null,
          shifts,
          newestPointAt: Number.isFinite(newest) ? newest : null,
          now,
        }),
        error: null,
      };
    } catch (error) {
      return {
        ...base,
        version: model.productionVersion,
        changes: [],
        sparkline: null,
        attention: { level: 'look', reasons: [{ kind: 'no-metrics', level: 'look', text: 'Could not load its metrics' }] },
        error: toDisplayedError(error),
      };
    }
  }

  /**
   * The version's newest monitoring window with drift results (of the last 8 days), else the model's latest drift
   * report; a failure here only hides the drift line, not the card.
   */
  private async latestDrift(model: string, version: string | null): Promise<DriftSummary> {
    const from = new Date(Date.now() - 8 * DAY_MS).toISOString();
    const window = version
      ? firstValueFrom(this.monitoring.windows(model, version, { from })).then(
          (list) => windowDriftSummary(list.items, version),
          () => null,
        )
      : Promise.resolve(null);
    const report = firstValueFrom(this.drift.list({ model, ...(version ? { version } : {}), limit: 1 })).then(
      (list) => driftSummary(list.items[0]),
      (): DriftSummary => ({ state: 'unknown' }),
    );
    return (await window) ?? (await report);
  }
}
