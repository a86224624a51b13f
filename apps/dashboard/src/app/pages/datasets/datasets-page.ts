import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { Router, RouterLink } from '@angular/router';
import { ApiKeyRole, DATASET_ROLES, DatasetRole } from '@stress/contracts';
import type { DatasetDto } from '@stress/contracts';
import { DatasetsApi } from '../../api/datasets-api';
import { roleGate } from '../../shared/auth/role-gate';
import { displayedErrorOf } from '../../core/http/api-error';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { ModelPicker } from '../../shared/ui/model-picker';
import { LoadingState } from '../../shared/ui/loading-state';
import { DatasetUpload } from './dataset-upload';
import { FORMAT_PIPES } from '../../shared/format.pipes';

/** `/datasets?model=&role=`: the datasets, filtered, and the upload of a new one. */

@Component({
  selector: 'sam-datasets-page',
  imports: [
    ...FORMAT_PIPES,
    RouterLink,
    MatFormFieldModule,
    MatSelectModule,
    MatTableModule,
    MatPaginatorModule,
    EmptyState,
    ErrorState,
    ModelPicker,
    LoadingState,
    DatasetUpload,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './datasets-page.html',
  styleUrl: './datasets-page.scss',
})
export class DatasetsPage {
  private readonly datasetsApi = inject(DatasetsApi);
  private readonly router = inject(Router);

  /** Query parameters (component input binding), so filters survive reloads and links. */
  readonly model = input<string | undefined>(undefined);
  readonly role = input<string | undefined>(undefined);

  protected readonly roles = DATASET_ROLES;
  protected readonly columns = ['name', 'model', 'role', 'rows', 'size', 'warnings', 'createdAt'];
  /** Editors and admins act here; viewers read (the API enforces it too). */
  protected readonly editGate = roleGate(ApiKeyRole.Editor);

  readonly modelFilter = linkedSignal(() => this.model() ?? '');
  readonly roleFilter = linkedSignal<DatasetRole | ''>(() =>
    DATASET_ROLES.includes(this.role() as DatasetRole) ? (this.role() as DatasetRole) : '',
  );
  readonly pageIndex = linkedSignal({ source: () => [this.modelFilter(), this.roleFilter()], computation: () => 0 });
  readonly pageSize = signal(25);

  protected readonly datasets = rxResource({
    params: () => ({
      model: this.modelFilter(),
      role: this.roleFilter(),
      limit: this.pageSize(),
      offset: this.pageIndex() * this.pageSize(),
    }),
    stream: ({ params }) => this.datasetsApi.list(params),
  });
  protected readonly error = computed(() => displayedErrorOf(this.datasets));
  protected readonly filtered = computed(() => this.modelFilter() !== '' || this.roleFilter() !== '');

  protected setFilter(filter: { model?: string; role?: DatasetRole | '' }): void {
    if (filter.model !== undefined) this.modelFilter.set(filter.model);
    if (filter.role !== undefined) this.roleFilter.set(filter.role);
    void this.router.navigate([], {
      queryParams: { model: this.modelFilter() || null, role: this.roleFilter() || null },
      replaceUrl: true,
    });
  }

  protected onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }

  protected onUploaded(dataset: DatasetDto): void {
    void this.router.navigate(['/datasets', dataset.id]);
  }
}
