import type { QualityDto, RegressionQualityDto } from '../datasets/dataset-results';

// Kept apart from monitoring.dto.ts: the dashboard imports these functions, and that file's validation
// decorators need reflect-metadata at run time, which the browser bundle does not ship.

/** A window's realized quality: classification (as dataset quality) or regression. */
export type WindowQualityDto = QualityDto | RegressionQualityDto;

/** The classification quality of a window, or null for a regression model's (or none). */
export function classificationQualityOf(quality: WindowQualityDto | null | undefined): QualityDto | null {
  return quality && quality.task !== 'regression' ? quality : null;
}

/** The regression quality of a window, or null for a classifier's (or none). */
export function regressionQualityOf(quality: WindowQualityDto | null | undefined): RegressionQualityDto | null {
  return quality?.task === 'regression' ? quality : null;
}
