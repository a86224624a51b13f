import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { renderMarkdown } from './markdown';

/** Renders Markdown. [innerHTML] runs Angular's HTML sanitiser on the output: nothing executable gets through. */
@Component({
  selector: 'sam-markdown',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'sam-markdown' },
  template: `<div [innerHTML]="html()"></div>`,
  styles: `
    :host {
      display: block;
      overflow-wrap: anywhere;
    }
    :host ::ng-deep p {
      margin: 0 0 8px;
    }
    :host ::ng-deep :is(ul, ol) {
      margin: 0 0 8px;
      padding-left: 20px;
    }
    :host ::ng-deep table {
      border-collapse: collapse;
      margin: 0 0 8px;
      font-size: 0.9em;
    }
    :host ::ng-deep :is(th, td) {
      border: 1px solid var(--mat-sys-outline-variant);
      padding: 2px 6px;
      text-align: left;
    }
    :host ::ng-deep code {
      font-size: 0.9em;
    }
    :host ::ng-deep pre {
      overflow-x: auto;
    }
  `,
})
export class MarkdownView {
  readonly text = input.required<string>();
  protected readonly html = computed(() => renderMarkdown(this.text()));
}
