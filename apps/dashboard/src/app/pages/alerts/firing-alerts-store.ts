import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { AlertState, type AlertListDto } from '@stress/contracts';
import { firstValueFrom } from 'rxjs';
import { AlertingApi } from '../../api/alerting-api';

/** How often the navigation's badge asks again (the API evaluates rules every minute by default). */
export const FIRING_POLL_MS = 30_000;

/**
 * The alerts' current states for the badges (navigation, overview cards): `GET /api/v1/alerts`, asked again
 * every FIRING_POLL_MS while the signed-in shell lives. Provided by the shell, so it stops with sign-out.
 */
@Injectable()
export class FiringAlertsStore {
  private readonly api = inject(AlertingApi);
  private readonly alerts = signal<AlertListDto | null>(null);
  private stopped = false;

  /** Rules firing now (0 until the first answer). */
  readonly firing = computed(() => this.alerts()?.firing ?? 0);
  /** Firing rules per model name. */
  readonly firingByModel = computed(() => {
    const counts = new Map<string, number>();
    for (const alert of this.alerts()?.items ?? []) {
      if (alert.state === AlertState.Firing) counts.set(alert.model, (counts.get(alert.model) ?? 0) + 1);
    }
    return counts;
  });

  constructor() {
    const timer = setInterval(() => void this.load(), FIRING_POLL_MS);
    inject(DestroyRef).onDestroy(() => {
      this.stopped = true;
      clearInterval(timer);
    });
    void this.load();
  }

  /** Asks now (after a change on the Alerts page). A failure keeps the last count: the Alerts page shows errors in words. */
  async load(): Promise<void> {
    if (this.stopped) return;
    try {
      const alerts = await firstValueFrom(this.api.alerts());
      if (!this.stopped) this.alerts.set(alerts);
    } catch {
      // The badge is a hint; the page it links to reports the problem.
    }
  }
}
