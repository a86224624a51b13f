import { ChangeDetectionStrategy, Component, computed, input, ViewEncapsulation } from '@angular/core';
import { BarChartModule, Color, ScaleType } from '@swimlane/ngx-charts';
import type { ColumnProfileDto } from '@stress/contracts';
import { formatNumber } from '../../shared/format';
import { binLabels, dedupe } from './histogram-bins';
import { FORMAT_PIPES } from '../../shared/format.pipes';

/** The distribution of one profiled column: a histogram (numerical) or its most frequent values (categorical). */

@Component({
  selector: 'sam-column-profile-chart',
  imports: [...FORMAT_PIPES, BarChartModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  template: `
    @if (histogram().length > 0) {
      <figure class="profile-chart">
        <figcaption>Histogram of {{ profile().name }} ({{ histogram().length }} bins, {{ profile().count | samNumber }} values)</figcaption>
        <div class="profile-chart__plot sam-chart" data-testid="profile-histogram">
          <ngx-charts-bar-vertical
            [results]="histogram()"
            [xAxis]="true"
            [yAxis]="true"
            [animations]="false"
            [barPadding]="1"
            [trimXAxisTicks]="true"
            [maxXAxisTickLength]="12"
            [yAxisTickFormatting]="formatValue"
            [scheme]="scheme"
          />
        </div>
      </figure>
    } @else if (top().length > 0) {
      <figure class="profile-chart">
        <figcaption>Most frequent values of {{ profile().name }} ({{ profile().distinct | samNumber }} distinct)</figcaption>
        <div class="profile-chart__plot sam-chart" [style.height.px]="topHeight()" data-testid="profile-top-values">
          <ngx-charts-bar-horizontal
            [results]="top()"
            [xAxis]="true"
            [yAxis]="true"
            [animations]="false"
            [trimYAxisTicks]="true"
            [maxYAxisTickLength]="18"
            [xAxisTickFormatting]="formatValue"
            [scheme]="scheme"
          />
        </div>
      </figure>
    } @else {
      <p class="profile-chart__none">No distribution to draw for {{ profile().name }} (no values, or a {{ profile().type }} column).</p>
    }
  `,
  styleUrl: './column-profile-chart.scss',
})
export class ColumnProfileChart {
  readonly profile = input.required<ColumnProfileDto>();

  /** One colour: bars of one column, not categories to tell apart. */
  protected readonly scheme: Color = { name: 'profile', selectable: false, group: ScaleType.Ordinal, domain: ['#3d7bd9'] };
  protected readonly formatValue = (value: number): string => formatNumber(value);

  protected readonly histogram = computed(() => {
    const histogram = this.profile().histogram;
    if (!histogram || histogram.counts.length === 0) return [];
    const labels = binLabels(histogram.edges);
    return histogram.counts.map((count, index) => ({ name: labels[index], value: count }));
  });
  protected readonly top = computed(() => {
    const top = this.profile().top ?? [];
    const labels = dedupe(top.map((entry) => (entry.value === '' ? '(empty)' : entry.value)));
    return top.map((entry, index) => ({ name: labels[index], value: entry.count }));
  });
  protected readonly topHeight = computed(() => Math.max(160, this.top().length * 24 + 60));
}
