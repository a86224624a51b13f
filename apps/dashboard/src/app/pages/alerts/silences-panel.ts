import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { ALERT_SEVERITIES, ApiKeyRole, type AlertSeverity, type CreateSilenceDto, type SilenceDto } from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { AlertingApi } from '../../api/alerting-api';
import { DisplayedError, displayedErrorOf, toDisplayedError } from '../../core/http/api-error';
import { roleGate } from '../../shared/auth/role-gate';
import { FORMAT_PIPES } from '../../shared/format.pipes';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';

const HOUR_MS = 3_600_000;
/** How long a new silence lasts, from now. */
export const SILENCE_DURATIONS = [
  { label: '1 hour', ms: HOUR_MS },
  { label: '4 hours', ms: 4 * HOUR_MS },
  { label: '1 day', ms: 24 * HOUR_MS },
  { label: '1 week', ms: 7 * 24 * HOUR_MS },
] as const;

/** Silences (editor): notifications they match are recorded as suppressed, not sent; states still change. */
@Component({
  selector: 'sam-silences-panel',
  imports: [
    ...FORMAT_PIPES,
    FormsModule,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    EmptyState,
    ErrorState,
    LoadingState,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './silences-panel.html',
  styleUrl: './panels.scss',
})
export class SilencesPanel {
  private readonly api = inject(AlertingApi);
  protected readonly editGate = roleGate(ApiKeyRole.Editor);
  protected readonly severities = ALERT_SEVERITIES;
  protected readonly durations = SILENCE_DURATIONS;

  protected readonly silences = rxResource({ stream: () => this.api.silences() });
  protected readonly listError = computed(() => displayedErrorOf(this.silences));
  protected readonly rules = rxResource({ stream: () => this.api.rules({ limit: 200 }) });
  protected readonly ruleNames = computed(
    () => new Map((this.rules.hasValue() ? this.rules.value().items : []).map((rule) => [rule.id, rule.name])),
  );

  readonly ruleId = signal('');
  readonly model = signal('');
  readonly severity = signal<AlertSeverity | ''>('');
  readonly durationMs = signal<number>(SILENCE_DURATIONS[0].ms);
  readonly comment = signal('');
  protected readonly creating = signal(false);
  protected readonly createError = signal<DisplayedError | null>(null);
  protected readonly expiring = signal<string | null>(null);
  protected readonly expireError = signal<DisplayedError | null>(null);

  readonly formProblem = computed(() =>
    this.ruleId() === '' && this.model().trim() === '' && this.severity() === '' ? 'Pick a rule, a model or a severity to silence.' : null,
  );

  protected matchersText(silence: SilenceDto): string {
    const parts: string[] = [];
    if (silence.matchers.ruleId) parts.push(`rule “${this.ruleNames().get(silence.matchers.ruleId) ?? silence.matchers.ruleId}”`);
    if (silence.matchers.model) parts.push(`model ${silence.matchers.model}`);
    if (silence.matchers.severity) parts.push(`severity ${silence.matchers.severity}`);
    return parts.join(', ');
  }

  async create(): Promise<void> {
    if (this.formProblem() !== null || this.creating()) return;
    const now = Date.now();
    const body: CreateSilenceDto = {
      matchers: {
        ...(this.ruleId() ? { ruleId: this.ruleId() } : {}),
        ...(this.model().trim() ? { model: this.model().trim() } : {}),
        ...(this.severity() ? { severity: this.severity() as AlertSeverity } : {}),
      },
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + this.durationMs()).toISOString(),
      comment: this.comment().trim(),
    };
    this.creating.set(true);
    this.createError.set(null);
    try {
      await firstValueFrom(this.api.createSilence(body));
      this.ruleId.set('');
      this.model.set('');
      this.severity.set('');
      this.comment.set('');
      this.silences.reload();
    } catch (error) {
      this.createError.set(toDisplayedError(error));
    } finally {
      this.creating.set(false);
    }
  }

  async expire(silence: SilenceDto): Promise<void> {
    this.expiring.set(silence.id);
    this.expireError.set(null);
    try {
      await firstValueFrom(this.api.expireSilence(silence.id));
      this.silences.reload();
    } catch (error) {
      this.expireError.set(toDisplayedError(error));
    } finally {
      this.expiring.set(null);
    }
  }
}
