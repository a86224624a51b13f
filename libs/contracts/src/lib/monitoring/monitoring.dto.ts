import { IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { DRIFT_STAT_TESTS, DriftStatTest } from '../drift/drift.dto';

/** Width of a monitoring window; windows are tumbling and aligned to UTC multiples of their width. */
export type MonitoringWindow = '1h' | '6h' | '1d' | '7d';
export const MONITORING_WINDOWS: readonly MonitoringWindow[] = ['1h', '6h', '1d', '7d'];
export const MONITORING_WINDOW_MS: Readonly<Record<MonitoringWindow, number>> = {
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '1d': 86_400_000,
  '7d': 7 * 86_400_000,
};
/** Windows with fewer rows are `insufficient` (no drift), unless the configuration says otherwise. */
export const DEFAULT_MONITORING_MIN_ROWS = 100;

/** `PUT /api/v1/models/{name}/versions/{version}/monitoring` */
export class PutMonitoringConfigDto {
  /** A dataset of this model (any version) holding every declared feature. */
  @IsUUID('all', { message: 'referenceDatasetId must be a dataset id (UUID)' })
  referenceDatasetId!: string;

  @IsIn(MONITORING_WINDOWS as string[], { message: `window must be one of ${MONITORING_WINDOWS.join(', ')}` })
  window!: MonitoringWindow;

  /** Force one test for every column. Default: per column, as Evidently chooses (as drift reports). */
  @IsOptional()
  @IsIn(DRIFT_STAT_TESTS as string[], { message: `stattest must be one of ${DRIFT_STAT_TESTS.join(', ')}` })
  stattest?: DriftStatTest;

  /** Overrides the test's default threshold (p-value tests: 0.05; distances: 0.1). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1000)
  threshold?: number;

  /** A window drifted when the share of drifted columns ≥ this (0 to 1, default 0.5). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  driftShare?: number;

  /** Windows with fewer rows get no drift (`insufficient`); default 100. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  minRows?: number;

  @IsBoolean()
  enabled!: boolean;
}

/** The monitoring configuration of a model version. */
export class MonitoringConfigDto {
  model!: string;
  version!: string;
  referenceDatasetId!: string;
  window!: MonitoringWindow;
  stattest!: DriftStatTest | null;
  threshold!: number | null;
  driftShare!: number;
  minRows!: number;
  enabled!: boolean;
  updatedBy!: string;
  /** ISO 8601. */
  updatedAt!: string;
}
