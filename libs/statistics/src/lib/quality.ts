import type { QualityInput, QualityResult } from './types';

export function classificationQuality(input: QualityInput): QualityResult {
  void input;
  throw new Error('not implemented yet');
}
