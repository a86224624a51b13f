import { ChangeDetectionStrategy, Component, inject, input, linkedSignal, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { switchMap, timer } from 'rxjs';
import { ModelsApi } from '../../api/models-api';

/** Models offered at once; typing narrows the search on the server, so any number of models can be reached. */
export const MODEL_PICKER_PAGE = 20;
/** Typing pauses this long before the server is asked. */
export const MODEL_PICKER_DEBOUNCE_MS = 200;

/**
 * Picks one model by name, searching the registry on the server (`GET /api/v1/models?search=`)
 * as the user types, instead of loading every model. The empty choice (`emptyLabel`: "All models",
 * "No model") is always offered first.
 */
@Component({
  selector: 'sam-model-picker',
  imports: [MatAutocompleteModule, MatFormFieldModule, MatInputModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <mat-form-field subscriptSizing="dynamic">
      <mat-label>{{ label() }}</mat-label>
      <input
        matInput
        [matAutocomplete]="auto"
        [value]="text()"
        [disabled]="disabled()"
        [placeholder]="emptyLabel()"
        (input)="search($any($event.target).value)"
        (blur)="restore()"
        [attr.data-testid]="testId()"
      />
      <mat-autocomplete #auto="matAutocomplete" (optionSelected)="choose($event.option.value)">
        <mat-option value="">{{ emptyLabel() }}</mat-option>
        @if (models.hasValue()) {
          @for (model of models.value().items; track model.name) {
            <mat-option [value]="model.name">{{ model.name }}</mat-option>
          }
          @if (models.value().total > models.value().items.length) {
            <mat-option disabled class="sam-model-picker__more">
              {{ models.value().total - models.value().items.length }} more: type to narrow
            </mat-option>
          }
        }
      </mat-autocomplete>
    </mat-form-field>
  `,
})
export class ModelPicker {
  private readonly modelsApi = inject(ModelsApi);

  /** The chosen model's name; '' for the empty choice. */
  readonly value = input('');
  readonly label = input('Model');
  readonly emptyLabel = input('All models');
  readonly disabled = input(false);
  readonly testId = input<string | null>(null);
  readonly valueChange = output<string>();

  /** What the field shows: the chosen name until the user types. */
  protected readonly text = linkedSignal(() => this.value());
  private readonly query = signal('');

  protected readonly models = rxResource({
    params: () => this.query().trim(),
    // The first list comes at once; while typing, each keystroke restarts the wait.
    stream: ({ params: search }) =>
      timer(search ? MODEL_PICKER_DEBOUNCE_MS : 0).pipe(
        switchMap(() => this.modelsApi.list({ search: search || undefined, limit: MODEL_PICKER_PAGE })),
      ),
  });

  protected search(text: string): void {
    this.text.set(text);
    this.query.set(text);
  }

  protected choose(name: string): void {
    this.text.set(name);
    this.query.set('');
    if (name !== this.value()) this.valueChange.emit(name);
  }

  /** Leaving the field without choosing shows the chosen model again. */
  protected restore(): void {
    // The autocomplete selects on mousedown, before blur: a choice made by click is already applied.
    setTimeout(() => {
      if (this.text() !== this.value()) this.text.set(this.value());
    });
  }
}
