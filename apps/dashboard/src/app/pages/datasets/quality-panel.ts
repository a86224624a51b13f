import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { DatasetDto } from '@stress/contracts';
import { of } from 'rxjs';
import { DatasetsApi } from '../../api/datasets-api';
import { displayedErrorOf } from '../../core/http/api-error';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';
import { FORMAT_PIPES } from '../../shared/format.pipes';

/**
 * Classification quality of a dataset with target and prediction columns. Without them the API
 * answers 422; the panel says so (and why) without asking.
 */

@Component({
  selector: 'sam-quality-panel',
  imports: [...FORMAT_PIPES, ErrorState, LoadingState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './quality-panel.html',
  styleUrl: './quality-panel.scss',
})
export class QualityPanel {
  private readonly api = inject(DatasetsApi);
  readonly dataset = input.required<DatasetDto>();

  protected readonly applies = computed(() => Boolean(this.dataset().targetColumn && this.dataset().predictionColumn));
  protected readonly quality = rxResource({
    params: () => (this.applies() ? this.dataset().id : undefined),
    stream: ({ params }) => (params ? this.api.quality(params) : of(null)),
  });
  protected readonly error = computed(() => displayedErrorOf(this.quality));
  protected readonly unprocessable = computed(() => this.error()?.status === 422);
  protected readonly metrics = computed(() => {
    const quality = this.quality.hasValue() ? this.quality.value() : null;
    if (!quality) return [];
    const rows: { label: string; value: number | undefined }[] = [
      { label: 'Accuracy', value: quality.accuracy },
      { label: quality.task === 'binary-classification' ? 'Precision' : 'Precision (macro)', value: quality.precision },
      { label: quality.task === 'binary-classification' ? 'Recall' : 'Recall (macro)', value: quality.recall },
      { label: quality.task === 'binary-classification' ? 'F1' : 'F1 (macro)', value: quality.f1 },
    ];
    if (quality.rocAuc !== undefined && quality.rocAuc !== null) rows.push({ label: 'ROC AUC', value: quality.rocAuc });
    if (quality.logLoss !== undefined && quality.logLoss !== null) rows.push({ label: 'Log loss', value: quality.logLoss });
    return rows;
  });
  /** Largest cell, to shade the confusion matrix by count. */
  protected readonly maxCell = computed(() => {
    const quality = this.quality.hasValue() ? this.quality.value() : null;
    return quality ? Math.max(1, ...quality.confusionMatrix.matrix.flat()) : 1;
  });
}
