import { ChangeDetectionStrategy, Component, computed, DOCUMENT, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatTabsModule } from '@angular/material/tabs';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
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

/** The dataset page's tabs, as named in its URL (`?tab=rows`). */
export const DATASET_TABS = ['profile', 'rows', 'quality'] as const;

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
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  /** Route parameter `:id`. */
  readonly id = input.required<string>();
  /** Query parameter `tab` (`profile`, `rows`, `quality`): the view lives in the URL, so a link opens the same tab. */
  readonly tab = input<string>();
  /** Query parameter `column`: the column whose distribution is drawn. */
  readonly column = input<string>();
  protected readonly tabIndex = computed(() =>
    Math.max(0, DATASET_TABS.indexOf((this.tab() ?? 'profile') as (typeof DATASET_TABS)[number])),
  );

  protected readonly dataset = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.get(params) });
  protected readonly error = computed(() => displayedErrorOf(this.dataset));
  protected readonly profile = computed(() => (this.dataset.hasValue() ? this.dataset.value().profile : []));
  protected readonly roles = computed(() => {
    const columns = this.dataset.hasValue() ? this.dataset.value().columns : [];
    return new Map(columns.map((column) => [column.name, column.role]));
  });
  /** The column whose distribution is drawn: the first one until the user picks another. */
  readonly selectedColumn = linkedSignal(() => {
    const linked = this.column();
    return this.profile().find((column) => column.name === linked)?.name ?? this.profile()[0]?.name ?? null;
  });

  protected selectTab(index: number): void {
    this.updateUrl({ tab: index === 0 ? null : (DATASET_TABS[index] ?? null) });
  }

  protected selectColumn(name: string): void {
    this.selectedColumn.set(name);
    this.updateUrl({ column: name });
  }

  private updateUrl(queryParams: Record<string, string | null>): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams, queryParamsHandling: 'merge', replaceUrl: true });
  }
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
