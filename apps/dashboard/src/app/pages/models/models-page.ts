import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource, takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { RouterLink } from '@angular/router';
import { debounceTime, distinctUntilChanged, Subject } from 'rxjs';
import { ModelsApi } from '../../api/models-api';
import { displayedErrorOf } from '../../core/http/api-error';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';
import { FORMAT_PIPES } from '../../shared/format.pipes';

/** `/models`: every registered model, searchable, each linking to its page. */

@Component({
  selector: 'sam-models-page',
  imports: [...FORMAT_PIPES, RouterLink, MatFormFieldModule, MatInputModule, EmptyState, ErrorState, LoadingState],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>Models</h1>
    <mat-form-field subscriptSizing="dynamic" class="search">
      <mat-label>Search models</mat-label>
      <input matInput type="search" (input)="typed.next(inputValue($event))" />
    </mat-form-field>
    @if (error()) {
      <sam-error-state [error]="error()" [retryable]="true" (retry)="models.reload()" />
    } @else if (models.isLoading() && !models.hasValue()) {
      <sam-loading-state label="Loading models…" />
    } @else if (models.hasValue() && models.value().items.length === 0) {
      <sam-empty-state
        [title]="search() ? 'No model matches “' + search() + '”.' : 'No models registered yet: create one with POST /api/v1/models.'"
      />
    }
    @if (models.hasValue() && models.value().items.length > 0) {
      <div class="table-wrap" tabindex="0" role="region" aria-label="Models">
        <table class="grid" data-testid="models-table">
          <caption>
            {{
              models.value().total
            }}
            model(s)
          </caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Task</th>
              <th scope="col">Production</th>
              <th scope="col">Owner</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            @for (model of models.value().items; track model.id) {
              <tr>
                <th scope="row">
                  <a [routerLink]="['/models', model.name]">{{ model.displayName || model.name }}</a>
                </th>
                <td>{{ model.task }}</td>
                <td>{{ model.productionVersion ?? 'none' }}</td>
                <td>{{ model.owner || '—' }}</td>
                <td>{{ model.updatedAt | samDateTime }}</td>
              </tr>
            }
          </tbody>
        </table>
      </div>
    }
  `,
  styleUrl: './models-page.scss',
})
export class ModelsPage {
  private readonly api = inject(ModelsApi);
  protected readonly typed = new Subject<string>();
  protected readonly search = signal('');
  protected readonly models = rxResource({
    params: () => ({ search: this.search(), limit: 200 }),
    stream: ({ params }) => this.api.list(params),
  });
  protected readonly error = computed(() => displayedErrorOf(this.models));

  constructor() {
    this.typed.pipe(debounceTime(250), distinctUntilChanged(), takeUntilDestroyed()).subscribe((search) => this.search.set(search.trim()));
  }

  protected inputValue(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }
}
