import { ChangeDetectionStrategy, Component, computed, inject, OnInit } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { RouterLink } from '@angular/router';
import { RuntimeConfig } from '../../core/config/runtime-config';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';
import { Sparkline } from '../../shared/ui/sparkline';
import { formatNumber } from '../../shared/format';
import { lowerIsBetter } from '@stress/contracts';
import { MetricChange } from './overview-logic';
import { OverviewStore } from './overview-store';
import { FORMAT_PIPES } from '../../shared/format.pipes';

/** `/`: every model at a glance, those needing attention first. */

@Component({
  selector: 'sam-overview-page',
  imports: [...FORMAT_PIPES, RouterLink, MatCardModule, MatButtonModule, EmptyState, ErrorState, LoadingState, Sparkline],
  providers: [OverviewStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './overview-page.html',
  styleUrl: './overview-page.scss',
})
export class OverviewPage implements OnInit {
  protected readonly store = inject(OverviewStore);
  protected readonly docsUrl = `${inject(RuntimeConfig).apiUrl('')}/api/docs`;
  protected readonly needingAttention = computed(() => (this.store.cards() ?? []).filter((card) => card.attention.level !== 'ok').length);

  ngOnInit(): void {
    void this.store.load();
  }

  protected changeText(change: MetricChange): string {
    if (change.delta === null) return 'no value 7 days earlier';
    const sign = change.delta > 0 ? '+' : change.delta < 0 ? '−' : '±';
    const relative = change.relative === null ? '' : ` (${sign}${Math.abs(change.relative * 100).toFixed(1)}%)`;
    return `${sign}${formatNumber(Math.abs(change.delta))}${relative}`;
  }

  protected changeDescription(change: MetricChange): string {
    if (change.trend === null) return `${change.name}: no value 7 days earlier to compare with`;
    const direction = change.trend === 'same' ? 'about the same as' : change.trend === 'better' ? 'better than' : 'worse than';
    return `${change.name} is ${direction} 7 days earlier (${formatNumber(change.before)}), ${lowerIsBetter(change.name) ? 'lower is better' : 'higher is better'}`;
  }

  protected sparklineLabel(metric: string, values: number[]): string {
    if (values.length === 0) return `${metric}: no points in the last 7 days`;
    return `${metric} over the last 7 days, from ${formatNumber(values[0])} to ${formatNumber(values[values.length - 1])}, between ${formatNumber(Math.min(...values))} and ${formatNumber(Math.max(...values))}`;
  }
}
