import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal, ViewEncapsulation } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { BarChartModule, Color, LegendPosition, LineChartModule, ScaleType } from '@swimlane/ngx-charts';
import { ApiKeyRole } from '@stress/contracts';
import type { ModelVersionSummaryDto, MonitoringConfigDto } from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { MonitoringApi } from '../../../api/monitoring-api';
import { DisplayedError, displayedErrorOf, toDisplayedError } from '../../../core/http/api-error';
import { roleGate } from '../../../shared/auth/role-gate';
import { formatNumber, formatPercent, formatPValue } from '../../../shared/format';
import { FORMAT_PIPES } from '../../../shared/format.pipes';
import { EmptyState } from '../../../shared/ui/empty-state';
import { ErrorState } from '../../../shared/ui/error-state';
import { LoadingState } from '../../../shared/ui/loading-state';
import { DistributionChart } from '../../drift/distribution-chart';
import { DriftColumnsTable } from '../../drift/drift-columns-table';
import { MonitoringSettings } from './monitoring-settings';
import {
  actualCoverage,
  headlineQuality,
  buildDriftHeatmap,
  HeatmapCell,
  qualityLines,
  STATUS_HINTS,
  statusCounts,
  volumeBars,
  WINDOW_WIDTH_MS,
  windowLabel,
} from './production-logic';

/**
 * A model version's production monitoring: predictions and labels per window, a drift heatmap (columns ×
 * windows; a cell opens the window's histograms), quality over time, each window's status, a recompute
 * button and the monitoring settings. The production version by default; any version can be picked.
 */
@Component({
  selector: 'sam-production-view',
  imports: [
    ...FORMAT_PIPES,
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
    BarChartModule,
    LineChartModule,
    EmptyState,
    ErrorState,
    LoadingState,
    DistributionChart,
    DriftColumnsTable,
    MonitoringSettings,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  templateUrl: './production-view.html',
  styleUrl: './production-view.scss',
})
export class ProductionView {
  private readonly monitoring = inject(MonitoringApi);

  readonly model = input.required<string>();
  readonly versions = input.required<readonly ModelVersionSummaryDto[]>();
  readonly productionVersion = input<string | null>(null);

  protected readonly editGate = roleGate(ApiKeyRole.Editor);
  protected readonly legendBelow = LegendPosition.Below;
  protected readonly statusHints = STATUS_HINTS;
  /** Labelled rows in blue, unlabelled in orange (as reference/current in drift charts: distinct for colour-blind readers). */
  protected readonly volumeScheme: Color = { name: 'volume', selectable: false, group: ScaleType.Ordinal, domain: ['#3d7bd9', '#e07b24'] };

  /** The production version, else the newest. */
  readonly version = linkedSignal(() => this.productionVersion() ?? this.versions()[0]?.version ?? '');

  protected readonly windows = rxResource({
    params: () => (this.version() ? { model: this.model(), version: this.version() } : undefined),
    stream: ({ params }) => this.monitoring.windows(params.model, params.version),
  });
  /**
   * The settings are read once the version has windows (monitoring is on) or someone opens them: a version
   * without a configuration answers 404, which the browser reports on the console for every page view.
   */
  readonly settingsOpen = linkedSignal<string, boolean>({ source: () => this.version(), computation: () => false });
  protected readonly config = rxResource({
    params: () =>
      this.version() && (this.windowList().length > 0 || this.settingsOpen())
        ? { model: this.model(), version: this.version() }
        : undefined,
    stream: ({ params }) => this.monitoring.getConfig(params.model, params.version),
  });
  protected readonly configError = computed(() => displayedErrorOf(this.config));
  protected readonly windowsError = computed(() => displayedErrorOf(this.windows));
  protected readonly configValue = computed<MonitoringConfigDto | null>(() => (this.config.hasValue() ? this.config.value() : null));
  protected readonly windowList = computed(() => (this.windows.hasValue() ? this.windows.value().items : []));
  private readonly widthMs = computed(() => {
    const config = this.configValue();
    if (config) return WINDOW_WIDTH_MS[config.window];
    const first = this.windowList()[0];
    return first ? Date.parse(first.end) - Date.parse(first.start) : WINDOW_WIDTH_MS['1d'];
  });

  readonly heatmap = computed(() => buildDriftHeatmap(this.windowList(), this.widthMs()));
  protected readonly volume = computed(() => volumeBars(this.windowList(), this.widthMs()));
  protected readonly quality = computed(() => qualityLines(this.windowList()));
  protected readonly statuses = computed(() => statusCounts(this.windowList()));

  /** The window (and column) whose histograms are open. */
  readonly selectedStart = linkedSignal<string, string | null>({ source: () => this.version(), computation: () => null });
  readonly selectedColumn = signal<string | null>(null);
  protected readonly detail = rxResource({
    params: () => {
      const start = this.selectedStart();
      return start ? { model: this.model(), version: this.version(), start } : undefined;
    },
    stream: ({ params }) => this.monitoring.window(params.model, params.version, params.start),
  });
  protected readonly detailError = computed(() => displayedErrorOf(this.detail));
  protected readonly detailColumns = computed(() => (this.detail.hasValue() ? (this.detail.value().drift?.columns ?? []) : []));
  protected readonly detailColumn = computed(() => this.detailColumns().find((column) => column.column === this.selectedColumn()) ?? null);

  protected readonly recomputing = signal(false);
  protected readonly recomputeNotice = signal<string | null>(null);
  protected readonly recomputeError = signal<DisplayedError | null>(null);

  protected readonly formatCount = (value: number): string => formatNumber(value);
  protected readonly formatShare = (value: number): string => formatPercent(value, 0);
  protected readonly formatDay = (value: Date | string): string => windowLabel(new Date(value).toISOString(), this.widthMs());
  protected readonly coverage = actualCoverage;
  protected readonly headline = headlineQuality;

  protected open(cell: HeatmapCell): void {
    this.selectedStart.set(cell.start);
    this.selectedColumn.set(cell.column);
  }

  protected openWindow(start: string): void {
    this.selectedStart.set(start);
    this.selectedColumn.set(null);
  }

  protected windowName(start: string): string {
    return windowLabel(start, this.widthMs());
  }

  protected cellLabel(column: string, label: string, cell: HeatmapCell | null): string {
    if (!cell) return `${column}, ${label}: no drift computed`;
    const measure =
      cell.pValue === null ? `${cell.stattest} ${formatNumber(cell.statistic)}` : `${cell.stattest} p=${formatPValue(cell.pValue)}`;
    return `${column}, ${label}: ${cell.drifted ? 'drift' : 'no drift'} (${measure})`;
  }

  async recompute(): Promise<void> {
    if (!this.editGate.allowed() || this.recomputing()) return;
    this.recomputing.set(true);
    this.recomputeNotice.set(null);
    this.recomputeError.set(null);
    try {
      const result = await firstValueFrom(this.monitoring.recompute(this.model(), this.version()));
      this.recomputeNotice.set(`${result.windows} window(s) queued for recomputation; Refresh shows the new results.`);
      this.windows.reload();
    } catch (error) {
      this.recomputeError.set(toDisplayedError(error));
    } finally {
      this.recomputing.set(false);
    }
  }

  protected onSaved(): void {
    this.config.reload();
    this.windows.reload();
  }
}
