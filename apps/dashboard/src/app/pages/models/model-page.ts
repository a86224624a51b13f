import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { ApiKeyRole } from '@stress/contracts';
import { DatasetsApi } from '../../api/datasets-api';
import { DriftApi } from '../../api/drift-api';
import { ModelsApi } from '../../api/models-api';
import { roleGate } from '../../shared/auth/role-gate';
import { displayedErrorOf } from '../../core/http/api-error';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';
import { MetricChart } from './metric-chart';
import { ProductionView } from './production/production-view';
import { VersionsPanel } from './versions-panel';
import { FORMAT_PIPES } from '../../shared/format.pipes';

/** `/models/:name`: one model's versions and stages, its metrics over time, its datasets and drift reports. */

@Component({
  selector: 'sam-model-page',
  imports: [...FORMAT_PIPES, RouterLink, MatCardModule, EmptyState, ErrorState, LoadingState, MetricChart, VersionsPanel, ProductionView],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './model-page.html',
  styleUrl: './model-page.scss',
})
export class ModelPage {
  private readonly models = inject(ModelsApi);
  private readonly datasetsApi = inject(DatasetsApi);
  private readonly driftApi = inject(DriftApi);

  /** Route parameter `:name` (component input binding). */
  readonly name = input.required<string>();

  /** Editors and admins act here; viewers read (the API enforces it too). */
  protected readonly editGate = roleGate(ApiKeyRole.Editor);

  protected readonly model = rxResource({ params: () => this.name(), stream: ({ params }) => this.models.get(params) });
  protected readonly versions = rxResource({ params: () => this.name(), stream: ({ params }) => this.models.versions(params) });
  protected readonly metricNames = rxResource({ params: () => this.name(), stream: ({ params }) => this.models.metricNames(params) });
  protected readonly latest = rxResource({ params: () => this.name(), stream: ({ params }) => this.models.latestMetrics(params) });
  protected readonly datasets = rxResource({
    params: () => this.name(),
    stream: ({ params }) => this.datasetsApi.list({ model: params, limit: 20 }),
  });
  protected readonly reports = rxResource({
    params: () => this.name(),
    stream: ({ params }) => this.driftApi.list({ model: params, limit: 10 }),
  });

  protected readonly modelError = computed(() => displayedErrorOf(this.model));
  protected readonly versionsError = computed(() => displayedErrorOf(this.versions));
  protected readonly latestError = computed(() => displayedErrorOf(this.latest));
  protected readonly datasetsError = computed(() => displayedErrorOf(this.datasets));
  protected readonly reportsError = computed(() => displayedErrorOf(this.reports));

  protected readonly versionList = computed(() => (this.versions.hasValue() ? this.versions.value().items : []));
  protected readonly metricNameList = computed(() => (this.metricNames.hasValue() ? this.metricNames.value().items : []));

  /** Latest values as a grid: one row per metric, one column per version (newest version first). */
  protected readonly latestGrid = computed(() => {
    if (!this.latest.hasValue()) return { versions: [] as string[], rows: [] as { name: string; values: (number | null)[] }[] };
    const items = this.latest.value().items;
    const order = this.versionList().map((version) => version.version);
    const versions = [...new Set(items.map((item) => item.version))].sort((a, b) => rank(order, a) - rank(order, b));
    const names = [...new Set(items.map((item) => item.name))].sort();
    const byKey = new Map(items.map((item) => [`${item.name}\u0000${item.version}`, item.value]));
    return {
      versions,
      rows: names.map((name) => ({ name, values: versions.map((version) => byKey.get(`${name}\u0000${version}`) ?? null) })),
    };
  });
  protected readonly latestAt = computed(() => {
    if (!this.latest.hasValue() || this.latest.value().items.length === 0) return null;
    return this.latest.value().items.reduce((newest, item) => (item.timestamp > newest ? item.timestamp : newest), '');
  });

  protected onStageChanged(): void {
    this.model.reload();
    this.versions.reload();
  }
}

function rank(order: string[], version: string): number {
  const index = order.indexOf(version);
  return index === -1 ? order.length : index;
}
