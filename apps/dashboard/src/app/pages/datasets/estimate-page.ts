import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { ESTIMATED_METRICS } from '@stress/contracts';
import type { EstimatedMetricDto, PerformanceEstimateDto } from '@stress/contracts';
import { catchError, forkJoin, map, of } from 'rxjs';
import { DatasetsApi } from '../../api/datasets-api';
import { PerformanceEstimatesApi } from '../../api/performance-estimates-api';
import { displayedErrorOf } from '../../core/http/api-error';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';
import { formatDateTime, formatNumber } from '../../shared/format';
import { formatMetric, METRIC_LABELS } from './estimate-format';

export interface EstimateRow {
  metric: string;
  estimated: EstimatedMetricDto | null;
  realized: number | null;
  /** Whether the realized value lies in the band; null without labels. */
  inside: boolean | null;
}

/** The table of an estimate: one row per metric, in display order. */
export function estimateRows(estimate: PerformanceEstimateDto): EstimateRow[] {
  return ESTIMATED_METRICS.map((metric) => {
    const estimated = estimate.estimated[metric];
    const realized = estimate.realized ? estimate.realized[metric] : null;
    const inside = estimated && realized !== null ? estimated.lower <= realized && realized <= estimated.upper : null;
    return { metric: METRIC_LABELS[metric], estimated, realized, inside };
  });
}

/** `/datasets/:id/estimates/:estimateId`: a CBPE estimate with its bands, the realized quality, calibration and warnings. */
@Component({
  selector: 'sam-estimate-page',
  imports: [RouterLink, ErrorState, LoadingState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './estimate-page.html',
  styleUrl: './estimate-page.scss',
})
export class EstimatePage {
  private readonly estimatesApi = inject(PerformanceEstimatesApi);
  private readonly datasetsApi = inject(DatasetsApi);

  /** Route parameters. */
  readonly id = input.required<string>();
  readonly estimateId = input.required<string>();

  protected readonly formatDateTime = formatDateTime;
  protected readonly formatMetric = formatMetric;
  protected readonly formatNumber = formatNumber;

  protected readonly estimate = rxResource({ params: () => this.estimateId(), stream: ({ params }) => this.estimatesApi.get(params) });
  protected readonly error = computed(() => displayedErrorOf(this.estimate));
  protected readonly rows = computed(() => (this.estimate.hasValue() ? estimateRows(this.estimate.value()) : []));
  protected readonly datasetNames = rxResource({
    params: () =>
      this.estimate.hasValue()
        ? { reference: this.estimate.value().referenceDatasetId, current: this.estimate.value().currentDatasetId }
        : undefined,
    stream: ({ params }) => {
      const name = (id: string) =>
        this.datasetsApi.get(id).pipe(
          map((dataset) => dataset.name),
          catchError(() => of(null)),
        );
      return forkJoin({ reference: name(params.reference), current: name(params.current) });
    },
  });

  protected calibrationSentence(estimate: PerformanceEstimateDto): string {
    const { method, eceBefore, eceAfter } = estimate.calibration;
    const before = `Expected calibration error of the model's probabilities on the reference: ${formatMetric(eceBefore)} as given`;
    if (method === 'none') return `${before} (used without calibration).`;
    return `${before}, ${formatMetric(eceAfter)} after isotonic calibration (measured on the rows it was fitted on, so optimistic).`;
  }

  /** Left offset and width of a band in a 0–1 bar, in percent. */
  protected bandStyle(band: EstimatedMetricDto): { left: string; width: string } {
    return { left: `${band.lower * 100}%`, width: `${Math.max(0.5, (band.upper - band.lower) * 100)}%` };
  }
}
