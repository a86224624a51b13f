import { PredictionDto } from '@stress/contracts';
import { PredictionRecord } from './predictions.types';

export function toPredictionDto(record: PredictionRecord): PredictionDto {
  return {
    id: record.id,
    timestamp: record.timestamp.toISOString(),
    features: record.features,
    prediction: record.prediction,
    probability: record.probability,
    actual: record.actual,
    actualTimestamp: record.actualTimestamp?.toISOString() ?? null,
  };
}
