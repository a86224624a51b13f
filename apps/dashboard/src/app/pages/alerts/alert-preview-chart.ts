import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { formatDuration } from '@stress/contracts';
import type { AlertOperator, AlertPreviewSpanDto, AlertPreviewStepDto, MetricSeriesPointDto } from '@stress/contracts';
import { formatDateTime, formatNumber } from '../../shared/format';
import { clipSpans, linePath, OPERATOR_SYMBOLS, spansDuration, valueDomain } from './alert-view';

/** The drawing's coordinate box; the SVG stretches it to the width it gets (lines keep their width). */
const WIDTH = 1000;
const HEIGHT = 240;

/**
 * A rule's preview over a period: the metric (bucket means, thin), the rule's evaluated value at each step
 * (its aggregate over its window), the threshold as a dashed line, and the spans the rule would have fired in
 * shaded. A plain SVG (no chart library): it stretches to any width, so it fits a phone.
 */
@Component({
  selector: 'sam-alert-preview-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <figure class="chart">
      <figcaption class="chart__caption" data-testid="preview-summary">{{ summary() }}</figcaption>
      <div class="chart__plot">
        <span class="chart__y chart__y--max" aria-hidden="true">{{ formatValue(domain().max) }}</span>
        <span class="chart__y chart__y--min" aria-hidden="true">{{ formatValue(domain().min) }}</span>
        <svg
          [attr.viewBox]="'0 0 ' + width + ' ' + height"
          preserveAspectRatio="none"
          role="img"
          [attr.aria-label]="summary()"
          data-testid="preview-chart"
        >
          @for (span of spanBoxes(); track span.x) {
            <rect class="chart__span" [attr.x]="span.x" y="0" [attr.width]="span.width" [attr.height]="height" data-testid="preview-span" />
          }
          <path class="chart__metric" [attr.d]="metricPath()" vector-effect="non-scaling-stroke" />
          <path class="chart__value" [attr.d]="valuePath()" vector-effect="non-scaling-stroke" />
          <line
            class="chart__threshold"
            x1="0"
            [attr.x2]="width"
            [attr.y1]="thresholdY()"
            [attr.y2]="thresholdY()"
            vector-effect="non-scaling-stroke"
            data-testid="preview-threshold"
          />
        </svg>
      </div>
      <div class="chart__x" aria-hidden="true">
        <span>{{ formatTime(from()) }}</span
        ><span>{{ formatTime(to()) }}</span>
      </div>
      <ul class="chart__legend">
        <li><span class="chart__key chart__key--value"></span>{{ metric() }} ({{ agg() }} over the rule's window), at each step</li>
        @if (series().length > 0) {
          <li><span class="chart__key chart__key--metric"></span>{{ metric() }}, mean per bucket</li>
        }
        <li><span class="chart__key chart__key--threshold"></span>threshold: breached when {{ operatorText() }}</li>
        <li><span class="chart__key chart__key--span"></span>would have fired</li>
      </ul>
    </figure>
  `,
  styles: `
    :host {
      display: block;
    }
    .chart {
      margin: 0;
    }
    .chart__caption {
      font-size: 0.9rem;
      margin-bottom: 6px;
    }
    .chart__plot {
      position: relative;
      padding-left: 4px;
    }
    svg {
      display: block;
      width: 100%;
      height: 240px;
      border-left: 1px solid var(--mat-sys-outline-variant);
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .chart__y {
      position: absolute;
      left: 8px;
      font-size: 0.75rem;
      color: var(--mat-sys-on-surface-variant);
      background: var(--mat-sys-surface);
      padding: 0 2px;
    }
    .chart__y--max {
      top: 0;
    }
    .chart__y--min {
      bottom: 0;
    }
    .chart__x {
      display: flex;
      justify-content: space-between;
      gap: 8px;
      font-size: 0.75rem;
      color: var(--mat-sys-on-surface-variant);
    }
    .chart__span {
      fill: var(--mat-sys-error);
      opacity: 0.16;
    }
    .chart__metric {
      fill: none;
      stroke: var(--mat-sys-outline);
      stroke-width: 1;
    }
    .chart__value {
      fill: none;
      stroke: var(--mat-sys-primary);
      stroke-width: 2;
    }
    .chart__threshold {
      stroke: var(--mat-sys-error);
      stroke-width: 1.5;
      stroke-dasharray: 6 4;
    }
    .chart__legend {
      list-style: none;
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      padding: 0;
      margin: 8px 0 0;
      font-size: 0.8rem;
    }
    .chart__key {
      display: inline-block;
      width: 16px;
      height: 10px;
      margin-right: 6px;
      vertical-align: middle;
    }
    .chart__key--value {
      border-top: 2px solid var(--mat-sys-primary);
      height: 0;
    }
    .chart__key--metric {
      border-top: 1px solid var(--mat-sys-outline);
      height: 0;
    }
    .chart__key--threshold {
      border-top: 2px dashed var(--mat-sys-error);
      height: 0;
    }
    .chart__key--span {
      background: color-mix(in srgb, var(--mat-sys-error) 16%, transparent);
    }
  `,
})
export class AlertPreviewChart {
  /** The period shown, epoch ms. */
  readonly from = input.required<number>();
  readonly to = input.required<number>();
  readonly steps = input.required<readonly AlertPreviewStepDto[]>();
  readonly firing = input.required<readonly AlertPreviewSpanDto[]>();
  readonly threshold = input.required<number>();
  readonly op = input.required<AlertOperator>();
  readonly metric = input.required<string>();
  readonly agg = input.required<string>();
  /** The metric's bucket means over the period (may be empty). */
  readonly series = input<readonly MetricSeriesPointDto[]>([]);

  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;

  protected readonly domain = computed(() =>
    valueDomain(
      [...this.steps().flatMap((step) => (step.value === null ? [] : [step.value])), ...this.series().map((point) => point.value)],
      this.threshold(),
    ),
  );
  private readonly x = computed(() => {
    const from = this.from();
    const span = Math.max(1, this.to() - from);
    return (time: number) => ((time - from) / span) * WIDTH;
  });
  private readonly y = computed(() => {
    const { min, max } = this.domain();
    return (value: number) => HEIGHT - ((value - min) / (max - min)) * HEIGHT;
  });
  protected readonly valuePath = computed(() => {
    const x = this.x();
    const y = this.y();
    return linePath(this.steps().map((step) => ({ x: x(Date.parse(step.at)), y: step.value === null ? null : y(step.value) })));
  });
  protected readonly metricPath = computed(() => {
    const x = this.x();
    const y = this.y();
    return linePath(this.series().map((point) => ({ x: x(Date.parse(point.t)), y: y(point.value) })));
  });
  protected readonly thresholdY = computed(() => this.y()(this.threshold()));
  private readonly spans = computed(() => clipSpans(this.firing(), this.from(), this.to()));
  protected readonly spanBoxes = computed(() => {
    const x = this.x();
    // At least 2 units wide, so a single firing step stays visible.
    return this.spans().map((span) => ({ x: x(span.start), width: Math.max(2, x(span.end) - x(span.start)) }));
  });
  protected readonly operatorText = computed(() => `${this.metric()} ${OPERATOR_SYMBOLS[this.op()]} ${formatNumber(this.threshold())}`);
  protected readonly summary = computed(() => {
    const count = this.firing().length;
    if (count === 0)
      return `Would not have fired between ${formatDateTime(new Date(this.from()))} and ${formatDateTime(new Date(this.to()))}.`;
    const total = formatDuration(spansDuration(this.spans()));
    return `Would have fired ${count} ${count === 1 ? 'time' : 'times'}, ${total} in all, between ${formatDateTime(new Date(this.from()))} and ${formatDateTime(new Date(this.to()))}.`;
  });

  protected formatValue(value: number): string {
    return formatNumber(value);
  }

  protected formatTime(time: number): string {
    return formatDateTime(new Date(time));
  }
}
