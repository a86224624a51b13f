import { Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import {
  ColumnType,
  CreatePerformanceEstimateDto,
  ESTIMATED_METRICS,
  ModelTask,
  PerformanceEstimateDto,
  PerformanceEstimateListDto,
  PerformanceEstimateListQueryDto,
  WindowEstimateDto,
} from '@stress/contracts';
import { LabelledRows, PerformanceEstimateResult, resolvePositiveLabel, sortLabels, StatisticsInputError } from '@stress/statistics';
import { DatasetRowsService } from '../datasets/dataset-rows.service';
import { DatasetsService } from '../datasets/datasets.service';
import { DatasetColumnRecord, LoadedDataset } from '../datasets/datasets.types';
import { ModelsService } from '../models/models.service';
import { StatisticsPool } from '../statistics/statistics-pool.service';
import { StatisticsTaskError } from '../statistics/statistics-tasks';
import { PerformanceEstimateStore } from './performance-estimate.store';
import { toPerformanceEstimateDto } from './performance-estimates.mapper';
import { NewPerformanceEstimate } from './performance-estimates.types';

/** The current rows of an estimate: each row's predicted label and the model's probability of the positive label. */
export interface PredictedColumns {
  prediction: Array<string | null>;
  probability: Float64Array;
}

/** A dataset's classification columns, read once. */
interface ClassificationColumns extends PredictedColumns {
  target: Array<string | null> | null;
}

/** References whose columns stay read: monitoring estimates every window of a version against the same one. */
const CACHED_REFERENCES = 4;

@Injectable()
export class PerformanceEstimatesService {
  /** Dataset id → its classification columns. Datasets never change after upload, so nothing goes stale. */
  private readonly referenceColumns = new Map<string, Promise<ClassificationColumns>>();

  constructor(
    private readonly store: PerformanceEstimateStore,
    private readonly datasets: DatasetsService,
    private readonly datasetRows: DatasetRowsService,
    private readonly models: ModelsService,
    private readonly statistics: StatisticsPool,
  ) {}

  /** Estimates the current dataset's quality from the reference-calibrated probabilities (CBPE) and stores it. */
  async create(request: CreatePerformanceEstimateDto, actor: string): Promise<PerformanceEstimateDto> {
    const reference = await this.loadDataset(request.referenceDatasetId, 'referenceDatasetId');
    const current = await this.loadDataset(request.currentDatasetId, 'currentDatasetId');
    if (reference.dataset.modelName && current.dataset.modelName && reference.dataset.modelName !== current.dataset.modelName) {
      throw new UnprocessableEntityException(
        `The reference "${reference.dataset.name}" belongs to model "${reference.dataset.modelName}" and the current dataset ` +
          `"${current.dataset.name}" to "${current.dataset.modelName}": a model's probabilities are calibrated on its own reference.`,
      );
    }
    const owner = current.dataset.modelName ? current.dataset : reference.dataset;
    if (owner.modelName) await this.requireBinaryModel(owner.modelName);
    this.requireColumns(reference, current);

    const referenceColumns = await this.readReferenceColumns(reference);
    const currentColumns = await this.readColumns(current, Boolean(current.dataset.targetColumn));
    const labels = sortLabels(
      [referenceColumns.target, referenceColumns.prediction, currentColumns.prediction, currentColumns.target].flatMap((values) =>
        (values ?? []).filter((value): value is string => value !== null),
      ),
    );
    if (labels.length > 2) {
      throw new UnprocessableEntityException(
        `The targets and predictions hold ${labels.length} labels (${labels.slice(0, 10).join(', ')}${labels.length > 10 ? ', …' : ''}): ` +
          'performance estimation (CBPE) is for binary classifiers only.',
      );
    }
    let positive: string;
    try {
      positive = resolvePositiveLabel(labels, reference.dataset.positiveLabel ?? current.dataset.positiveLabel ?? undefined);
    } catch (error) {
      if (error instanceof StatisticsInputError) throw new UnprocessableEntityException(error.message);
      throw error;
    }

    const referenceRows = labelledRows(referenceColumns, positive);
    const currentRows = labelledRows(currentColumns, positive);
    const predicted = predictedRows(currentColumns, positive);
    const calibration = request.calibration ?? 'isotonic';
    let result: PerformanceEstimateResult;
    try {
      result = await this.statistics.run({
        type: 'performance-estimate',
        input: {
          reference: referenceRows,
          current: predicted,
          labelled: currentColumns.target ? currentRows : undefined,
          calibration,
        },
      });
    } catch (error) {
      if (error instanceof StatisticsTaskError && error.inputError) {
        throw new UnprocessableEntityException(
          `Performance cannot be estimated for "${current.dataset.name}" against "${reference.dataset.name}": ${error.message}`,
        );
      }
      throw error;
    }

    const estimate: NewPerformanceEstimate = {
      referenceDatasetId: reference.dataset.id,
      currentDatasetId: current.dataset.id,
      modelName: owner.modelName,
      modelVersion: owner.modelVersion,
      calibration: result.calibration,
      rows: result.rows,
      estimated: withoutStandardErrors(result),
      realized: result.realized as NewPerformanceEstimate['realized'],
      warnings: result.warnings,
      createdBy: actor,
    };
    return toPerformanceEstimateDto(await this.store.insert(estimate));
  }

  /**
   * CBPE of a monitoring window's rows against the monitoring reference, with isotonic calibration. Null when it does
   * not apply: the reference lacks a target, prediction or numerical probability column, the labels are not binary
   * (or the reference's positive label is not among them), or no row has both a prediction and a probability.
   */
  async estimateRows(reference: LoadedDataset, current: PredictedColumns): Promise<WindowEstimateDto | null> {
    const { dataset, columns } = reference;
    const probability = columns.find((column) => column.name === dataset.probabilityColumn);
    if (!dataset.targetColumn || !dataset.predictionColumn || probability?.type !== ColumnType.Numerical) return null;
    const referenceColumns = await this.readReferenceColumns(reference);
    const labels = sortLabels(
      [referenceColumns.target, referenceColumns.prediction, current.prediction].flatMap((values) =>
        (values ?? []).filter((value): value is string => value !== null),
      ),
    );
    if (labels.length > 2) return null;
    let positive: string;
    try {
      positive = resolvePositiveLabel(labels, dataset.positiveLabel ?? undefined);
    } catch (error) {
      if (error instanceof StatisticsInputError) return null;
      throw error;
    }
    const predicted = predictedRows(current, positive);
    if (predicted.probability.length === 0) return null;
    let result: PerformanceEstimateResult;
    try {
      result = await this.statistics.run({
        type: 'performance-estimate',
        input: { reference: labelledRows(referenceColumns, positive), current: predicted, calibration: 'isotonic' },
      });
    } catch (error) {
      if (error instanceof StatisticsTaskError && error.inputError) return null;
      throw error;
    }
    return {
      estimated: withoutStandardErrors(result),
      calibration: result.calibration,
      rows: { reference: result.rows.reference, current: result.rows.current },
      warnings: result.warnings,
    };
  }

  async list(query: PerformanceEstimateListQueryDto): Promise<PerformanceEstimateListDto> {
    const page = await this.store.list(query);
    return { items: page.items.map(toPerformanceEstimateDto), total: page.total };
  }

  async get(id: string): Promise<PerformanceEstimateDto> {
    const record = await this.store.findById(id);
    if (!record)
      throw new NotFoundException(`Performance estimate ${id} not found. List estimates with GET /api/v1/performance-estimates.`);
    return toPerformanceEstimateDto(record);
  }

  private async loadDataset(id: string, field: string): Promise<LoadedDataset> {
    try {
      return await this.datasets.load(id);
    } catch (error) {
      if (error instanceof NotFoundException) {
        throw new NotFoundException(`${field}: dataset ${id} not found. List datasets with GET /api/v1/datasets.`);
      }
      throw error;
    }
  }

  private async requireBinaryModel(name: string): Promise<void> {
    const model = await this.models.findByName(name);
    if (model.task !== ModelTask.BinaryClassification) {
      throw new UnprocessableEntityException(
        `Model "${name}" is a ${model.task} model: performance estimation (CBPE) is for binary-classification models only.`,
      );
    }
  }

  /** 422 listing every missing or unusable column of both datasets at once. */
  private requireColumns(reference: LoadedDataset, current: LoadedDataset): void {
    const problems: Array<{ field: string; message: string }> = [];
    const check = (loaded: LoadedDataset, field: 'referenceDatasetId' | 'currentDatasetId', needsTarget: boolean) => {
      const { dataset, columns } = loaded;
      const missing = [
        needsTarget && !dataset.targetColumn && 'targetColumn',
        !dataset.predictionColumn && 'predictionColumn',
        !dataset.probabilityColumn && 'probabilityColumn',
      ].filter((name): name is string => Boolean(name));
      if (missing.length > 0) problems.push({ field, message: `dataset "${dataset.name}" has no ${missing.join(', ')}` });
      const probability = columns.find((column) => column.name === dataset.probabilityColumn);
      if (probability && probability.type !== ColumnType.Numerical) {
        problems.push({
          field,
          message: `dataset "${dataset.name}": probability column "${probability.name}" is ${probability.type}, not numerical`,
        });
      }
    };
    check(reference, 'referenceDatasetId', true);
    check(current, 'currentDatasetId', false);
    if (problems.length > 0) {
      throw new UnprocessableEntityException({
        message:
          `Performance estimation needs a reference with target, prediction and probability columns and a current dataset with ` +
          `prediction and probability columns: ${problems.map((problem) => problem.message).join('; ')}. ` +
          'Upload the datasets with the targetColumn, predictionColumn and probabilityColumn fields naming them.',
        details: problems,
      });
    }
  }

  private readReferenceColumns(reference: LoadedDataset): Promise<ClassificationColumns> {
    const id = reference.dataset.id;
    let columns = this.referenceColumns.get(id);
    if (!columns) {
      columns = this.readColumns(reference, true);
      // A failed read is not kept: the next estimate reads again.
      columns.catch(() => this.referenceColumns.delete(id));
      this.referenceColumns.set(id, columns);
      if (this.referenceColumns.size > CACHED_REFERENCES) {
        this.referenceColumns.delete(this.referenceColumns.keys().next().value as string);
      }
    } else {
      // Most recently used last, so the least recently used goes first.
      this.referenceColumns.delete(id);
      this.referenceColumns.set(id, columns);
    }
    return columns;
  }

  private async readColumns(loaded: LoadedDataset, withTarget: boolean): Promise<ClassificationColumns> {
    const { dataset, columns } = loaded;
    const byName = (name: string | null) => columns.find((column) => column.name === name) as DatasetColumnRecord;
    return {
      target: withTarget ? await this.datasetRows.labels(dataset, byName(dataset.targetColumn)) : null,
      prediction: await this.datasetRows.labels(dataset, byName(dataset.predictionColumn)),
      probability: await this.datasetRows.numbers(dataset, byName(dataset.probabilityColumn)),
    };
  }
}

/** Rows with a target, a prediction and a finite probability, as 0/1 for "is the positive label". */
function labelledRows(columns: ClassificationColumns, positive: string): LabelledRows {
  const { target, prediction, probability } = columns;
  const kept: number[] = [];
  if (target) {
    for (let row = 0; row < prediction.length; row++) {
      if (target[row] !== null && prediction[row] !== null && Number.isFinite(probability[row])) kept.push(row);
    }
  }
  return {
    actualPositive: Uint8Array.from(kept, (row) => (target?.[row] === positive ? 1 : 0)),
    predictedPositive: Uint8Array.from(kept, (row) => (prediction[row] === positive ? 1 : 0)),
    probability: Float64Array.from(kept, (row) => probability[row]),
  };
}

/** Rows with a prediction and a finite probability (the target is not needed). */
function predictedRows(columns: PredictedColumns, positive: string): Omit<LabelledRows, 'actualPositive'> {
  const { prediction, probability } = columns;
  const kept: number[] = [];
  for (let row = 0; row < prediction.length; row++) {
    if (prediction[row] !== null && Number.isFinite(probability[row])) kept.push(row);
  }
  return {
    predictedPositive: Uint8Array.from(kept, (row) => (prediction[row] === positive ? 1 : 0)),
    probability: Float64Array.from(kept, (row) => probability[row]),
  };
}

/** The response carries each metric's band, not its standard error. */
function withoutStandardErrors(result: PerformanceEstimateResult): NewPerformanceEstimate['estimated'] {
  const entries = ESTIMATED_METRICS.map((metric) => {
    const band = result.estimated[metric];
    return [metric, band === null ? null : { value: band.value, lower: band.lower, upper: band.upper }] as const;
  });
  return Object.fromEntries(entries) as NewPerformanceEstimate['estimated'];
}
