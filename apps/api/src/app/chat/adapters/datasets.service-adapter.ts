import { HttpException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import { DatasetDto, DatasetSummaryDto } from '@stress/contracts';
import { DatasetsService } from '../../datasets/datasets.service';
import { DatasetDetail, DatasetQuality, DatasetsAdapter, DatasetSummary, QualityUnavailableError } from './datasets.adapter';

const PAGE = 200;
/** Enough for the assistant to find a dataset by name; the newest come first. */
const MAX_LISTED = 1000;

/** Datasets through DatasetsService: metadata, stored profiles and quality, never rows. */
@Injectable()
export class ServiceDatasetsAdapter extends DatasetsAdapter {
  constructor(private readonly datasets: DatasetsService) {
    super();
  }

  async list(filter: { model?: string; role?: string }): Promise<DatasetSummary[]> {
    const items: DatasetSummary[] = [];
    for (let offset = 0; offset < MAX_LISTED; offset += PAGE) {
      const page = await this.datasets.list({
        model: filter.model,
        role: filter.role as DatasetSummaryDto['role'] | undefined,
        limit: PAGE,
        offset,
      });
      items.push(...page.items.map(toSummary));
      if (page.items.length < PAGE || items.length >= page.total) break;
    }
    return items;
  }

  async get(id: string): Promise<DatasetDetail | null> {
    let dataset: DatasetDto;
    try {
      dataset = await this.datasets.get(id);
    } catch (error) {
      if (error instanceof NotFoundException) return null;
      throw error;
    }
    const roles = new Map(dataset.columns.map((column) => [column.name, column.role]));
    return {
      ...toSummary(dataset),
      warnings: dataset.warnings.map((warning) => warning.message),
      columns: dataset.profile.map((column) => ({
        name: column.name,
        type: column.type,
        role: roles.get(column.name) ?? null,
        count: column.count,
        missing: column.missing,
        distinct: column.distinct,
        mean: column.mean ?? null,
        std: column.std ?? null,
        min: column.min ?? null,
        max: column.max ?? null,
        quantiles: column.quantiles ? { ...column.quantiles } : null,
        top: column.top ?? null,
      })),
    };
  }

  async quality(id: string): Promise<DatasetQuality | null> {
    try {
      const quality = await this.datasets.quality(id);
      return {
        task: quality.task,
        support: quality.support,
        accuracy: quality.accuracy,
        precision: quality.precision,
        recall: quality.recall,
        f1: quality.f1,
        rocAuc: quality.rocAuc ?? null,
        logLoss: quality.logLoss ?? null,
        confusionMatrix: quality.confusionMatrix,
      };
    } catch (error) {
      if (error instanceof NotFoundException) return null;
      if (error instanceof HttpException && error.getStatus() === HttpStatus.UNPROCESSABLE_ENTITY)
        throw new QualityUnavailableError(error.message);
      throw error;
    }
  }
}

function toSummary(dataset: DatasetSummaryDto): DatasetSummary {
  return {
    id: dataset.id,
    name: dataset.name,
    model: dataset.model,
    version: dataset.version,
    role: dataset.role,
    rowCount: dataset.rowCount,
    createdAt: dataset.createdAt,
  };
}
