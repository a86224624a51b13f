import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

/** SVG path through `values` scaled into width × height (a flat line when all values are equal). */
export function sparklinePath(values: readonly number[], width: number, height: number, padding = 2): string {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return '';
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  const span = max - min;
  const step = finite.length > 1 ? (width - 2 * padding) / (finite.length - 1) : 0;
  return finite
    .map((value, index) => {
      const x = padding + index * step;
      const y = span === 0 ? height / 2 : padding + (1 - (value - min) / span) * (height - 2 * padding);
      return `${index === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/**
 * A tiny trend line without axes, drawn as one SVG path (no chart library on the
 * overview). `label` is what a screen reader hears instead of the picture.
 */
@Component({
  selector: 'sam-sparkline',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <svg
      [attr.width]="width()"
      [attr.height]="height()"
      [attr.viewBox]="'0 0 ' + width() + ' ' + height()"
      role="img"
      [attr.aria-label]="label()"
    >
      <path [attr.d]="path()" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round" />
    </svg>
  `,
  styles: `
    :host {
      display: inline-block;
      line-height: 0;
      color: var(--mat-sys-primary);
    }
  `,
})
export class Sparkline {
  readonly values = input.required<readonly number[]>();
  readonly label = input.required<string>();
  readonly width = input(160);
  readonly height = input(36);
  protected readonly path = computed(() => sparklinePath(this.values(), this.width(), this.height()));
}
