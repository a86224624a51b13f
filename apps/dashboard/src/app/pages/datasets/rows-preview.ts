import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { DatasetsApi } from '../../api/datasets-api';
import { displayedErrorOf } from '../../core/http/api-error';
import { formatNumber } from '../../shared/format';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';

/** A page of a dataset's rows (`/rows?offset&limit`), never the whole file. */
@Component({
  selector: 'sam-rows-preview',
  imports: [MatPaginatorModule, ErrorState, LoadingState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (error()) {
      <sam-error-state [error]="error()" [retryable]="true" (retry)="rows.reload()" />
    } @else if (rows.isLoading() && !rows.hasValue()) {
      <sam-loading-state label="Loading rows…" />
    }
    @if (rows.hasValue()) {
      @let page = rows.value();
      <div class="rows-wrap" [attr.aria-busy]="rows.isLoading()" tabindex="0" role="region" aria-label="Rows of the dataset">
        <table class="rows" data-testid="rows-table">
          <thead>
            <tr>
              <th scope="col" class="rows__index">#</th>
              @for (column of page.columns; track $index) {
                <th scope="col">{{ column }}</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (row of page.rows; track $index; let rowIndex = $index) {
              <tr>
                <th scope="row" class="rows__index">{{ offset() + rowIndex + 1 }}</th>
                @for (cell of row; track $index) {
                  <td [class.rows__missing]="cell === null" [class.rows__number]="isNumber(cell)">
                    {{ cell === null ? 'missing' : isNumber(cell) ? formatCell(cell) : cell }}
                  </td>
                }
              </tr>
            }
          </tbody>
        </table>
      </div>
      <mat-paginator
        [length]="page.total"
        [pageIndex]="pageIndex()"
        [pageSize]="pageSize()"
        [pageSizeOptions]="[25, 50, 100, 500]"
        (page)="onPage($event)"
        aria-label="Pages of rows"
        data-testid="rows-paginator"
      />
    }
  `,
  styles: `
    .rows-wrap {
      overflow: auto;
      max-height: 520px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
    }
    .rows {
      border-collapse: collapse;
      font-size: 0.85rem;
      font-variant-numeric: tabular-nums;
    }
    .rows th,
    .rows td {
      padding: 4px 10px;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      white-space: nowrap;
      text-align: left;
    }
    .rows thead th {
      position: sticky;
      top: 0;
      background: var(--mat-sys-surface-container);
    }
    .rows__index {
      color: var(--mat-sys-on-surface-variant);
      text-align: right !important;
    }
    .rows__number {
      text-align: right !important;
    }
    .rows__missing {
      color: var(--mat-sys-on-surface-variant);
      font-style: italic;
    }
  `,
})
export class RowsPreview {
  private readonly api = inject(DatasetsApi);
  readonly datasetId = input.required<string>();

  readonly pageIndex = linkedSignal({ source: () => this.datasetId(), computation: () => 0 });
  readonly pageSize = signal(25);
  protected readonly offset = computed(() => this.pageIndex() * this.pageSize());
  protected readonly rows = rxResource({
    params: () => ({ id: this.datasetId(), offset: this.offset(), limit: this.pageSize() }),
    stream: ({ params }) => this.api.rows(params.id, params.offset, params.limit),
  });
  protected readonly error = computed(() => displayedErrorOf(this.rows));

  protected isNumber(cell: unknown): cell is number {
    return typeof cell === 'number';
  }

  protected formatCell(cell: number): string {
    return Number.isInteger(cell) ? String(cell) : formatNumber(cell, 6);
  }

  protected onPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
  }
}
