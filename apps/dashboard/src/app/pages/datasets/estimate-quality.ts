import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { DatasetRole } from '@stress/contracts';
import type { DatasetDto, DatasetSummaryDto } from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { DatasetsApi } from '../../api/datasets-api';
import { PerformanceEstimatesApi } from '../../api/performance-estimates-api';
import { DisplayedError, toDisplayedError } from '../../core/http/api-error';
import { IfRoleDirective } from '../../shared/auth/if-role.directive';
import { ErrorState } from '../../shared/ui/error-state';
import { formatDateTime } from '../../shared/format';
import { formatMetric } from './estimate-format';

/**
 * On a current dataset of a model: its latest performance estimate and, for editors, "Estimate quality" against the
 * model's reference (the newest reference of the same version, else of any version).
 */
@Component({
  selector: 'sam-estimate-quality',
  imports: [RouterLink, MatButtonModule, IfRoleDirective, ErrorState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="estimate" aria-labelledby="estimate-title" data-testid="estimate-quality">
      <h2 id="estimate-title">Quality without labels</h2>
      @if (latest(); as estimate) {
        <p data-testid="latest-estimate">
          Latest estimate, {{ formatDateTime(estimate.createdAt) }}: accuracy {{ formatMetric(estimate.estimated.accuracy.value) }} (95 %
          band {{ formatMetric(estimate.estimated.accuracy.lower) }}–{{ formatMetric(estimate.estimated.accuracy.upper) }}).
          <a [routerLink]="['/datasets', dataset().id, 'estimates', estimate.id]">See the estimate</a>
        </p>
      } @else if (estimates.hasValue()) {
        <p>No estimate yet: CBPE estimates accuracy, precision, recall, F1, specificity and ROC AUC from the model's probabilities.</p>
      }
      <button *samIfRole="'editor'" mat-flat-button type="button" (click)="estimate()" [disabled]="running()" data-testid="estimate-button">
        {{ running() ? 'Estimating…' : 'Estimate quality' }}
      </button>
      @if (failure()) {
        <sam-error-state [error]="failure()" [retryable]="false" />
      }
    </section>
  `,
  styles: `
    .estimate {
      margin: 12px 0 16px;
    }
    .estimate h2 {
      font: var(--mat-sys-title-small);
      margin: 0 0 6px;
    }
  `,
})
export class EstimateQuality {
  private readonly datasetsApi = inject(DatasetsApi);
  private readonly estimatesApi = inject(PerformanceEstimatesApi);
  private readonly router = inject(Router);

  readonly dataset = input.required<DatasetDto>();

  protected readonly formatDateTime = formatDateTime;
  protected readonly formatMetric = formatMetric;
  protected readonly running = signal(false);
  protected readonly failure = signal<DisplayedError | null>(null);

  protected readonly estimates = rxResource({
    params: () => this.dataset().id,
    stream: ({ params }) => this.estimatesApi.list({ currentDatasetId: params, limit: 1 }),
  });
  protected readonly latest = computed(() => (this.estimates.hasValue() ? (this.estimates.value().items[0] ?? null) : null));

  async estimate(): Promise<void> {
    const dataset = this.dataset();
    this.running.set(true);
    this.failure.set(null);
    try {
      const references = await firstValueFrom(
        this.datasetsApi.list({ model: dataset.model ?? undefined, role: DatasetRole.Reference, limit: 200 }),
      );
      const reference = pickReference(references.items, dataset.version);
      if (!reference) {
        this.failure.set({
          message: `Model "${dataset.model}" has no reference dataset: upload one with role "reference" and its target, prediction and probability columns.`,
          requestId: null,
          status: 0,
        });
        return;
      }
      const created = await firstValueFrom(this.estimatesApi.create({ referenceDatasetId: reference.id, currentDatasetId: dataset.id }));
      await this.router.navigate(['/datasets', dataset.id, 'estimates', created.id]);
    } catch (error) {
      this.failure.set(toDisplayedError(error));
    } finally {
      this.running.set(false);
    }
  }
}

/** The newest reference of `version`, else the newest of any version. */
export function pickReference(references: readonly DatasetSummaryDto[], version: string | null): DatasetSummaryDto | null {
  const newest = (items: readonly DatasetSummaryDto[]) =>
    items.reduce<DatasetSummaryDto | null>((best, item) => (best === null || item.createdAt > best.createdAt ? item : best), null);
  return newest(references.filter((reference) => reference.version === version)) ?? newest(references);
}
