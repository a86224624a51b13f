import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatExpansionModule } from '@angular/material/expansion';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { DATASET_ROLES, DatasetRole } from '@stress/contracts';
import type { DatasetDto } from '@stress/contracts';
import { of, Subscription } from 'rxjs';
import { DatasetUploader } from '../../api/dataset-uploader';
import { ModelsApi } from '../../api/models-api';
import { ErrorState } from '../../shared/ui/error-state';
import { ModelPicker } from '../../shared/ui/model-picker';
import { readFileHeader } from './csv-header';
import { FORMAT_PIPES } from '../../shared/format.pipes';

type UploadState =
  | { phase: 'idle' }
  | { phase: 'sending'; loaded: number; total: number; percent: number }
  | { phase: 'processing' }
  | { phase: 'failed'; error: unknown }
  | { phase: 'cancelled' };

/**
 * Upload of a CSV: drop it or pick it, describe it, watch the bytes go. Cancel aborts the request
 * (the server stores nothing); a refusal shows the server's own message.
 */

@Component({
  selector: 'sam-dataset-upload',
  imports: [
    ...FORMAT_PIPES,
    FormsModule,
    MatButtonModule,
    MatExpansionModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    ErrorState,
    ModelPicker,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './dataset-upload.html',
  styleUrl: './dataset-upload.scss',
})
export class DatasetUpload {
  private readonly uploader = inject(DatasetUploader);
  private readonly modelsApi = inject(ModelsApi);
  private subscription: Subscription | null = null;

  readonly uploaded = output<DatasetDto>();

  protected readonly roles = DATASET_ROLES;
  readonly file = signal<File | null>(null);
  protected readonly columns = signal<string[]>([]);
  protected readonly dragging = signal(false);
  readonly state = signal<UploadState>({ phase: 'idle' });

  // Form fields (template-driven, kept in signals).
  readonly name = signal('');
  readonly model = signal('');
  readonly version = signal('');
  readonly role = signal<DatasetRole>(DatasetRole.Other);
  readonly targetColumn = signal('');
  readonly predictionColumn = signal('');
  readonly probabilityColumn = signal('');
  readonly positiveLabel = signal('');

  protected readonly modelDetail = rxResource({
    params: () => this.model() || undefined,
    stream: ({ params }) => (params ? this.modelsApi.get(params) : of(null)),
  });
  protected readonly versionOptions = computed(() => (this.modelDetail.hasValue() ? (this.modelDetail.value()?.versions ?? []) : []));

  protected readonly columnFields = [
    { key: 'targetColumn', label: 'Target column', value: this.targetColumn },
    { key: 'predictionColumn', label: 'Prediction column', value: this.predictionColumn },
    { key: 'probabilityColumn', label: 'Probability column', value: this.probabilityColumn },
  ];
  protected readonly sending = computed(() => {
    const state = this.state();
    return state.phase === 'sending' ? state : null;
  });
  protected readonly failure = computed(() => {
    const state = this.state();
    return state.phase === 'failed' ? state : null;
  });

  readonly busy = computed(() => {
    const phase = this.state().phase;
    return phase === 'sending' || phase === 'processing';
  });
  protected readonly formProblem = computed(() => {
    if (this.file() === null) return 'Choose a CSV file first.';
    if (this.name().trim() === '') return 'Give the dataset a name.';
    if (this.model() !== '' && this.version() === '') return 'Pick the version of the model.';
    return null;
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => this.subscription?.unsubscribe());
  }

  protected onDragOver(event: DragEvent): void {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    this.dragging.set(true);
  }

  protected onDrop(event: DragEvent): void {
    event.preventDefault();
    this.dragging.set(false);
    const file = event.dataTransfer?.files?.[0];
    if (file) void this.choose(file);
  }

  protected onPicked(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) void this.choose(file);
    // Picking the same file again after a failure must fire `change` again.
    input.value = '';
  }

  async choose(file: File): Promise<void> {
    if (this.busy()) return;
    this.file.set(file);
    this.state.set({ phase: 'idle' });
    if (this.name() === '' || this.name() === this.previousDefaultName) this.name.set(defaultName(file.name));
    this.previousDefaultName = defaultName(file.name);
    try {
      this.columns.set(await readFileHeader(file));
    } catch {
      this.columns.set([]);
    }
  }
  private previousDefaultName = '';

  protected onModelChange(model: string): void {
    this.model.set(model);
    this.version.set('');
  }

  upload(): void {
    const file = this.file();
    if (file === null || this.formProblem() !== null || this.busy()) return;
    this.state.set({ phase: 'sending', loaded: 0, total: file.size, percent: 0 });
    this.subscription = this.uploader
      .upload(file, {
        name: this.name(),
        model: this.model() || undefined,
        version: this.model() ? this.version() : undefined,
        role: this.role(),
        targetColumn: this.targetColumn() || undefined,
        predictionColumn: this.predictionColumn() || undefined,
        probabilityColumn: this.probabilityColumn() || undefined,
        positiveLabel: this.positiveLabel() || undefined,
      })
      .subscribe({
        next: (event) => {
          if (event.kind === 'progress') {
            // Every byte sent: the server is now parsing and profiling the file.
            this.state.set(event.percent >= 100 ? { phase: 'processing' } : { phase: 'sending', ...event });
          } else {
            this.state.set({ phase: 'idle' });
            this.file.set(null);
            this.name.set('');
            this.uploaded.emit(event.dataset);
          }
        },
        error: (error: unknown) => this.state.set({ phase: 'failed', error }),
      });
  }

  /** Unsubscribing aborts the XHR: the connection closes and the server stores nothing. */
  cancel(): void {
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.state.set({ phase: 'cancelled' });
  }

  protected clearFile(): void {
    this.file.set(null);
    this.columns.set([]);
    this.state.set({ phase: 'idle' });
  }
}

/** "week-47 current.csv" → "week-47 current". */
export function defaultName(fileName: string): string {
  return fileName.replace(/\.(csv|tsv|txt)$/i, '');
}
