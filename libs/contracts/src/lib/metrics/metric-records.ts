import { ValidateBy, ValidationOptions } from 'class-validator';

/** Names of training metrics and metric points: `accuracy`, `f1`, `latency_ms`, `roc_auc.macro`. */
export const METRIC_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_.]{0,63}$/;

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Problem with a `name → number` record, or null when it is valid. */
export function finiteNumberRecordProblem(value: unknown, maxEntries: number): string | null {
  if (!isPlainRecord(value)) return 'must be an object mapping metric names to numbers';
  const entries = Object.entries(value);
  if (entries.length > maxEntries) return `must have at most ${maxEntries} entries`;
  for (const [key, entry] of entries) {
    if (!METRIC_NAME_PATTERN.test(key)) return `key "${key.slice(0, 80)}" must match ${METRIC_NAME_PATTERN.source}`;
    if (typeof entry !== 'number' || !Number.isFinite(entry)) return `value of "${key}" must be a finite number`;
  }
  return null;
}

/** Problem with a `string → string` labels record, or null when it is valid. */
export function labelRecordProblem(value: unknown, maxEntries: number): string | null {
  if (!isPlainRecord(value)) return 'must be an object mapping label names to strings';
  const entries = Object.entries(value);
  if (entries.length > maxEntries) return `must have at most ${maxEntries} labels`;
  for (const [key, entry] of entries) {
    if (key.length < 1 || key.length > 64) return 'label names must have 1 to 64 characters';
    if (typeof entry !== 'string') return `label "${key.slice(0, 64)}" must be a string`;
    if (entry.length > 256) return `label "${key.slice(0, 64)}" must have at most 256 characters`;
  }
  return null;
}

/** An object of metric names (see METRIC_NAME_PATTERN) to finite numbers. */
export function IsFiniteNumberRecord(maxEntries: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isFiniteNumberRecord',
      validator: {
        validate: (value: unknown) => finiteNumberRecordProblem(value, maxEntries) === null,
        defaultMessage: (args) => `${args?.property ?? 'value'} ${finiteNumberRecordProblem(args?.value, maxEntries) ?? 'is invalid'}`,
      },
    },
    options,
  );
}

/** An object of label names to string values, at most `maxEntries`. */
export function IsLabelRecord(maxEntries: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isLabelRecord',
      validator: {
        validate: (value: unknown) => labelRecordProblem(value, maxEntries) === null,
        defaultMessage: (args) => `${args?.property ?? 'value'} ${labelRecordProblem(args?.value, maxEntries) ?? 'is invalid'}`,
      },
    },
    options,
  );
}
