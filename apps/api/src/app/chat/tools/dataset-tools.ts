import { DATASET_ROLES, QualityDto } from '@stress/contracts';
import { z } from 'zod';
import { MonitoringData, QualityUnavailableError } from '../monitoring/monitoring-data';
import { AnyToolDefinition, ToolDefinition, ToolError } from './tool-registry';
import { DatasetColumnProfile, DatasetListItem, datasetRef, Lookups, modelName, plural, toDatasetListItem } from './tool-support';

const TOP_VALUES_SHOWN = 5;
/** Most datasets list_datasets returns, newest first. */
const MAX_LISTED = 1000;

export interface ListDatasetsResult {
  datasets: DatasetListItem[];
}

export type DatasetProfileResult = DatasetListItem & { warnings: string[]; columns: DatasetColumnProfile[] };

export interface DatasetQualityResult {
  dataset: Pick<DatasetListItem, 'id' | 'name' | 'model' | 'version'>;
  quality: QualityDto;
}

const schemas = {
  listDatasets: z
    .object({
      model: modelName.optional().describe('Only datasets of this model'),
      role: z.enum(DATASET_ROLES).optional().describe('Only datasets with this role'),
    })
    .strict(),
  dataset: z.object({ dataset: datasetRef }).strict(),
};

/** Uploaded datasets: metadata, stored profiles and quality; never rows. */
export function datasetTools(data: MonitoringData, lookups: Lookups): AnyToolDefinition[] {
  const listDatasets: ToolDefinition<z.output<typeof schemas.listDatasets>, ListDatasetsResult> = {
    name: 'list_datasets',
    description: 'List uploaded datasets (id, name, model, version, role, row count). Never returns rows.',
    schema: schemas.listDatasets,
    async execute(args) {
      const model = args.model ? (await lookups.model(args.model)).name : undefined;
      return { datasets: (await data.listDatasets({ model, role: args.role, limit: MAX_LISTED })).map(toDatasetListItem) };
    },
    summarize: (_args, result) => plural(result.datasets.length, 'dataset'),
  };

  const datasetProfile: ToolDefinition<z.output<typeof schemas.dataset>, DatasetProfileResult> = {
    name: 'get_dataset_profile',
    description:
      "A dataset's profile: per column type, count, missing, distinct, and mean, std, min, max and quantiles for numbers or the most frequent values for categories; plus warnings. Aggregates only.",
    schema: schemas.dataset,
    async execute(args) {
      const summary = await lookups.dataset(args.dataset);
      const dataset = await data.getDataset(summary.id);
      if (!dataset) throw new ToolError(`Dataset "${args.dataset}" not found.`);
      const roles = new Map(dataset.columns.map((column) => [column.name, column.role]));
      return {
        ...toDatasetListItem(dataset),
        warnings: dataset.warnings.map((warning) => warning.message),
        // eslint-disable-next-line @typescript-eslint/no-unused-vars -- histograms are for charts, not answers
        columns: dataset.profile.map(({ histogram, ...column }) => ({
          ...column,
          role: roles.get(column.name) ?? null,
          ...(column.top ? { top: column.top.slice(0, TOP_VALUES_SHOWN) } : {}),
        })),
      };
    },
    summarize: (_args, result) => `profile of ${result.name}: ${result.rowCount} rows, ${plural(result.columns.length, 'column')}`,
  };

  const datasetQuality: ToolDefinition<z.output<typeof schemas.dataset>, DatasetQualityResult> = {
    name: 'get_dataset_quality',
    description:
      'Classification quality of a dataset with target and prediction columns: accuracy, precision, recall, F1, ROC AUC and log loss when probabilities exist, confusion matrix.',
    schema: schemas.dataset,
    async execute(args) {
      const summary = await lookups.dataset(args.dataset);
      let quality: QualityDto | null;
      try {
        quality = await data.datasetQuality(summary.id);
      } catch (error) {
        if (error instanceof QualityUnavailableError) throw new ToolError(error.message);
        throw error;
      }
      if (!quality) throw new ToolError(`Dataset "${args.dataset}" not found.`);
      return { dataset: { id: summary.id, name: summary.name, model: summary.model, version: summary.version }, quality };
    },
    summarize: (_args, result) => `quality of ${result.dataset.name}: ${result.quality.support} labelled rows`,
  };

  return [listDatasets, datasetProfile, datasetQuality];
}
