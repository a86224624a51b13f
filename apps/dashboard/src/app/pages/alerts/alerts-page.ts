import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { RouterLink } from '@angular/router';
import { AlertState, ApiKeyRole } from '@stress/contracts';
import { AlertingApi } from '../../api/alerting-api';
import { displayedErrorOf } from '../../core/http/api-error';
import { roleGate } from '../../shared/auth/role-gate';
import { FORMAT_PIPES } from '../../shared/format.pipes';
import { EmptyState } from '../../shared/ui/empty-state';
import { ErrorState } from '../../shared/ui/error-state';
import { LoadingState } from '../../shared/ui/loading-state';
import { OPERATOR_SYMBOLS } from './alert-view';
import { ChannelsPanel } from './channels-panel';
import { FiringAlertsStore } from './firing-alerts-store';
import { SilencesPanel } from './silences-panel';
import { AlertStateChip } from './state-chip';

/** How often the page asks for the states again while open. */
const REFRESH_MS = 30_000;

/** `/alerts?model=`: every enabled rule's current state (firing first), disabled rules, silences and notification channels. */
@Component({
  selector: 'sam-alerts-page',
  imports: [
    ...FORMAT_PIPES,
    RouterLink,
    MatButtonModule,
    EmptyState,
    ErrorState,
    LoadingState,
    AlertStateChip,
    SilencesPanel,
    ChannelsPanel,
  ],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './alerts-page.html',
  styleUrl: './alerts-page.scss',
})
export class AlertsPage {
  private readonly api = inject(AlertingApi);
  private readonly badge = inject(FiringAlertsStore, { optional: true });
  /** Query parameter `?model=`: only this model's rules. */
  readonly model = input<string | undefined>(undefined);
  protected readonly editGate = roleGate(ApiKeyRole.Editor);
  protected readonly operators = OPERATOR_SYMBOLS;

  protected readonly alerts = rxResource({ stream: () => this.api.alerts() });
  protected readonly alertsError = computed(() => displayedErrorOf(this.alerts));
  protected readonly shown = computed(() => {
    if (!this.alerts.hasValue()) return [];
    const model = this.model();
    return this.alerts.value().items.filter((alert) => !model || alert.model === model);
  });
  protected readonly firing = computed(() => this.shown().filter((alert) => alert.state === AlertState.Firing).length);

  /** Rules not evaluated (disabled): `GET /alerts` lists enabled ones only. */
  protected readonly rules = rxResource({
    params: () => ({ model: this.model() || undefined, limit: 200 }),
    stream: ({ params }) => this.api.rules(params),
  });
  protected readonly rulesError = computed(() => displayedErrorOf(this.rules));
  protected readonly disabledRules = computed(() =>
    this.rules.hasValue() ? this.rules.value().items.filter((rule) => !rule.enabled) : [],
  );

  constructor() {
    const timer = setInterval(() => this.reload(), REFRESH_MS);
    inject(DestroyRef).onDestroy(() => clearInterval(timer));
  }

  protected reload(): void {
    this.alerts.reload();
    this.rules.reload();
    void this.badge?.load();
  }
}
