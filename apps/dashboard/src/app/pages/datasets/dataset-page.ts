import { ChangeDetectionStrategy, Component, computed, DOCUMENT, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatTabsModule } from '@angular/material/tabs';
import { RouterLink } from '@angular/router';
import type { ColumnProfileDto } from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { DatasetsApi } from '../../api/datasets-api';
import { DisplayedError, displayedErrorOf, toDisplayedError } from '../../core/http/api-error';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';
import { ColumnProfileChart } from './column-profile-chart';
import { EstimateQuality } from './estimate-quality';
import { QualityPanel } from './quality-panel';
import { RowsPreview } from './rows-preview';
import { FORMAT_PIPES } from '../../shared/format.pipes';

/** `/datasets/:id`: profile per column, warnings, rows, quality (estimated without labels for current datasets) and the file itself. */
@Component({
  selector: 'sam-dataset-page',
  imports: [
    ...FORMAT_PIPES,
    RouterLink,
    MatButtonModule,
    MatTabsModule,
    ErrorState,
    LoadingState,
    ColumnProfileChart,
    EstimateQuality,
    QualityPanel,
    RowsPreview,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './dataset-page.html',
  styleUrl: './dataset-page.scss',
})
export class DatasetPage {
  private readonly api = inject(DatasetsApi);
  private readonly document = inject(DOCUMENT);

  /** Route parameter `:id`. */
  readonly id = input.required<string>();

  protected readonly dataset = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.get(params) });
  protected readonly error = computed(() => displayedErrorOf(this.dataset));
  protected readonly profile = computed(() => (this.dataset.hasValue() ? this.dataset.value().profile : []));
  protected readonly roles = computed(() => {
    const columns = this.dataset.hasValue() ? this.dataset.value().columns : [];
    return new Map(columns.map((column) => [column.name, column.role]));
  });
  /** The column whose distribution is drawn: the first one until the user picks another. */
  readonly selectedColumn = linkedSignal(() => this.profile()[0]?.name ?? null);
  protected readonly selectedProfile = computed(() => this.profile().find((column) => column.name === this.selectedColumn()) ?? null);

  protected readonly downloading = signal(false);
  protected readonly downloadError = signal<DisplayedError | null>(null);

  protected missingShare(column: ColumnProfileDto): number {
    const total = column.count + column.missing;
    return total === 0 ? 0 : column.missing / total;
  }

  /**
   * The API wants the key in a header, which a plain link cannot send: fetch the CSV as a blob
   * and hand it to the browser through a temporary object URL.
   */
  async download(): Promise<void> {
    if (!this.dataset.hasValue()) return;
    const dataset = this.dataset.value();
    this.downloading.set(true);
    this.downloadError.set(null);
    try {
      const blob = await firstValueFrom(this.api.download(dataset.id));
      const url = URL.createObjectURL(blob);
      const link = this.document.createElement('a');
      link.href = url;
      link.download = `${dataset.name.replace(/[\\/:*?"<>|]+/g, '_')}.csv`;
      this.document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this.downloadError.set(toDisplayedError(error));
    } finally {
      this.downloading.set(false);
    }
  }
}
