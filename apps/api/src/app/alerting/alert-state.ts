import { AlertAggregate, AlertNoData, AlertNotificationKind, AlertOperator, AlertState } from '@stress/contracts';
import { breaches } from './alert-aggregate';

/** What the state machine remembers of a rule between evaluations. */
export interface RuleState {
  state: AlertState;
  /** When the rule entered `state` (ms). */
  sinceMs: number;
  /** Firing: the last evaluation at which the condition held (for keepFiringFor). */
  lastBreachMs: number | null;
  /** Firing or nodata: when the last notification about it was sent (for repeatInterval). */
  lastNotifiedMs: number | null;
}

/** The timing and condition of a rule, durations in ms. */
export interface RuleCondition {
  agg: AlertAggregate;
  op: AlertOperator;
  threshold: number;
  forMs: number;
  keepFiringForMs: number;
  repeatIntervalMs: number;
  noData: AlertNoData;
}

/** One evaluation's input: the window's aggregate (null: no points), or an error that stopped it. */
export type Observation = { value: number | null; error?: undefined } | { value?: undefined; error: string };

export interface Step {
  next: RuleState;
  /** Set when the state changed. */
  transition: { from: AlertState; to: AlertState } | null;
  /** Set when a notification is due. */
  notify: AlertNotificationKind | null;
}

export function initialState(nowMs: number): RuleState {
  return { state: AlertState.Normal, sinceMs: nowMs, lastBreachMs: null, lastNotifiedMs: null };
}

/**
 * One evaluation of a rule at `nowMs` (a pure function: the caller stores `next` and the transition).
 *
 * - Breached (value ⋈ threshold, or no data with `noData: alerting`): normal → pending, or straight to
 *   firing when `for` is 0; pending → firing once `for` has elapsed since it became pending.
 * - Not breached: pending → normal; firing → normal (resolved) once `keepFiringFor` has elapsed since the
 *   last breach.
 * - No data with `noData: nodata` → nodata (notified); its end is notified as resolved.
 * - An error → error (not notified); the next good evaluation starts again from normal.
 * - While firing (or nodata), the notification repeats every `repeatInterval`.
 */
export function evaluateStep(previous: RuleState, observation: Observation, rule: RuleCondition, nowMs: number): Step {
  const from = previous.state;
  const move = (state: AlertState, fields: Partial<RuleState>, notify: AlertNotificationKind | null): Step => {
    const changed = state !== from;
    const next: RuleState = changed
      ? { state, sinceMs: nowMs, lastBreachMs: null, lastNotifiedMs: null, ...fields }
      : { ...previous, ...fields };
    if (notify !== null) next.lastNotifiedMs = nowMs;
    return { next, transition: changed ? { from, to: state } : null, notify };
  };
  const repeatDue = previous.lastNotifiedMs === null || nowMs - previous.lastNotifiedMs >= rule.repeatIntervalMs;

  if (observation.error !== undefined) return move(AlertState.Error, {}, null);

  const value = observation.value;
  if (value === null && rule.noData === AlertNoData.NoData) {
    if (from === AlertState.NoData) return move(AlertState.NoData, {}, repeatDue ? AlertNotificationKind.Repeat : null);
    return move(AlertState.NoData, {}, AlertNotificationKind.NoData);
  }
  const breached = value === null ? rule.noData === AlertNoData.Alerting : breaches(value, rule.op, rule.threshold);
  // Leaving nodata is a resolution of what was notified; leaving error starts afresh.
  const base = from === AlertState.NoData || from === AlertState.Error ? AlertState.Normal : from;

  if (breached) {
    if (base === AlertState.Firing) {
      return move(AlertState.Firing, { lastBreachMs: nowMs }, repeatDue ? AlertNotificationKind.Repeat : null);
    }
    const pendingSince = base === AlertState.Pending ? previous.sinceMs : nowMs;
    if (nowMs - pendingSince >= rule.forMs) return move(AlertState.Firing, { lastBreachMs: nowMs }, AlertNotificationKind.Firing);
    if (base === AlertState.Pending) return move(AlertState.Pending, {}, null);
    return move(AlertState.Pending, {}, from === AlertState.NoData ? AlertNotificationKind.Resolved : null);
  }

  if (base === AlertState.Firing) {
    const lastBreach = previous.lastBreachMs ?? previous.sinceMs;
    if (nowMs - lastBreach < rule.keepFiringForMs) {
      return move(AlertState.Firing, {}, repeatDue ? AlertNotificationKind.Repeat : null);
    }
    return move(AlertState.Normal, {}, AlertNotificationKind.Resolved);
  }
  return move(AlertState.Normal, {}, from === AlertState.NoData ? AlertNotificationKind.Resolved : null);
}
