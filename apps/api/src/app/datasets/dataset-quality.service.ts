import { Injectable, UnprocessableEntityException } from '@nestjs/common';
import { QualityDto } from '@stress/contracts';
import { StatisticsPool } from '../statistics/statistics-pool.service';
import { StatisticsTaskError } from '../statistics/statistics-tasks';
import { DatasetRowsService } from './dataset-rows.service';
import { DatasetsService } from './datasets.service';
import { DatasetColumnRecord } from './datasets.types';

/** Classification quality of a dataset with target and prediction columns (statistics workers, as scikit-learn computes it). */
@Injectable()
export class DatasetQualityService {
  constructor(
    private readonly datasets: DatasetsService,
    private readonly rows: DatasetRowsService,
    private readonly statistics: StatisticsPool,
  ) {}

  async quality(id: string): Promise<QualityDto> {
    const { dataset, columns } = await this.datasets.load(id);
    const missing = [!dataset.targetColumn && 'targetColumn', !dataset.predictionColumn && 'predictionColumn'].filter(Boolean);
    if (missing.length > 0) {
      throw new UnprocessableEntityException(
        `Dataset "${dataset.name}" has no ${missing.join(' and ')}: classification quality compares a target column with a prediction column. ` +
          'Upload the dataset again with the targetColumn and predictionColumn fields naming them.',
      );
    }
    const byName = (name: string | null) => columns.find((column) => column.name === name) as DatasetColumnRecord;
    const target = await this.rows.labels(dataset, byName(dataset.targetColumn));
    const prediction = await this.rows.labels(dataset, byName(dataset.predictionColumn));
    const probabilityColumn = dataset.probabilityColumn ? byName(dataset.probabilityColumn) : null;
    const probability = probabilityColumn ? await this.rows.numbers(dataset, probabilityColumn) : null;
    const actual: string[] = [];
    const predicted: string[] = [];
    const kept: number[] = [];
    for (let row = 0; row < dataset.rowCount; row++) {
      if (target[row] === null || prediction[row] === null) continue;
      if (probability && !Number.isFinite(probability[row])) continue;
      actual.push(target[row] as string);
      predicted.push(prediction[row] as string);
      kept.push(row);
    }
    if (actual.length === 0) {
      throw new UnprocessableEntityException(
        `Dataset "${dataset.name}" has no row with both a target and a prediction: quality cannot be computed.`,
      );
    }
    const probabilities = probability ? Float64Array.from(kept, (row) => probability[row]) : undefined;
    try {
      const result = await this.statistics.run({
        type: 'quality',
        input: { actual, predicted, probability: probabilities, positiveLabel: dataset.positiveLabel ?? undefined },
      });
      return {
        ...result,
        targetColumn: dataset.targetColumn as string,
        predictionColumn: dataset.predictionColumn as string,
        ...(dataset.probabilityColumn ? { probabilityColumn: dataset.probabilityColumn } : {}),
      };
    } catch (error) {
      if (error instanceof StatisticsTaskError && error.inputError)
        throw new UnprocessableEntityException(`Quality cannot be computed for dataset "${dataset.name}": ${error.message}`);
      throw error;
    }
  }
}
