import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import type { ColumnDriftDto } from '@stress/contracts';
import { catchError, forkJoin, map, of } from 'rxjs';
import { DatasetsApi } from '../../api/datasets-api';
import { DriftApi } from '../../api/drift-api';
import { displayedErrorOf } from '../../core/http/api-error';
import { formatNumber, formatPValue } from '../../shared/format';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';
import { DistributionChart } from './distribution-chart';
import { DriftColumnsTable } from './drift-columns-table';
import { sortColumns } from './drift-score';
import { FORMAT_PIPES } from '../../shared/format.pipes';

/** `/drift/:id`: the dataset verdict, the columns by drift, and the distributions of the column picked. */

@Component({
  selector: 'sam-drift-report-page',
  imports: [...FORMAT_PIPES, RouterLink, ErrorState, LoadingState, DriftColumnsTable, DistributionChart],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './drift-report-page.html',
  styleUrl: './drift-report-page.scss',
})
export class DriftReportPage {
  private readonly drift = inject(DriftApi);
  private readonly datasets = inject(DatasetsApi);

  /** Route parameter `:id`. */
  readonly id = input.required<string>();

  protected readonly report = rxResource({ params: () => this.id(), stream: ({ params }) => this.drift.get(params) });
  protected readonly error = computed(() => displayedErrorOf(this.report));
  /** Dataset names for the header; a dataset deleted since the report shows by its id. */
  protected readonly datasetNames = rxResource({
    params: () =>
      this.report.hasValue()
        ? { reference: this.report.value().referenceDatasetId, current: this.report.value().currentDatasetId }
        : undefined,
    stream: ({ params }) => {
      const name = (id: string) =>
        this.datasets.get(id).pipe(
          map((dataset) => dataset.name),
          catchError(() => of(null)),
        );
      return forkJoin({ reference: name(params.reference), current: name(params.current) });
    },
  });

  /** Most drifted column first, until the user picks another. */
  readonly selectedColumn = linkedSignal(() => {
    if (!this.report.hasValue()) return null;
    return sortColumns(this.report.value().columns, 'drift', 'desc')[0]?.column ?? null;
  });
  protected readonly selected = computed(() => {
    if (!this.report.hasValue()) return null;
    return this.report.value().columns.find((column) => column.column === this.selectedColumn()) ?? null;
  });

  protected columnSummary(column: ColumnDriftDto): string {
    const parts = [`${column.stattest} statistic ${formatNumber(column.statistic)}`];
    if (column.pValue !== null) parts.push(`p-value ${formatPValue(column.pValue)}`);
    parts.push(`threshold ${formatNumber(column.threshold)}`);
    return `${parts.join(', ')}:`;
  }
}
