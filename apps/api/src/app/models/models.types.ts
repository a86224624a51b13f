import { EntityManager } from 'typeorm';
import { FeatureRole, FeatureType, ModelStage, ModelTask } from '@stress/contracts';

/** A column as stored in `model_versions.features`. */
export interface ModelFeature {
  name: string;
  type: FeatureType;
  role: FeatureRole;
}

/** A registered model as the API's services see it. */
export interface ModelRecord {
  id: string;
  name: string;
  displayName: string;
  description: string;
  task: ModelTask;
  owner: string;
  tags: string[];
  /** The version in production, or null. */
  productionVersion: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ModelVersionRecord {
  id: string;
  modelId: string;
  /** The model's name. */
  model: string;
  version: string;
  stage: ModelStage;
  description: string;
  framework: string;
  trainingMetrics: Record<string, number>;
  features: ModelFeature[];
  createdAt: Date;
  updatedAt: Date;
}

export interface ModelWithVersions extends ModelRecord {
  /** Every version, newest first. */
  versions: Array<Pick<ModelVersionRecord, 'version' | 'stage' | 'createdAt'>>;
}

export interface StageChangeRecord {
  from: ModelStage;
  to: ModelStage;
  at: Date;
  actor: string;
}

export interface ModelListQuery {
  search?: string;
  tag?: string;
  task?: ModelTask;
  limit?: number;
  offset?: number;
}

export interface VersionListQuery {
  stage?: ModelStage;
  limit?: number;
  offset?: number;
}

export interface NewModel {
  name: string;
  displayName?: string;
  description?: string;
  task: ModelTask;
  owner?: string;
  tags?: string[];
}

export type ModelChanges = Partial<Omit<NewModel, 'name'>>;

export interface NewModelVersion {
  version: string;
  description?: string;
  framework?: string;
  trainingMetrics?: Record<string, number>;
  features?: ModelFeature[];
}

export interface ModelVersionChanges {
  stage?: ModelStage;
  description?: string;
}

/** A (model name, version) pair to check, e.g. from a metric point or a dataset upload. */
export interface ModelVersionRef {
  model: string;
  version: string;
}

/** The ids behind a (model, version) pair that exists. */
export type ResolvedModelVersion = Pick<ModelVersionRecord, 'id' | 'modelId' | 'model' | 'version' | 'stage'>;

/** Per pair: found, or which part is unknown (`model` when the model itself does not exist). */
export type VersionResolution = { found: true; version: ResolvedModelVersion } | { found: false; missing: 'model' | 'version' };

export interface ResolveVersionsOptions {
  /** Run inside this transaction (required when the caller holds one: see docs/development.md). */
  manager?: EntityManager;
  /**
   * Take `FOR KEY SHARE` locks on the versions found, so the model cannot be deleted
   * before the caller's transaction commits (concurrent readers and promotions are not blocked).
   */
  lockVersions?: boolean;
}

/**
 * Work another feature must do, inside the model-delete transaction, before the model
 * row goes (for data that is not removed by a foreign key ON DELETE CASCADE).
 */
export type ModelDeletionStep = (manager: EntityManager, model: ModelRecord) => Promise<void>;
