import { ModelDetailDto, ModelDto, ModelVersionDto, StageChangeDto } from '@stress/contracts';
import { ModelRecord, ModelVersionRecord, ModelWithVersions, StageChangeRecord } from './models.types';

export function toModelDto(model: ModelRecord): ModelDto {
  return {
    id: model.id,
    name: model.name,
    displayName: model.displayName,
    description: model.description,
    task: model.task,
    owner: model.owner,
    tags: model.tags,
    productionVersion: model.productionVersion,
    createdAt: model.createdAt.toISOString(),
    updatedAt: model.updatedAt.toISOString(),
  };
}

export function toModelDetailDto(model: ModelWithVersions): ModelDetailDto {
  return {
    ...toModelDto(model),
    versions: model.versions.map((version) => ({
      version: version.version,
      stage: version.stage,
      createdAt: version.createdAt.toISOString(),
    })),
  };
}

export function toModelVersionDto(version: ModelVersionRecord): ModelVersionDto {
  return {
    id: version.id,
    model: version.model,
    version: version.version,
    stage: version.stage,
    description: version.description,
    framework: version.framework,
    trainingMetrics: version.trainingMetrics,
    features: version.features,
    createdAt: version.createdAt.toISOString(),
    updatedAt: version.updatedAt.toISOString(),
  };
}

export function toStageChangeDto(change: StageChangeRecord): StageChangeDto {
  return { from: change.from, to: change.to, at: change.at.toISOString(), actor: change.actor };
}
