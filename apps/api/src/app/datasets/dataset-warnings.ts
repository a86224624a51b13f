import { ColumnProfileDto, DatasetWarningCode, DatasetWarningDto } from '@stress/contracts';
import { DatasetRecord } from './datasets.types';

/** A column with more than this share of its rows missing gets a warning. */
export const MANY_MISSING_SHARE = 0.2;

/**
 * Warnings shown with a dataset: columns mostly missing, constant columns, and (for a current dataset
 * of a model) columns its reference dataset does not have, which drift reports cannot compare.
 */
export function datasetWarnings(
  profile: ColumnProfileDto[],
  rowCount: number,
  reference: Pick<DatasetRecord, 'name' | 'modelName' | 'modelVersion' | 'profile'> | null,
): DatasetWarningDto[] {
  const warnings: DatasetWarningDto[] = [];
  for (const column of profile) {
    if (rowCount > 0 && column.missing / rowCount > MANY_MISSING_SHARE) {
      warnings.push({
        code: DatasetWarningCode.ManyMissing,
        column: column.name,
        message: `Column "${column.name}" is ${((100 * column.missing) / rowCount).toFixed(1)}% missing (${column.missing} of ${rowCount} rows).`,
      });
    }
    if (column.count > 0 && column.distinct === 1) {
      warnings.push({
        code: DatasetWarningCode.Constant,
        column: column.name,
        message: `Column "${column.name}" holds a single value: it is constant.`,
      });
    }
  }
  if (reference) {
    const known = new Set(reference.profile.map((column) => column.name));
    for (const column of profile) {
      if (known.has(column.name)) continue;
      warnings.push({
        code: DatasetWarningCode.NotInReference,
        column: column.name,
        message: `Column "${column.name}" is not in the reference dataset "${reference.name}" of ${reference.modelName}${reference.modelVersion ? ` ${reference.modelVersion}` : ''}: drift reports cannot compare it.`,
      });
    }
  }
  return warnings;
}
