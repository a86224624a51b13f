import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ColumnType,
  ModelTask,
  MONITORING_WINDOW_MS,
  QualityDto,
  RegressionQualityDto,
  WindowEstimateDto,
  WindowQualityDto,
} from '@stress/contracts';
import { ColumnDriftResult, isStatTestApplicable } from '@stress/statistics';
import { DatasetChunkStore } from '../datasets/dataset-chunks.store';
import { DatasetRowsService } from '../datasets/dataset-rows.service';
import { DatasetsService } from '../datasets/datasets.service';
import { DatasetColumnRecord, LoadedDataset } from '../datasets/datasets.types';
import { ModelsService } from '../models/models.service';
import { ModelVersionRecord } from '../models/models.types';
import { PerformanceEstimatesService } from '../performance-estimates/performance-estimates.service';
import { declaredFeaturesOf } from '../predictions/prediction-batch';
import { StatisticsPool } from '../statistics/statistics-pool.service';
import { StatisticsTaskError } from '../statistics/statistics-tasks';
import { MonitoringConfigRecord } from './monitoring.types';
import { WindowColumnDrift, WindowResult } from './monitoring-windows.types';

/** Numerical columns read per scan of the window's rows: one scan instead of one per column, in bounded memory. */
const NUMERICAL_COLUMNS_PER_SCAN = 4;

/** A column of the window's logged rows: finite numbers, or value → occurrences. */
type CurrentColumn = { kind: 'numbers'; values: Float64Array } | { kind: 'counts'; counts: Map<string, number> };

interface PlannedColumn {
  /** As reported: the declared feature, or `prediction` / `probability`. */
  name: string;
  reference: DatasetColumnRecord;
  current: () => Promise<CurrentColumn>;
}

const COMPARABLE = new Set<ColumnType>([ColumnType.Numerical, ColumnType.Categorical]);

function countsOfNumbers(values: ArrayLike<number>): Map<string, number> {
  const counts = new Map<string, number>();
  for (let index = 0; index < values.length; index++) {
    const key = String(values[index]);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** A logged label as dataset quality reads one: strings as they are, numbers as String(number). */
function labelOf(value: number | null, label: string | null): string | null {
  return label ?? (value === null ? null : String(value));
}

/**
 * One monitoring window's statistics: each column of the window's logged rows against the reference
 * dataset's column with the drift reports' tests (Evidently's default per column, or the configured
 * one), and classification quality over the rows that have an actual, as dataset quality computes it.
 * The tests run in the statistics workers, so the API stays responsive.
 */
@Injectable()
export class WindowComputationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly datasets: DatasetsService,
    private readonly datasetRows: DatasetRowsService,
    private readonly chunks: DatasetChunkStore,
    private readonly statistics: StatisticsPool,
    private readonly models: ModelsService,
    private readonly estimates: PerformanceEstimatesService,
  ) {}

  async compute(version: ModelVersionRecord, config: MonitoringConfigRecord, start: Date): Promise<WindowResult> {
    const end = new Date(start.getTime() + MONITORING_WINDOW_MS[config.window]);
    const range = [version.id, start.toISOString(), end.toISOString()];
    const [counts]: Array<{ rows: number; with_actual: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS rows, count(a.id)::int AS with_actual
       FROM predictions p LEFT JOIN prediction_actuals a ON a.model_id = $4 AND a.id = p.id AND a.model_version_id = p.model_version_id
       WHERE p.model_version_id = $1 AND p.ts >= $2 AND p.ts < $3`,
      [...range, version.modelId],
    );
    const reference = await this.datasets.load(config.referenceDatasetId);
    const { task } = await this.models.findByName(version.model);
    let quality: WindowQualityDto | null = null;
    if (counts.with_actual > 0) {
      quality =
        task === ModelTask.Regression ? await this.regressionQuality(version, range) : await this.quality(version, reference, range);
    }
    // Estimated even below minRows: its band widens with fewer rows, and its warnings say so.
    const estimate = counts.rows > 0 && task === ModelTask.BinaryClassification ? await this.estimate(reference, range) : null;
    if (counts.rows < config.minRows) {
      return { status: 'insufficient', rows: counts.rows, rowsWithActual: counts.with_actual, drift: null, quality, estimate };
    }
    const columns = await this.drift(version, config, reference, range);
    const drifted = columns.filter((column) => column.drifted).length;
    const driftShare = columns.length === 0 ? 0 : drifted / columns.length;
    return {
      status: 'fresh',
      rows: counts.rows,
      rowsWithActual: counts.with_actual,
      drift: { datasetDrift: columns.length > 0 && driftShare >= config.driftShare, driftShare, columns },
      quality,
      estimate,
    };
  }

  /** The window's quality estimated from its probabilities (CBPE) of a binary classifier; null where it does not apply. */
  private async estimate(reference: LoadedDataset, range: unknown[]): Promise<WindowEstimateDto | null> {
    const [rows]: Array<{
      prediction_value: Array<number | null> | null;
      prediction_label: Array<string | null> | null;
      probability: number[] | null;
    }> = await this.dataSource.query(
      `SELECT array_agg(p.prediction_value) AS prediction_value, array_agg(p.prediction_label) AS prediction_label,
              array_agg(p.probability) AS probability
       FROM predictions p WHERE p.model_version_id = $1 AND p.ts >= $2 AND p.ts < $3 AND p.probability IS NOT NULL`,
      range,
    );
    const count = rows.probability?.length ?? 0;
    const prediction = Array.from({ length: count }, (_, row) =>
      labelOf(rows.prediction_value?.[row] ?? null, rows.prediction_label?.[row] ?? null),
    );
    return this.estimates.estimateRows(reference, { prediction, probability: Float64Array.from(rows.probability ?? []) });
  }

  private async drift(
    version: ModelVersionRecord,
    config: MonitoringConfigRecord,
    reference: LoadedDataset,
    range: unknown[],
  ): Promise<WindowColumnDrift[]> {
    const features = declaredFeaturesOf(version.features);
    const referenceColumn = (name: string | null) =>
      name === null ? undefined : reference.columns.find((column) => column.name === name && COMPARABLE.has(column.type));
    const numericalScan = new NumericalScan(this.dataSource, range);
    const planned: PlannedColumn[] = [];
    for (const name of features.all) {
      const column = referenceColumn(name);
      if (!column) continue;
      const numericalIndex = features.numerical.indexOf(name);
      planned.push({
        name,
        reference: column,
        current:
          numericalIndex >= 0
            ? () =>
                numericalScan.read(
                  `p.numerical[${numericalIndex + 1}]`,
                  features.numerical.map((_, k) => `p.numerical[${k + 1}]`),
                )
            : () => this.labelCounts(`p.categorical[${features.categorical.indexOf(name) + 1}]`, range),
      });
    }
    const predictionColumn = referenceColumn(reference.dataset.predictionColumn);
    if (predictionColumn) planned.push({ name: 'prediction', reference: predictionColumn, current: () => this.predictions(range) });
    const probabilityColumn = referenceColumn(reference.dataset.probabilityColumn);
    if (probabilityColumn) {
      planned.push({
        name: 'probability',
        reference: probabilityColumn,
        current: () => numericalScan.read('p.probability', ['p.probability']),
      });
    }

    const options = {
      ...(config.stattest ? { stattest: config.stattest } : {}),
      ...(config.threshold !== null ? { threshold: config.threshold } : {}),
    };
    const results: WindowColumnDrift[] = [];
    // One column at a time: each holds both samples, so memory stays bounded whatever the window's size.
    for (const column of planned) {
      const current = await column.current();
      const empty = current.kind === 'numbers' ? current.values.length === 0 : current.counts.size === 0;
      if (empty || column.reference.finiteCount === 0) continue;
      const numerical = current.kind === 'numbers' && column.reference.type === ColumnType.Numerical;
      const applicable = options.stattest === undefined || isStatTestApplicable(options.stattest, numerical ? 'numerical' : 'categorical');
      const testOptions = applicable ? options : {};
      let result: ColumnDriftResult;
      if (numerical) {
        result = await this.statistics.run({
          type: 'drift-numerical',
          reference: await this.chunks.readCompressed(reference.dataset.id, column.reference.ordinal, 'sorted'),
          current: current.values,
          options: testOptions,
        });
      } else {
        result = await this.statistics.run({
          type: 'drift',
          input: {
            type: 'categorical',
            reference: await this.datasetRows.categoryCounts(reference.dataset, column.reference),
            current: current.kind === 'counts' ? current.counts : countsOfNumbers(current.values),
          },
          options: testOptions,
        });
      }
      results.push({
        column: column.name,
        type: numerical ? ColumnType.Numerical : ColumnType.Categorical,
        stattest: result.stattest,
        statistic: result.statistic,
        pValue: result.pValue,
        threshold: result.threshold,
        drifted: result.drifted,
        reference: result.reference,
        current: result.current,
      });
    }
    return results;
  }

  /** Value → occurrences of a text column of the window's rows. */
  private async labelCounts(expression: string, range: unknown[]): Promise<CurrentColumn> {
    const rows: Array<{ value: string; n: number }> = await this.dataSource.query(
      `SELECT ${expression} AS value, count(*)::int AS n FROM predictions p
       WHERE p.model_version_id = $1 AND p.ts >= $2 AND p.ts < $3 AND ${expression} IS NOT NULL GROUP BY 1`,
      range,
    );
    return { kind: 'counts', counts: new Map(rows.map((row) => [row.value, row.n])) };
  }

  /** The window's predictions: numbers when every prediction is a number, else labels (numbers as String(number)). */
  private async predictions(range: unknown[]): Promise<CurrentColumn> {
    const [labelled]: Array<{ labels: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS labels FROM predictions p
       WHERE p.model_version_id = $1 AND p.ts >= $2 AND p.ts < $3 AND p.prediction_label IS NOT NULL`,
      range,
    );
    if (labelled.labels === 0) return new NumericalScan(this.dataSource, range).read('p.prediction_value', ['p.prediction_value']);
    return this.labelCounts(`coalesce(p.prediction_label, p.prediction_value::text)`, range);
  }

  /**
   * MAE, RMSE and R² over the labelled rows of a regression model whose prediction and actual are numbers (a label
   * that is not a number is left out, as a missing value would be).
   */
  private async regressionQuality(version: ModelVersionRecord, range: unknown[]): Promise<RegressionQualityDto | null> {
    const [rows]: Array<{ actual: number[] | null; predicted: number[] | null }> = await this.dataSource.query(
      `SELECT array_agg(a.actual_value) AS actual, array_agg(p.prediction_value) AS predicted
       FROM predictions p JOIN prediction_actuals a ON a.model_id = $4 AND a.id = p.id AND a.model_version_id = p.model_version_id
       WHERE p.model_version_id = $1 AND p.ts >= $2 AND p.ts < $3 AND a.actual_value IS NOT NULL AND p.prediction_value IS NOT NULL`,
      [...range, version.modelId],
    );
    if (!rows.actual || rows.actual.length === 0) return null;
    const result = await this.statistics.run({
      type: 'regression-quality',
      actual: Float64Array.from(rows.actual),
      predicted: Float64Array.from(rows.predicted ?? []),
    });
    return { ...result, targetColumn: 'actual', predictionColumn: 'prediction' };
  }

  private async quality(version: ModelVersionRecord, reference: LoadedDataset, range: unknown[]): Promise<QualityDto | null> {
    const [rows]: Array<{
      prediction_value: Array<number | null> | null;
      prediction_label: Array<string | null> | null;
      probability: Array<number | null> | null;
      actual_value: Array<number | null> | null;
      actual_label: Array<string | null> | null;
    }> = await this.dataSource.query(
      `SELECT array_agg(p.prediction_value) AS prediction_value, array_agg(p.prediction_label) AS prediction_label,
              array_agg(p.probability) AS probability, array_agg(a.actual_value) AS actual_value, array_agg(a.actual_label) AS actual_label
       FROM predictions p JOIN prediction_actuals a ON a.model_id = $4 AND a.id = p.id AND a.model_version_id = p.model_version_id
       WHERE p.model_version_id = $1 AND p.ts >= $2 AND p.ts < $3`,
      [...range, version.modelId],
    );
    const count = rows.prediction_value?.length ?? 0;
    const actual: string[] = [];
    const predicted: string[] = [];
    const probabilities: number[] = [];
    let everyProbability = true;
    for (let row = 0; row < count; row++) {
      const truth = labelOf(rows.actual_value?.[row] ?? null, rows.actual_label?.[row] ?? null);
      const guess = labelOf(rows.prediction_value?.[row] ?? null, rows.prediction_label?.[row] ?? null);
      if (truth === null || guess === null) continue;
      actual.push(truth);
      predicted.push(guess);
      const probability = rows.probability?.[row] ?? null;
      if (probability === null) everyProbability = false;
      else probabilities.push(probability);
    }
    if (actual.length === 0) return null;
    try {
      const result = await this.statistics.run({
        type: 'quality',
        input: {
          actual,
          predicted,
          probability: everyProbability ? Float64Array.from(probabilities) : undefined,
          positiveLabel: reference.dataset.positiveLabel ?? undefined,
        },
      });
      return {
        ...result,
        targetColumn: 'actual',
        predictionColumn: 'prediction',
        ...(everyProbability ? { probabilityColumn: 'probability' } : {}),
      };
    } catch (error) {
      // Labels that do not make a classification (e.g. one class only): the window has no quality, not a failure.
      if (error instanceof StatisticsTaskError && error.inputError) return null;
      throw error;
    }
  }
}

/**
 * Reads numerical columns of a window's rows, several per scan of the partition: asking for one column
 * fetches it with up to NUMERICAL_COLUMNS_PER_SCAN - 1 of the columns that follow it in `siblings`,
 * kept until asked for.
 */
class NumericalScan {
  private readonly pending = new Map<string, Float64Array>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly range: unknown[],
  ) {}

  async read(expression: string, siblings: string[]): Promise<CurrentColumn> {
    let values = this.pending.get(expression);
    if (!values) {
      const from = Math.max(0, siblings.indexOf(expression));
      const batch = siblings.slice(from, from + NUMERICAL_COLUMNS_PER_SCAN);
      if (!batch.includes(expression)) batch.unshift(expression);
      const [row]: Array<Record<string, Array<number> | null>> = await this.dataSource.query(
        `SELECT ${batch.map((column, index) => `array_agg(${column}) FILTER (WHERE ${column} IS NOT NULL) AS c${index}`).join(', ')}
         FROM predictions p WHERE p.model_version_id = $1 AND p.ts >= $2 AND p.ts < $3`,
        this.range,
      );
      batch.forEach((column, index) => this.pending.set(column, Float64Array.from(row[`c${index}`] ?? [])));
      values = this.pending.get(expression) as Float64Array;
    }
    this.pending.delete(expression);
    return { kind: 'numbers', values };
  }
}
