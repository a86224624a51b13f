/** What a model predicts. */
export enum ModelTask {
  BinaryClassification = 'binary-classification',
  MulticlassClassification = 'multiclass-classification',
  Regression = 'regression',
}

/** Lifecycle stage of a model version. A model has at most one version in `production`. */
export enum ModelStage {
  /** Registered, not deployed anywhere (every version starts here). */
  None = 'none',
  Staging = 'staging',
  Production = 'production',
  /** Retired; promoting another version to production archives the previous one. */
  Archived = 'archived',
}

/** Kind of values a feature (column) holds. */
export enum FeatureType {
  Numerical = 'numerical',
  Categorical = 'categorical',
  Datetime = 'datetime',
  Text = 'text',
}

/** What a column means to the model. */
export enum FeatureRole {
  /** An input of the model. */
  Feature = 'feature',
  /** The ground truth label. */
  Target = 'target',
  /** The model's predicted label or value. */
  Prediction = 'prediction',
  /** The model's predicted probability (of the positive class for binary classification). */
  Probability = 'probability',
}

export const MODEL_TASKS: readonly ModelTask[] = Object.values(ModelTask);
export const MODEL_STAGES: readonly ModelStage[] = Object.values(ModelStage);
export const FEATURE_TYPES: readonly FeatureType[] = Object.values(FeatureType);
export const FEATURE_ROLES: readonly FeatureRole[] = Object.values(FeatureRole);

/** Model names are URL slugs: lowercase letters, digits and hyphens, 2–63 characters, not starting with a hyphen. */
export const MODEL_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** Version labels: `1.2.0`, `2024-06-01`, `v3+build.7`; 1–64 characters, starting with a letter or digit. */
export const MODEL_VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;
/** Tags: lowercase words such as `wearables` or `team-ml`, 1–40 characters. */
export const MODEL_TAG_PATTERN = /^[a-z0-9][a-z0-9._-]{0,39}$/;
export const MAX_MODEL_TAGS = 20;
export const MAX_MODEL_FEATURES = 1000;
export const MAX_TRAINING_METRICS = 100;
