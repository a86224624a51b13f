import type { ColumnDriftDto, ColumnProfileDto, ColumnRole, DatasetSummaryDto, ModelDto, ModelVersionDto } from '@stress/contracts';
import { z } from 'zod';
import { ModelWithVersionsDto, MonitoringData } from '../monitoring/monitoring-data';
import { ToolError } from './tool-registry';

/**
 * What the tools of every subject share: argument schemas, the compact shapes results use (picked
 * from the contract DTOs, so a field means the same as in the REST API), and name lookups that
 * answer an unknown name with the names that exist, so the caller can correct itself.
 */

export const DAY_MS = 86_400_000;

/** A model as listed to the assistant: the registry fields without ids and timestamps. */
export type ModelSummary = Pick<ModelDto, 'name' | 'displayName' | 'description' | 'task' | 'owner' | 'tags' | 'productionVersion'>;
export type ModelVersionSummary = Pick<
  ModelVersionDto,
  'version' | 'stage' | 'description' | 'framework' | 'trainingMetrics' | 'createdAt'
>;
export type ModelDetail = ModelSummary & { versions: ModelVersionSummary[] };

export type DatasetListItem = Pick<DatasetSummaryDto, 'id' | 'name' | 'model' | 'version' | 'role' | 'rowCount' | 'createdAt'>;
/** A column's profile without its histogram, with the part it plays for the model when known. */
export type DatasetColumnProfile = Omit<ColumnProfileDto, 'histogram'> & { role: ColumnRole | null };
/** A drift result without the two distributions. */
export type DriftColumnResult = Omit<ColumnDriftDto, 'reference' | 'current'>;

export const modelName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe('Model name (slug), e.g. "stress-detector". list_models gives the names.');
export const versionName = z.string().trim().min(1).max(100).describe('Model version, e.g. "1.1.0". get_model lists them.');
export const isoTime = (what: string) =>
  z
    .string()
    .trim()
    .refine((value) => !Number.isNaN(Date.parse(value)), { message: 'must be an ISO 8601 date or date-time' })
    .describe(what);
export const datasetRef = z.string().trim().min(1).max(200).describe('Dataset id (UUID) or exact name. list_datasets gives both.');

export const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function toModelSummary(model: ModelDto): ModelSummary {
  return {
    name: model.name,
    displayName: model.displayName,
    description: model.description,
    task: model.task,
    owner: model.owner,
    tags: model.tags,
    productionVersion: model.productionVersion,
  };
}

export function toDatasetListItem(dataset: DatasetSummaryDto): DatasetListItem {
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

/** Enough datasets to find one by name; the newest come first. */
const DATASETS_SEARCHED = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class Lookups {
  constructor(private readonly data: MonitoringData) {}

  async model(name: string): Promise<ModelWithVersionsDto> {
    const model = await this.data.getModel(name);
    if (model) return model;
    const known = (await this.data.listModels()).map((item) => item.name);
    throw new ToolError(
      known.length
        ? `Model "${name}" not found. Known models: ${known.join(', ')}.`
        : `Model "${name}" not found: no models are registered yet.`,
    );
  }

  version(model: ModelWithVersionsDto, version: string | undefined): void {
    if (version === undefined || model.versions.some((item) => item.version === version)) return;
    throw new ToolError(
      `Model "${model.name}" has no version "${version}". Its versions: ${model.versions.map((item) => item.version).join(', ') || 'none'}.`,
    );
  }

  async metricName(model: string, metric: string): Promise<void> {
    const names = await this.data.metricNames(model);
    if (names.includes(metric)) return;
    throw new ToolError(
      names.length
        ? `Model "${model}" has no metric "${metric}". Its metrics: ${names.join(', ')}.`
        : `Model "${model}" has no metrics recorded yet.`,
    );
  }

  async dataset(reference: string): Promise<DatasetListItem> {
    if (UUID.test(reference)) {
      const found = await this.data.getDataset(reference);
      if (found) return toDatasetListItem(found);
    }
    const all = await this.data.listDatasets({ limit: DATASETS_SEARCHED });
    const wanted = reference.toLowerCase();
    const matches = all.filter((item) => item.name.toLowerCase() === wanted || item.id === reference);
    if (matches.length === 0) {
      const names = all.slice(0, 20).map((item) => `${item.name} (${item.id})`);
      throw new ToolError(
        names.length
          ? `Dataset "${reference}" not found. Datasets: ${names.join(', ')}.`
          : `Dataset "${reference}" not found: no datasets are uploaded yet.`,
      );
    }
    // Same name twice: the newest is the one people mean.
    return toDatasetListItem([...matches].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]);
  }
}

export const stageOf = (model: ModelWithVersionsDto, version: string) =>
  model.versions.find((item) => item.version === version)?.stage ?? null;
