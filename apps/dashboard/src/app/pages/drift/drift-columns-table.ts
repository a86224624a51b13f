import { ChangeDetectionStrategy, Component, computed, input, model, signal } from '@angular/core';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import type { ColumnDriftDto } from '@stress/contracts';
import { DriftSortKey, sortColumns, SortDirection } from './drift-score';
import { FORMAT_PIPES } from '../../shared/format.pipes';

/** Per-column drift results, most drifted first by default; sortable by every column; a row opens its distributions. */

@Component({
  selector: 'sam-drift-columns-table',
  imports: [...FORMAT_PIPES, MatTableModule, MatSortModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="table-wrap" tabindex="0" role="region" aria-label="Drift per column">
      <table
        mat-table
        [dataSource]="rows()"
        matSort
        [matSortActive]="sort().active"
        [matSortDirection]="sort().direction"
        (matSortChange)="onSort($event)"
        aria-label="Drift per column"
        data-testid="drift-columns"
      >
        <ng-container matColumnDef="column">
          <th mat-header-cell *matHeaderCellDef mat-sort-header scope="col">Column</th>
          <td mat-cell *matCellDef="let row">
            <button
              type="button"
              class="link-button"
              (click)="selected.set(row.column)"
              [attr.aria-pressed]="row.column === selected()"
              [attr.data-testid]="'drift-column-' + row.column"
            >
              {{ row.column }}
            </button>
          </td>
        </ng-container>
        <ng-container matColumnDef="type">
          <th mat-header-cell *matHeaderCellDef mat-sort-header scope="col">Type</th>
          <td mat-cell *matCellDef="let row">{{ row.type }}</td>
        </ng-container>
        <ng-container matColumnDef="stattest">
          <th mat-header-cell *matHeaderCellDef mat-sort-header scope="col">Test</th>
          <td mat-cell *matCellDef="let row">{{ row.stattest }}</td>
        </ng-container>
        <ng-container matColumnDef="statistic">
          <th mat-header-cell *matHeaderCellDef mat-sort-header arrowPosition="before" scope="col" class="num">Statistic</th>
          <td mat-cell *matCellDef="let row" class="num">{{ row.statistic | samNumber }}</td>
        </ng-container>
        <ng-container matColumnDef="pValue">
          <th mat-header-cell *matHeaderCellDef mat-sort-header arrowPosition="before" scope="col" class="num">p-value</th>
          <td mat-cell *matCellDef="let row" class="num">{{ row.pValue | samPValue }}</td>
        </ng-container>
        <ng-container matColumnDef="threshold">
          <th mat-header-cell *matHeaderCellDef mat-sort-header arrowPosition="before" scope="col" class="num">Threshold</th>
          <td mat-cell *matCellDef="let row" class="num">{{ row.threshold | samNumber }}</td>
        </ng-container>
        <ng-container matColumnDef="drift">
          <th mat-header-cell *matHeaderCellDef mat-sort-header scope="col">Verdict</th>
          <td mat-cell *matCellDef="let row">
            <span class="verdict" [class.verdict--drift]="row.drifted">{{ row.drifted ? 'Drift' : 'No drift' }}</span>
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="displayed"></tr>
        <tr
          mat-row
          *matRowDef="let row; columns: displayed"
          [class.selected]="row.column === selected()"
          [attr.data-column]="row.column"
        ></tr>
      </table>
    </div>
  `,
  styleUrl: './drift-columns-table.scss',
})
export class DriftColumnsTable {
  readonly columns = input.required<readonly ColumnDriftDto[]>();
  /** The column whose distributions are shown (two-way bound). */
  readonly selected = model<string | null>(null);

  protected readonly displayed = ['column', 'type', 'stattest', 'statistic', 'pValue', 'threshold', 'drift'];
  readonly sort = signal<{ active: DriftSortKey; direction: SortDirection }>({ active: 'drift', direction: 'desc' });
  readonly rows = computed(() => sortColumns(this.columns(), this.sort().active, this.sort().direction));

  protected onSort(sort: Sort): void {
    this.sort.set({ active: sort.active as DriftSortKey, direction: sort.direction });
  }
}
