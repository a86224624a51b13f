import { AlertAggregate, AlertNoData, AlertNotificationKind, AlertOperator, AlertState } from '@stress/contracts';
import { evaluateStep, initialState, Observation, RuleCondition, RuleState } from './alert-state';

const S = 1000;
const rule = (overrides: Partial<RuleCondition> = {}): RuleCondition => ({
  agg: AlertAggregate.Avg,
  op: AlertOperator.Lt,
  threshold: 0.8,
  forMs: 15 * 60 * S,
  keepFiringForMs: 0,
  repeatIntervalMs: 4 * 3600 * S,
  noData: AlertNoData.Ok,
  ...overrides,
});

/** Runs the machine on a fake clock: one evaluation per minute, the observations given in order. */
function run(condition: RuleCondition, observations: Observation[], stepMs = 60 * S) {
  let state: RuleState = initialState(0);
  return observations.map((observation, index) => {
    const step = evaluateStep(state, observation, condition, index * stepMs);
    state = step.next;
    return { at: index * stepMs, state: state.state, notify: step.notify, transition: step.transition };
  });
}

describe('evaluateStep', () => {
  it('goes pending, fires once `for` has elapsed, and resolves when the condition clears', () => {
    // for = 15 min, one evaluation per minute: breached from minute 1, pending at 1, firing at 16.
    const observations: Observation[] = [{ value: 0.9 }, ...Array.from({ length: 17 }, () => ({ value: 0.5 })), { value: 0.85 }];
    const steps = run(rule(), observations);
    expect(steps[0]?.state).toBe(AlertState.Normal);
    expect(steps[1]).toMatchObject({ state: AlertState.Pending, transition: { from: 'normal', to: 'pending' }, notify: null });
    expect(steps[15]).toMatchObject({ state: AlertState.Pending, transition: null });
    expect(steps[16]).toMatchObject({ state: AlertState.Firing, transition: { from: 'pending', to: 'firing' }, notify: 'firing' });
    expect(steps[17]).toMatchObject({ state: AlertState.Firing, transition: null, notify: null });
    expect(steps[18]).toMatchObject({ state: AlertState.Normal, transition: { from: 'firing', to: 'normal' }, notify: 'resolved' });
  });

  it('drops back from pending to normal without a notification', () => {
    const steps = run(rule(), [{ value: 0.5 }, { value: 0.9 }]);
    expect(steps.map((step) => step.state)).toEqual(['pending', 'normal']);
    expect(steps.map((step) => step.notify)).toEqual([null, null]);
  });

  it('fires at once when `for` is 0', () => {
    const steps = run(rule({ forMs: 0 }), [{ value: 0.5 }]);
    expect(steps[0]).toMatchObject({ state: 'firing', transition: { from: 'normal', to: 'firing' }, notify: 'firing' });
  });

  it('keeps firing for keepFiringFor after the last breach', () => {
    // keepFiringFor 3 min: last breach at minute 1, still firing at 2, 3; resolved at 4 (4 − 1 ≥ 3).
    const steps = run(rule({ forMs: 0, keepFiringForMs: 3 * 60 * S }), [
      { value: 0.5 },
      { value: 0.5 },
      { value: 0.9 },
      { value: 0.9 },
      { value: 0.9 },
    ]);
    expect(steps.map((step) => step.state)).toEqual(['firing', 'firing', 'firing', 'firing', 'normal']);
    expect(steps[4]?.notify).toBe('resolved');
  });

  it('repeats the notification every repeatInterval while firing', () => {
    // repeat every 5 min, firing from minute 0: notified at 0, 5, 10.
    const steps = run(
      rule({ forMs: 0, repeatIntervalMs: 5 * 60 * S }),
      Array.from({ length: 12 }, () => ({ value: 0.1 })),
    );
    const notified = steps.filter((step) => step.notify !== null).map((step) => [step.at / 60_000, step.notify]);
    expect(notified).toEqual([
      [0, 'firing'],
      [5, 'repeat'],
      [10, 'repeat'],
    ]);
  });

  it('treats no data as the rule says', () => {
    expect(run(rule({ forMs: 0, noData: AlertNoData.Ok }), [{ value: null }])[0]?.state).toBe('normal');
    expect(run(rule({ forMs: 0, noData: AlertNoData.Alerting }), [{ value: null }])[0]).toMatchObject({
      state: 'firing',
      notify: AlertNotificationKind.Firing,
    });
    const nodata = run(rule({ forMs: 0, noData: AlertNoData.NoData }), [{ value: null }, { value: null }, { value: 0.9 }]);
    expect(nodata.map((step) => [step.state, step.notify])).toEqual([
      ['nodata', 'nodata'],
      ['nodata', null],
      ['normal', 'resolved'],
    ]);
  });

  it('enters error on an error and starts afresh afterwards', () => {
    const steps = run(rule({ forMs: 60 * S }), [{ value: 0.5 }, { error: 'model "x" is not registered' }, { value: 0.5 }, { value: 0.5 }]);
    expect(steps.map((step) => step.state)).toEqual(['pending', 'error', 'pending', 'firing']);
    expect(steps[1]?.notify).toBeNull();
  });
});
