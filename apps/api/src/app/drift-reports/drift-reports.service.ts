import { BadRequestException, Injectable, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import {
  ColumnDriftDto,
  ColumnType,
  CreateDriftReportDto,
  DEFAULT_DRIFT_SHARE,
  DriftReportListQueryDto,
  mapLimited,
} from '@stress/contracts';
import { isStatTestApplicable } from '@stress/statistics';
import { DatasetChunkStore } from '../datasets/dataset-chunks.store';
import { DatasetRowsService } from '../datasets/dataset-rows.service';
import { DatasetsService } from '../datasets/datasets.service';
import { DatasetColumnRecord, LoadedDataset } from '../datasets/datasets.types';
import { StatisticsPool } from '../statistics/statistics-pool.service';
import { StatisticsTaskError } from '../statistics/statistics-tasks';
import { ObservabilityService } from '../observability/observability.service';
import { DriftMetricsLink } from './drift-metrics-link';
import { DriftReportsStore } from './drift-reports.store';
import { DriftReportRecord, DriftReportSummaryRecord } from './drift-reports.types';

const COMPARABLE = new Set<ColumnType>([ColumnType.Numerical, ColumnType.Categorical]);

interface PlannedColumn {
  name: string;
  type: ColumnType.Numerical | ColumnType.Categorical;
  reference: DatasetColumnRecord;
  current: DatasetColumnRecord;
}

@Injectable()
export class DriftReportsService {
  private readonly logger = new Logger(DriftReportsService.name);

  constructor(
    private readonly reports: DriftReportsStore,
    private readonly datasets: DatasetsService,
    private readonly datasetRows: DatasetRowsService,
    private readonly chunks: DatasetChunkStore,
    private readonly statistics: StatisticsPool,
    private readonly metrics: DriftMetricsLink,
    private readonly observability: ObservabilityService,
  ) {}

  /** Computes and stores a report, timed into drift_report_duration_seconds. */
  async create(request: CreateDriftReportDto, actor: string): Promise<DriftReportRecord> {
    return this.observability.timeDriftReport(() => this.computeReport(request, actor));
  }

  private async computeReport(request: CreateDriftReportDto, actor: string): Promise<DriftReportRecord> {
    const reference = await this.loadDataset(request.referenceDatasetId, 'referenceDatasetId');
    const current = await this.loadDataset(request.currentDatasetId, 'currentDatasetId');
    const planned = this.plan(reference, current, request.columns);
    const options = {
      ...(request.stattest ? { stattest: request.stattest } : {}),
      ...(request.threshold !== undefined ? { threshold: request.threshold } : {}),
    };

    // One column per worker at a time: each holds both samples, so memory stays small.
    const results = await mapLimited(planned, this.statistics.size, (column) => this.driftOf(reference, current, column, options));

    const driftedColumns = results.filter((column) => column.drifted).length;
    const driftShareThreshold = request.driftShare ?? DEFAULT_DRIFT_SHARE;
    const driftShare = driftedColumns / results.length;
    const owner = current.dataset.modelName ? current.dataset : reference.dataset;
    const saved = await this.reports.insert({
      referenceDatasetId: reference.dataset.id,
      currentDatasetId: current.dataset.id,
      modelName: owner.modelName,
      modelVersion: owner.modelVersion,
      datasetDrift: driftShare >= driftShareThreshold,
      driftShare,
      driftShareThreshold,
      driftedColumns,
      totalColumns: results.length,
      stattest: request.stattest ?? null,
      threshold: request.threshold ?? null,
      columns: results,
      createdBy: actor,
    });
    if (saved.modelName && saved.modelVersion) {
      await this.metrics
        .recordDriftShare(saved.modelName, saved.modelVersion, driftShare, saved.createdAt, saved.id)
        .catch((error: Error) => this.logger.warn(`Drift report ${saved.id}: could not record the drift_share metric: ${error.message}`));
    }
    return saved;
  }

  list(query: DriftReportListQueryDto): Promise<{ items: DriftReportSummaryRecord[]; total: number }> {
    return this.reports.list({ model: query.model, version: query.version, limit: query.limit ?? 50, offset: query.offset ?? 0 });
  }

  async get(id: string): Promise<DriftReportRecord> {
    const report = await this.reports.find(id);
    if (!report) throw new NotFoundException(`Drift report ${id} not found. List reports with GET /api/v1/drift-reports.`);
    return report;
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

  /** Which columns to compare and as what: numerical only when numerical in both datasets. */
  private plan(reference: LoadedDataset, current: LoadedDataset, requested: string[] | undefined): PlannedColumn[] {
    const currentByName = new Map(current.columns.map((column) => [column.name, column]));
    const planned: PlannedColumn[] = [];
    if (requested) {
      const referenceByName = new Map(reference.columns.map((column) => [column.name, column]));
      for (const name of requested) {
        const inReference = referenceByName.get(name);
        const inCurrent = currentByName.get(name);
        if (!inReference || !inCurrent) {
          const where =
            !inReference && !inCurrent
              ? 'either dataset'
              : !inReference
                ? `the reference dataset "${reference.dataset.name}"`
                : `the current dataset "${current.dataset.name}"`;
          throw new BadRequestException({
            message: `columns: "${name}" is not a column of ${where}. Compare columns both datasets have.`,
            details: [{ field: 'columns', message: `no column "${name}" in ${where}` }],
          });
        }
        for (const column of [inReference, inCurrent]) {
          if (!COMPARABLE.has(column.type)) {
            throw new BadRequestException({
              message: `columns: "${name}" is a ${column.type} column; drift compares numerical and categorical columns only.`,
              details: [{ field: 'columns', message: `"${name}" is ${column.type}` }],
            });
          }
          if (column.finiteCount === 0) {
            throw new BadRequestException({
              message: `columns: "${name}" has no values in the ${column === inReference ? 'reference' : 'current'} dataset (all missing): there is nothing to compare.`,
              details: [{ field: 'columns', message: `"${name}" is empty` }],
            });
          }
        }
        planned.push(planColumn(name, inReference, inCurrent));
      }
      return planned;
    }
    for (const column of reference.columns) {
      const other = currentByName.get(column.name);
      if (!other || !COMPARABLE.has(column.type) || !COMPARABLE.has(other.type)) continue;
      if (column.finiteCount === 0 || other.finiteCount === 0) continue;
      planned.push(planColumn(column.name, column, other));
    }
    if (planned.length === 0) {
      throw new UnprocessableEntityException(
        `The datasets "${reference.dataset.name}" and "${current.dataset.name}" have no numerical or categorical column with values in common: there is nothing to compare.`,
      );
    }
    return planned;
  }

  private async driftOf(
    reference: LoadedDataset,
    current: LoadedDataset,
    column: PlannedColumn,
    options: { stattest?: CreateDriftReportDto['stattest']; threshold?: number },
  ): Promise<ColumnDriftDto> {
    const numerical = column.type === ColumnType.Numerical;
    // A forced test applies to the columns it can test; the others keep their default test and threshold.
    const applicable = options.stattest === undefined || isStatTestApplicable(options.stattest, numerical ? 'numerical' : 'categorical');
    const testOptions = applicable ? options : {};
    try {
      // Numerical samples go to the worker as stored (compressed, sorted at upload) and are decompressed there.
      const result = numerical
        ? await this.statistics.run({
            type: 'drift-numerical',
            reference: await this.chunks.readCompressed(reference.dataset.id, column.reference.ordinal, 'sorted'),
            current: await this.chunks.readCompressed(current.dataset.id, column.current.ordinal, 'sorted'),
            options: testOptions,
          })
        : await this.statistics.run({
            type: 'drift',
            input: {
              type: 'categorical',
              reference: await this.datasetRows.categoryCounts(reference.dataset, column.reference),
              current: await this.datasetRows.categoryCounts(current.dataset, column.current),
            },
            options: testOptions,
          });
      return {
        column: column.name,
        type: column.type,
        stattest: result.stattest,
        statistic: result.statistic,
        pValue: result.pValue,
        threshold: result.threshold,
        drifted: result.drifted,
        reference: result.reference,
        current: result.current,
      };
    } catch (error) {
      if (error instanceof StatisticsTaskError && error.inputError) {
        throw new BadRequestException({
          message: `Column "${column.name}": ${error.message}`,
          details: [{ field: 'stattest', message: error.message }],
        });
      }
      throw error;
    }
  }
}

function planColumn(name: string, reference: DatasetColumnRecord, current: DatasetColumnRecord): PlannedColumn {
  const numerical = reference.type === ColumnType.Numerical && current.type === ColumnType.Numerical;
  return { name, type: numerical ? ColumnType.Numerical : ColumnType.Categorical, reference, current };
}
