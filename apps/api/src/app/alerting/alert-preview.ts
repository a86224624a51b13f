import { AlertState } from '@stress/contracts';
import { aggregate, TimedValue, windowOf } from './alert-aggregate';
import { evaluateStep, initialState, RuleCondition } from './alert-state';

export interface PreviewStep {
  atMs: number;
  value: number | null;
  state: AlertState;
}

export interface PreviewSpan {
  startsAtMs: number;
  /** null: still firing at the last step. */
  endsAtMs: number | null;
}

export interface Preview {
  steps: PreviewStep[];
  firing: PreviewSpan[];
}

/**
 * The rule evaluated at from, from + step, … (every step ≤ to) over `points` (sorted by time), starting
 * from normal, exactly as the periodic evaluation would have: each step aggregates [at − window, at).
 * A firing span starts at the step that entered firing and ends at the step that left it.
 */
export function previewRule(
  points: readonly TimedValue[],
  rule: RuleCondition,
  windowMs: number,
  fromMs: number,
  toMs: number,
  stepMs: number,
): Preview {
  const steps: PreviewStep[] = [];
  const firing: PreviewSpan[] = [];
  let state = initialState(fromMs);
  for (let atMs = fromMs; atMs <= toMs; atMs += stepMs) {
    const value = aggregate(windowOf(points, atMs, windowMs), rule.agg);
    const step = evaluateStep(state, { value }, rule, atMs);
    state = step.next;
    if (step.transition?.to === AlertState.Firing) firing.push({ startsAtMs: atMs, endsAtMs: null });
    if (step.transition?.from === AlertState.Firing) (firing[firing.length - 1] as PreviewSpan).endsAtMs = atMs;
    steps.push({ atMs, value, state: state.state });
  }
  return { steps, firing };
}
