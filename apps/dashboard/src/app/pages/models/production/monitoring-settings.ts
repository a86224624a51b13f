import { ChangeDetectionStrategy, Component, computed, inject, input, linkedSignal, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { DatasetSummaryDto, DriftStatTest, MonitoringConfigDto, MonitoringWindow, PutMonitoringConfigDto } from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { DatasetsApi } from '../../../api/datasets-api';
import { MonitoringApi } from '../../../api/monitoring-api';
import { DisplayedError, displayedErrorOf, toDisplayedError } from '../../../core/http/api-error';
import { formatNumber } from '../../../shared/format';
import { FORMAT_PIPES } from '../../../shared/format.pipes';
import { ErrorState } from '../../../shared/ui/error-state';

/** A Record over the contract's type, so a test added there fails the build here until it is offered. */
const STAT_TESTS: Record<DriftStatTest, string> = {
  ks: 'ks: Kolmogorov–Smirnov (p-value)',
  chisquare: 'chisquare: chi-square (p-value)',
  z: 'z: two-proportion z-test (p-value)',
  wasserstein: 'wasserstein: normed Wasserstein distance',
  jensenshannon: 'jensenshannon: Jensen–Shannon distance',
  psi: 'psi: population stability index',
};
const WINDOWS: Record<MonitoringWindow, string> = { '1h': '1 hour', '6h': '6 hours', '1d': '1 day', '7d': '7 days' };

/** The form's state; numbers are null when left empty (the API's default applies). */
export interface SettingsForm {
  referenceDatasetId: string;
  window: MonitoringWindow;
  stattest: DriftStatTest | '';
  threshold: number | null;
  driftShare: number | null;
  minRows: number | null;
  enabled: boolean;
}

export function formOf(config: MonitoringConfigDto | null): SettingsForm {
  return {
    referenceDatasetId: config?.referenceDatasetId ?? '',
    window: config?.window ?? '1d',
    stattest: config?.stattest ?? '',
    threshold: config?.threshold ?? null,
    driftShare: config?.driftShare ?? null,
    minRows: config?.minRows ?? null,
    enabled: config?.enabled ?? true,
  };
}

/** Why the form cannot be saved, or null; the API checks the same (and whether the reference holds the features). */
export function settingsProblem(form: SettingsForm): string | null {
  if (form.referenceDatasetId === '') return 'Pick a reference dataset.';
  if (form.threshold !== null && !(form.threshold >= 0 && form.threshold <= 1000)) return 'The threshold must be between 0 and 1000.';
  if (form.driftShare !== null && !(form.driftShare >= 0 && form.driftShare <= 1)) return 'The drift share must be between 0 and 1.';
  if (form.minRows !== null && !(Number.isInteger(form.minRows) && form.minRows >= 1))
    return 'The minimum rows must be a whole number ≥ 1.';
  return null;
}

/** The PUT body: empty optional fields are left out, so the API's defaults apply. */
export function settingsBody(form: SettingsForm): PutMonitoringConfigDto {
  const body: PutMonitoringConfigDto = { referenceDatasetId: form.referenceDatasetId, window: form.window, enabled: form.enabled };
  if (form.stattest !== '') body.stattest = form.stattest;
  if (form.threshold !== null) body.threshold = form.threshold;
  if (form.driftShare !== null) body.driftShare = form.driftShare;
  if (form.minRows !== null) body.minRows = form.minRows;
  return body;
}

/** A version's monitoring configuration: editors change it, everyone else reads it (with the reason). */
@Component({
  selector: 'sam-monitoring-settings',
  imports: [
    ...FORMAT_PIPES,
    FormsModule,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ErrorState,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form class="settings-form" (ngSubmit)="save()" data-testid="monitoring-settings">
      @if (!canEdit()) {
        <p class="settings-form__note" data-testid="monitoring-settings-readonly">Read-only: {{ reason() }}</p>
      }
      @if (datasetsError()) {
        <sam-error-state [error]="datasetsError()" [retryable]="true" (retry)="datasets.reload()" />
      }
      <div class="settings-form__row">
        <mat-form-field subscriptSizing="dynamic" class="settings-form__wide">
          <mat-label>Reference dataset</mat-label>
          <mat-select
            name="reference"
            [disabled]="!canEdit()"
            [ngModel]="form().referenceDatasetId"
            (ngModelChange)="patch({ referenceDatasetId: $event })"
            data-testid="monitoring-reference"
          >
            @for (dataset of datasetList(); track dataset.id) {
              <mat-option [value]="dataset.id">{{ datasetLabel(dataset) }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Window</mat-label>
          <mat-select name="window" [disabled]="!canEdit()" [ngModel]="form().window" (ngModelChange)="patch({ window: $event })">
            @for (option of windows; track option[0]) {
              <mat-option [value]="option[0]">{{ option[1] }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic" class="settings-form__wide">
          <mat-label>Test</mat-label>
          <mat-select name="stattest" [disabled]="!canEdit()" [ngModel]="form().stattest" (ngModelChange)="patch({ stattest: $event })">
            <mat-option value="">Automatic (per column)</mat-option>
            @for (option of stattests; track option[0]) {
              <mat-option [value]="option[0]">{{ option[1] }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
      </div>
      <div class="settings-form__row">
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Threshold</mat-label>
          <input
            matInput
            type="number"
            name="threshold"
            min="0"
            step="any"
            placeholder="test default"
            [disabled]="!canEdit()"
            [ngModel]="form().threshold"
            (ngModelChange)="patch({ threshold: numberOrNull($event) })"
          />
          <mat-hint>p-value tests 0.05, distances 0.1</mat-hint>
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Window drift share</mat-label>
          <input
            matInput
            type="number"
            name="driftShare"
            min="0"
            max="1"
            step="0.05"
            placeholder="0.5"
            [disabled]="!canEdit()"
            [ngModel]="form().driftShare"
            (ngModelChange)="patch({ driftShare: numberOrNull($event) })"
          />
          <mat-hint>Share of drifted columns</mat-hint>
        </mat-form-field>
        <mat-form-field subscriptSizing="dynamic">
          <mat-label>Minimum rows</mat-label>
          <input
            matInput
            type="number"
            name="minRows"
            min="1"
            step="1"
            placeholder="100"
            [disabled]="!canEdit()"
            [ngModel]="form().minRows"
            (ngModelChange)="patch({ minRows: numberOrNull($event) })"
          />
          <mat-hint>Fewer: no drift for the window</mat-hint>
        </mat-form-field>
        <mat-checkbox name="enabled" [disabled]="!canEdit()" [ngModel]="form().enabled" (ngModelChange)="patch({ enabled: $event })"
          >Enabled</mat-checkbox
        >
      </div>
      @if (config(); as current) {
        <p class="settings-form__note">Last changed {{ current.updatedAt | samDateTime }} by {{ current.updatedBy }}.</p>
      }
      @if (canEdit()) {
        <div class="settings-form__actions">
          <button mat-flat-button type="submit" [disabled]="problem() !== null || saving()" data-testid="monitoring-save">
            {{ config() ? 'Save settings' : 'Turn monitoring on' }}
          </button>
          @if (problem(); as text) {
            <span class="settings-form__note">{{ text }}</span>
          }
          @if (savedNotice()) {
            <span class="settings-form__note" role="status">Saved: the windows are being recomputed.</span>
          }
        </div>
        @if (saveError()) {
          <sam-error-state [error]="saveError()" />
        }
      }
    </form>
  `,
  styles: `
    .settings-form__row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
      margin-bottom: 12px;
    }
    .settings-form__wide {
      min-width: 260px;
      flex: 1 1 260px;
    }
    .settings-form__actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px;
    }
    .settings-form__note {
      font-size: 0.85rem;
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export class MonitoringSettings {
  private readonly monitoring = inject(MonitoringApi);
  private readonly datasetsApi = inject(DatasetsApi);

  readonly model = input.required<string>();
  readonly version = input.required<string>();
  /** null: the version has no configuration yet. */
  readonly config = input.required<MonitoringConfigDto | null>();
  readonly canEdit = input.required<boolean>();
  /** Why the signed-in key cannot edit ("Needs an editor or admin key."). */
  readonly reason = input<string>('');
  readonly saved = output<MonitoringConfigDto>();

  protected readonly stattests = Object.entries(STAT_TESTS) as [DriftStatTest, string][];
  protected readonly windows = Object.entries(WINDOWS) as [MonitoringWindow, string][];

  protected readonly datasets = rxResource({
    params: () => this.model(),
    stream: ({ params }) => this.datasetsApi.list({ model: params, limit: 200 }),
  });
  protected readonly datasetList = computed(() => (this.datasets.hasValue() ? this.datasets.value().items : []));
  protected readonly datasetsError = computed(() => displayedErrorOf(this.datasets));

  readonly form = linkedSignal(() => formOf(this.config()));
  readonly problem = computed(() => settingsProblem(this.form()));
  protected readonly saving = signal(false);
  protected readonly savedNotice = signal(false);
  protected readonly saveError = signal<DisplayedError | null>(null);

  protected patch(change: Partial<SettingsForm>): void {
    this.form.update((form) => ({ ...form, ...change }));
    this.savedNotice.set(false);
  }

  protected datasetLabel(dataset: DatasetSummaryDto): string {
    return `${dataset.name} (${dataset.role} · ${dataset.version ?? 'no version'} · ${formatNumber(dataset.rowCount)} rows)`;
  }

  protected numberOrNull(value: unknown): number | null {
    if (value === null || value === undefined || value === '') return null;
    const number = Number(value);
    return Number.isFinite(number) ? number : Number.NaN;
  }

  async save(): Promise<void> {
    if (!this.canEdit() || this.problem() !== null || this.saving()) return;
    this.saving.set(true);
    this.saveError.set(null);
    try {
      const saved = await firstValueFrom(this.monitoring.putConfig(this.model(), this.version(), settingsBody(this.form())));
      this.savedNotice.set(true);
      this.saved.emit(saved);
    } catch (error) {
      this.saveError.set(toDisplayedError(error));
    } finally {
      this.saving.set(false);
    }
  }
}
