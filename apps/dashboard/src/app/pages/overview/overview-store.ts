import { DestroyRef, inject, Injectable, signal } from '@angular/core';
import { mapLimited, MAX_PAGE_LIMIT, MetricAggregate, MetricBucket, type ModelDto } from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { DriftApi } from '../../api/drift-api';
import { MetricsApi } from '../../api/metrics-api';
import { ModelsApi } from '../../api/models-api';
import { DisplayedError, toDisplayedError } from '../../core/http/api-error';
import {
  assessAttention,
  Attention,
  byAttention,
  DAY_MS,
  DriftSummary,
  driftSummary,
  MetricChange,
  metricChange,
  pickKeyMetrics,
  reportedVersion,
  valueSevenDaysBefore,
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
  attention: { level: Attention; reasons: string[] };
  /** This model's data could not be loaded (the others still show). */
  error: DisplayedError | null;
}

/** Models loaded at the same time: enough to be quick, few enough not to flood the API. */
const CONCURRENCY = 4;
const HOUR_MS = 3_600_000;

/** Loads the overview: each model with its key metrics, their change over 7 days, a sparkline and its drift status. */
@Injectable()
export class OverviewStore {
  private readonly models = inject(ModelsApi);
  private readonly metrics = inject(MetricsApi);
  private readonly drift = inject(DriftApi);

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
      const histories = await Promise.all(
        keys.map(async (metric) => {
          const latestAt = Date.parse(metric.timestamp);
          // Hourly buckets over 8 days (~192): enough for the value a week ago and a smooth sparkline.
          const response = await firstValueFrom(
            this.metrics.series({
              model: model.name,
              name: metric.name,
              version: metric.version,
              from: new Date(latestAt - 8 * DAY_MS),
              to: new Date(latestAt + HOUR_MS),
              bucket: MetricBucket.OneHour,
              agg: MetricAggregate.Avg,
            }),
          );
          return response.series.find((series) => series.version === metric.version)?.points ?? [];
        }),
      );
      const changes = keys.map((metric, index) => metricChange(metric, valueSevenDaysBefore(histories[index] ?? [], metric.timestamp)));
      const first = keys[0];
      const firstHistory = histories[0] ?? [];
      const sparkline = first
        ? {
            metric: first.name,
            values: firstHistory
              .filter((point) => Date.parse(point.t) >= Date.parse(first.timestamp) - 7 * DAY_MS)
              .map((point) => point.value),
          }
        : null;
      if (this.stopped) throw new Error('The overview was closed.');
      const drift = await this.latestDrift(model.name);
      return {
        ...base,
        version,
        changes,
        sparkline,
        drift,
        attention: assessAttention({ productionVersion: model.productionVersion, changes, drift, now }),
        error: null,
      };
    } catch (error) {
      return {
        ...base,
        version: model.productionVersion,
        changes: [],
        sparkline: null,
        attention: { level: 'warn', reasons: ['Could not load its metrics'] },
        error: toDisplayedError(error),
      };
    }
  }

  /** The model's latest drift report; a failure here only hides the drift line, not the card. */
  private async latestDrift(model: string): Promise<DriftSummary> {
    try {
      const list = await firstValueFrom(this.drift.list({ model, limit: 1 }));
      return driftSummary(list.items[0]);
    } catch {
      return { state: 'unknown' };
    }
  }
}
