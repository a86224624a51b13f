import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import { ApiKeyRole, DatasetRole } from '@stress/contracts';
import type { CreateDriftReportDto, DatasetSummaryDto, DriftStatTest } from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { DatasetsApi } from '../../api/datasets-api';
import { DriftApi } from '../../api/drift-api';
import { roleGate } from '../../shared/auth/role-gate';
import { DisplayedError, displayedErrorOf, toDisplayedError } from '../../core/http/api-error';
import { formatNumber } from '../../shared/format';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { ModelPicker } from '../../shared/ui/model-picker';
import { LoadingState } from '../../shared/ui/loading-state';
import { FORMAT_PIPES } from '../../shared/format.pipes';

/**
 * The tests a report may force, with what they are. A Record over the contract's type, so a test
 * added there fails the build here until it is offered. (The contract's own list lives in a file of
 * decorated DTO classes, which the browser bundle must not load.)
 */
const STAT_TEST_LABELS: Record<DriftStatTest, string> = {
  ks: 'ks: Kolmogorov–Smirnov (p-value)',
  chisquare: 'chisquare: chi-square (p-value)',
  z: 'z: two-proportion z-test (p-value)',
  wasserstein: 'wasserstein: normed Wasserstein distance',
  jensenshannon: 'jensenshannon: Jensen–Shannon distance',
  psi: 'psi: population stability index',
};
const STAT_TEST_OPTIONS = (Object.keys(STAT_TEST_LABELS) as DriftStatTest[]).map((test) => ({ test, label: STAT_TEST_LABELS[test] }));

/** Newest dataset of a role, for the defaults of the two pickers. */
function newestOfRole(datasets: readonly DatasetSummaryDto[], role: DatasetRole): string {
  const matching = datasets.filter((dataset) => dataset.role === role);
  const newest = matching.reduce<DatasetSummaryDto | null>(
    (best, dataset) => (best === null || dataset.createdAt > best.createdAt ? dataset : best),
    null,
  );
  return newest?.id ?? '';
}

/** `/drift?model=`: run a report between a reference and a current dataset; the reports run before. */

@Component({
  selector: 'sam-drift-page',
  imports: [
    ...FORMAT_PIPES,
    FormsModule,
    RouterLink,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    EmptyState,
    ErrorState,
    ModelPicker,
    LoadingState,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './drift-page.html',
  styleUrl: './drift-page.scss',
})
export class DriftPage {
  private readonly driftApi = inject(DriftApi);
  private readonly datasetsApi = inject(DatasetsApi);
  private readonly router = inject(Router);

  /** Query parameter `?model=`. */
  readonly model = input<string | undefined>(undefined);

  protected readonly stattests = STAT_TEST_OPTIONS;
  /** Editors and admins act here; viewers read (the API enforces it too). */
  protected readonly editGate = roleGate(ApiKeyRole.Editor);

  readonly modelFilter = linkedSignal(() => this.model() ?? '');
  protected readonly datasets = rxResource({
    params: () => ({ model: this.modelFilter(), limit: 200 }),
    stream: ({ params }) => this.datasetsApi.list(params),
  });
  protected readonly datasetList = computed(() => (this.datasets.hasValue() ? this.datasets.value().items : []));
  protected readonly datasetsError = computed(() => displayedErrorOf(this.datasets));

  readonly referenceId = linkedSignal(() => newestOfRole(this.datasetList(), DatasetRole.Reference));
  readonly currentId = linkedSignal(() => newestOfRole(this.datasetList(), DatasetRole.Current));
  readonly stattest = signal<DriftStatTest | ''>('');
  readonly threshold = signal<number | null>(null);
  readonly driftShare = signal<number | null>(null);
  protected readonly running = signal(false);
  protected readonly runError = signal<DisplayedError | null>(null);

  readonly formProblem = computed(() => {
    if (this.referenceId() === '' || this.currentId() === '') return 'Pick a reference and a current dataset.';
    if (this.referenceId() === this.currentId()) return 'Pick two different datasets.';
    const threshold = this.threshold();
    if (threshold !== null && !(threshold >= 0)) return 'The threshold must be a number ≥ 0.';
    const share = this.driftShare();
    if (share !== null && !(share >= 0 && share <= 1)) return 'The drift share must be between 0 and 1.';
    return null;
  });

  readonly reportsPage = linkedSignal({ source: () => this.modelFilter(), computation: () => 0 });
  protected readonly reportsPageSize = 20;
  protected readonly reports = rxResource({
    params: () => ({
      model: this.modelFilter() || undefined,
      limit: this.reportsPageSize,
      offset: this.reportsPage() * this.reportsPageSize,
    }),
    stream: ({ params }) => this.driftApi.list(params),
  });
  protected readonly reportsError = computed(() => displayedErrorOf(this.reports));

  protected setModel(model: string): void {
    this.modelFilter.set(model);
    void this.router.navigate([], { queryParams: { model: model || null }, replaceUrl: true });
  }

  protected datasetLabel(dataset: DatasetSummaryDto): string {
    const model = dataset.model ? ` · ${dataset.model} ${dataset.version ?? ''}`.trimEnd() : '';
    return `${dataset.name} (${dataset.role}${model} · ${formatNumber(dataset.rowCount)} rows)`;
  }

  async run(): Promise<void> {
    if (this.formProblem() !== null || this.running()) return;
    const body: CreateDriftReportDto = { referenceDatasetId: this.referenceId(), currentDatasetId: this.currentId() };
    if (this.stattest() !== '') body.stattest = this.stattest() as DriftStatTest;
    if (this.threshold() !== null) body.threshold = this.threshold() as number;
    if (this.driftShare() !== null) body.driftShare = this.driftShare() as number;
    this.running.set(true);
    this.runError.set(null);
    try {
      const report = await firstValueFrom(this.driftApi.create(body));
      await this.router.navigate(['/drift', report.id]);
    } catch (error) {
      this.runError.set(toDisplayedError(error));
    } finally {
      this.running.set(false);
    }
  }

  protected onReportsPage(event: PageEvent): void {
    this.reportsPage.set(event.pageIndex);
  }

  /** `<input type="number">` → number, or null when empty. */
  protected numberOrNull(value: unknown): number | null {
    if (value === null || value === undefined || value === '') return null;
    const number = Number(value);
    return Number.isFinite(number) ? number : Number.NaN;
  }
}
