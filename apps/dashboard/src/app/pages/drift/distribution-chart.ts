import { ChangeDetectionStrategy, Component, computed, input, ViewEncapsulation } from '@angular/core';
import { BarChartModule, Color, LegendPosition, ScaleType } from '@swimlane/ngx-charts';
import type { ColumnDriftDto } from '@stress/contracts';
import { formatPercent } from '../../shared/format';
import { binLabels, dedupe } from '../datasets/histogram-bins';

/** Most bins drawn side by side; beyond it, the bins with the largest share on either side. */
export const MAX_DISTRIBUTION_BINS = 40;

export interface DistributionBin {
  name: string;
  series: { name: 'Reference' | 'Current'; value: number }[];
}

/**
 * Reference and current distributions of one column as shares of each sample, so datasets of
 * different sizes compare bin by bin (the report's histograms share their edges or values).
 */
export function distributionBins(column: Pick<ColumnDriftDto, 'reference' | 'current'>): { bins: DistributionBin[]; total: number } {
  const reference = column.reference.histogram;
  const current = column.current.histogram;
  const labels =
    reference.edges && reference.edges.length > 1
      ? binLabels(reference.edges)
      : dedupe((reference.values ?? []).map((value) => (value === '' ? '(empty)' : value)));
  const refTotal = sum(reference.counts);
  const curTotal = sum(current.counts);
  const bins = labels.map((name, index) => ({
    name,
    series: [
      { name: 'Reference' as const, value: refTotal > 0 ? (reference.counts[index] ?? 0) / refTotal : 0 },
      { name: 'Current' as const, value: curTotal > 0 ? (current.counts[index] ?? 0) / curTotal : 0 },
    ],
  }));
  if (bins.length <= MAX_DISTRIBUTION_BINS || (reference.edges && reference.edges.length > 1)) return { bins, total: bins.length };
  // Many categories: keep the largest, in their original order.
  const keep = new Set(
    [...bins]
      .sort((a, b) => Math.max(b.series[0].value, b.series[1].value) - Math.max(a.series[0].value, a.series[1].value))
      .slice(0, MAX_DISTRIBUTION_BINS)
      .map((bin) => bin.name),
  );
  return { bins: bins.filter((bin) => keep.has(bin.name)), total: bins.length };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

@Component({
  selector: 'sam-distribution-chart',
  imports: [BarChartModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  encapsulation: ViewEncapsulation.None,
  template: `
    <figure class="distribution">
      <figcaption>
        Share of values per {{ column().type === 'numerical' ? 'bin' : 'value' }} in the reference and current datasets
        @if (data().bins.length < data().total) {
          ({{ data().bins.length }} largest of {{ data().total }} values)
        }
      </figcaption>
      <div class="distribution__plot sam-chart" data-testid="distribution-chart">
        <ngx-charts-bar-vertical-2d
          [results]="data().bins"
          [scheme]="scheme"
          [xAxis]="true"
          [yAxis]="true"
          [legend]="true"
          legendTitle="Dataset"
          [legendPosition]="legendRight"
          [animations]="false"
          [groupPadding]="4"
          [barPadding]="1"
          [trimXAxisTicks]="true"
          [maxXAxisTickLength]="12"
          [yAxisTickFormatting]="formatShare"
        />
      </div>
    </figure>
  `,
  styleUrl: './distribution-chart.scss',
})
export class DistributionChart {
  readonly column = input.required<ColumnDriftDto>();

  protected readonly legendRight = LegendPosition.Right;
  protected readonly data = computed(() => distributionBins(this.column()));
  protected readonly formatShare = (value: number): string => formatPercent(value, 0);
  /** Blue for reference, orange for current: distinct for colour-blind readers too. */
  protected readonly scheme: Color = { name: 'drift', selectable: false, group: ScaleType.Ordinal, domain: ['#3d7bd9', '#e07b24'] };
}
