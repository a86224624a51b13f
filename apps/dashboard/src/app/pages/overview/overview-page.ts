import { ChangeDetectionStrategy, Component, computed, effect, inject, input, linkedSignal, OnInit } from '@angular/core';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { ActivatedRoute, Router } from '@angular/router';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { RuntimeConfig } from '../../core/config/runtime-config';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';
import { Sparkline } from '../../shared/ui/sparkline';
import { formatNumber } from '../../shared/format';
import { metricDirection } from '@stress/contracts';
import { MetricChange } from './overview-logic';
import { OverviewStore } from './overview-store';
import { FiringAlertsStore } from '../alerts/firing-alerts-store';
import { FORMAT_PIPES } from '../../shared/format.pipes';

/** `/`: every model at a glance, those needing attention first. */

@Component({
  selector: 'sam-overview-page',
  imports: [
    ...FORMAT_PIPES,
    RouterLink,
    MatCardModule,
    MatButtonModule,
    MatFormFieldModule,
    MatSelectModule,
    EmptyState,
    ErrorState,
    LoadingState,
    Sparkline,
  ],
  providers: [OverviewStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './overview-page.html',
  styleUrl: './overview-page.scss',
})
export class OverviewPage implements OnInit {
  protected readonly store = inject(OverviewStore);
  /** Firing alert rules per model, for the cards' badges (provided by the shell). */
  protected readonly alerts = inject(FiringAlertsStore, { optional: true });
  protected readonly docsUrl = `${inject(RuntimeConfig).apiUrl('')}/api/docs`;
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  /** Query parameter `refresh`: seconds between automatic reloads (30, 60 or 300); absent = off. */
  readonly refresh = input<string>();
  protected readonly autoRefreshChoices = [0, 30, 60, 300] as const;
  readonly autoRefresh = linkedSignal(() => {
    const seconds = Number(this.refresh() ?? 0);
    return (this.autoRefreshChoices as readonly number[]).includes(seconds) ? seconds : 0;
  });
  protected readonly needingAttention = computed(
    () => (this.store.cards() ?? []).filter((card) => card.attention.level === 'attention').length,
  );
  protected readonly worthALook = computed(() => (this.store.cards() ?? []).filter((card) => card.attention.level === 'look').length);

  constructor() {
    effect((onCleanup) => {
      const seconds = this.autoRefresh();
      if (seconds === 0) return;
      const timer = setInterval(() => {
        void this.alerts?.load();
        if (!this.store.loading()) void this.store.load();
      }, seconds * 1000);
      onCleanup(() => clearInterval(timer));
    });
  }

  ngOnInit(): void {
    void this.store.load();
  }

  protected setAutoRefresh(seconds: number): void {
    this.autoRefresh.set(seconds);
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { refresh: seconds === 0 ? null : seconds },
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  }

  protected changeText(change: MetricChange): string {
    if (change.delta === null) return 'not enough history';
    const sign = change.delta > 0 ? '+' : change.delta < 0 ? '−' : '±';
    const relative = change.relative === null ? '' : ` (${sign}${formatNumber(Math.abs(change.relative * 100))}%)`;
    return `${sign}${formatNumber(Math.abs(change.delta))}${relative}`;
  }

  protected changeDescription(change: MetricChange): string {
    const better =
      metricDirection(change.name) === -1
        ? 'lower is better'
        : metricDirection(change.name) === 1
          ? 'higher is better'
          : 'no better direction';
    switch (change.verdict) {
      case 'worse':
      case 'better':
        return `${change.name}: the 24 h mean is ${change.verdict} than the 7 days before, beyond the noise (${better})`;
      case 'steady':
        return `${change.name}: the 24 h mean is within the noise of the 7 days before (${better})`;
      case 'too-few-points':
        return `${change.name}: too few points to judge the change`;
      default:
        return `${change.name}: ${better}, not judged`;
    }
  }

  protected sparklineLabel(metric: string, values: number[]): string {
    if (values.length === 0) return `${metric}: no points in the last 7 days`;
    return `${metric} over the last 7 days, from ${formatNumber(values[0])} to ${formatNumber(values[values.length - 1])}, between ${formatNumber(Math.min(...values))} and ${formatNumber(Math.max(...values))}`;
  }
}
