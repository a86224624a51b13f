/**
 * What the assistant needs from the model registry. One small adapter per area keeps the
 * tools independent of how each service is shaped; the implementation calls the same
 * service the REST API uses (no HTTP round trip).
 */
export interface ModelSummary {
  name: string;
  displayName: string;
  description: string | null;
  task: string;
  owner: string | null;
  tags: string[];
  productionVersion: string | null;
}

export interface ModelVersionInfo {
  version: string;
  stage: string;
  description: string | null;
  framework: string | null;
  trainingMetrics: Record<string, number>;
  createdAt: string;
}

export interface ModelDetail extends ModelSummary {
  versions: ModelVersionInfo[];
}

export abstract class ModelsAdapter {
  abstract list(): Promise<ModelSummary[]>;
  /** null when no model has this name. */
  abstract get(name: string): Promise<ModelDetail | null>;
}
