import { lowerIsBetter, metricDirection } from './metric-direction';

describe('metricDirection', () => {
  it.each([
    ['accuracy', 1],
    ['F1', 1],
    ['roc_auc', 1],
    ['macro_precision', 1],
    ['r2', 1],
    ['latency_ms', -1],
    ['p95_latency', -1],
    ['inference_seconds', -1],
    ['log_loss', -1],
    ['rmse', -1],
    ['mape', -1],
    ['brier', -1],
    ['brier_score', -1],
    ['psi', -1],
    ['drift_share', -1],
    ['error_rate', -1],
    ['prediction_count', 0],
    ['stress_rate', 0],
    ['requests', 0],
  ])('%s → %d', (name, direction) => {
    expect(metricDirection(name)).toBe(direction);
  });

  it('lowerIsBetter is the −1 direction only: volumes are not "lower is better"', () => {
    expect(lowerIsBetter('psi')).toBe(true);
    expect(lowerIsBetter('f1')).toBe(false);
    expect(lowerIsBetter('prediction_count')).toBe(false);
  });
});
