import { z } from 'zod';
import { MonitoringData } from '../monitoring/monitoring-data';
import { Lookups, ModelDetail, modelName, ModelSummary, plural, toModelSummary } from './tool-support';
import { AnyToolDefinition, ToolDefinition } from './tool-registry';

export interface ListModelsResult {
  models: ModelSummary[];
}

export type GetModelResult = ModelDetail;

const schemas = {
  listModels: z.object({ search: z.string().trim().max(100).optional().describe('Only models whose name contains this text') }).strict(),
  getModel: z.object({ model: modelName }).strict(),
};

/** The registry: which models exist, their versions, stages and training metrics. */
export function modelTools(data: MonitoringData, lookups: Lookups): AnyToolDefinition[] {
  const listModels: ToolDefinition<z.output<typeof schemas.listModels>, ListModelsResult> = {
    name: 'list_models',
    description: 'List the monitored models with their task, tags and current production version.',
    schema: schemas.listModels,
    async execute(args) {
      return { models: (await data.listModels(args.search || undefined)).map(toModelSummary) };
    },
    summarize: (_args, result) =>
      result.models.length
        ? `${plural(result.models.length, 'model')}: ${result.models.map((model) => model.name).join(', ')}`
        : 'no models',
  };

  const getModel: ToolDefinition<z.output<typeof schemas.getModel>, GetModelResult> = {
    name: 'get_model',
    description:
      'Get one model with all its versions, their stages (none, staging, production, archived), frameworks and training metrics.',
    schema: schemas.getModel,
    async execute(args) {
      const model = await lookups.model(args.model);
      return {
        ...toModelSummary(model),
        versions: model.versions.map((version) => ({
          version: version.version,
          stage: version.stage,
          description: version.description,
          framework: version.framework,
          trainingMetrics: version.trainingMetrics,
          createdAt: version.createdAt,
        })),
      };
    },
    summarize: (_args, result) =>
      `${result.name}: ${plural(result.versions.length, 'version')}, production ${result.productionVersion ?? 'none'}`,
  };

  return [listModels, getModel];
}
