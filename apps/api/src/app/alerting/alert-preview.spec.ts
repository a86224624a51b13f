import { AlertAggregate, AlertNoData, AlertOperator } from '@stress/contracts';
import { previewRule } from './alert-preview';

const M = 60_000;

describe('previewRule', () => {
  it('evaluates every step and reports the firing spans', () => {
    // One point per minute at t = 0..9 min: values 1 1 1 9 9 9 9 1 1 1. Rule: max over 2 min > 5, for 1 min.
    const values = [1, 1, 1, 9, 9, 9, 9, 1, 1, 1];
    const points = values.map((value, index) => ({ tsMs: index * M, value }));
    const preview = previewRule(
      points,
      {
        agg: AlertAggregate.Max,
        op: AlertOperator.Gt,
        threshold: 5,
        forMs: M,
        keepFiringForMs: 0,
        repeatIntervalMs: 3600_000,
        noData: AlertNoData.Ok,
      },
      2 * M,
      M,
      11 * M,
      M,
    );
    // At t the window is [t − 2, t): t=1 → {0}; t=4 → {2,3} max 9; t=8 → {6,7} max 9; t=9 → {7,8} max 1; t=11 → {9}.
    expect(preview.steps.map((step) => step.value)).toEqual([1, 1, 1, 9, 9, 9, 9, 9, 1, 1, 1]);
    // Breached from t=4 (pending), firing at t=5 (for 1 min), resolved at t=9.
    expect(preview.steps.map((step) => step.state)).toEqual([
      'normal',
      'normal',
      'normal',
      'pending',
      'firing',
      'firing',
      'firing',
      'firing',
      'normal',
      'normal',
      'normal',
    ]);
    expect(preview.firing).toEqual([{ startsAtMs: 5 * M, endsAtMs: 9 * M }]);
  });

  it('leaves a span open when still firing at the end, and has no value where no points are', () => {
    const preview = previewRule(
      [{ tsMs: 0, value: 3 }],
      {
        agg: AlertAggregate.Avg,
        op: AlertOperator.Gte,
        threshold: 3,
        forMs: 0,
        keepFiringForMs: 0,
        repeatIntervalMs: 1,
        noData: AlertNoData.Ok,
      },
      M,
      M / 2,
      2 * M,
      M / 2,
    );
    expect(preview.steps.map((step) => [step.value, step.state])).toEqual([
      [3, 'firing'],
      [3, 'firing'],
      [null, 'normal'],
      [null, 'normal'],
    ]);
    expect(preview.firing).toEqual([{ startsAtMs: M / 2, endsAtMs: 1.5 * M }]);
  });
});
