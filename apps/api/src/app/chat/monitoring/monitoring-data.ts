import type {
  AlertDto,
  AlertEventDto,
  DatasetDto,
  DatasetRole,
  DatasetSummaryDto,
  DriftReportDto,
  DriftReportSummaryDto,
  FixedMetricBucket,
  LatestMetricDto,
  MetricAggregate,
  MetricSeriesResponseDto,
  ModelDto,
  ModelVersionDto,
  MonitoringWindowDto,
  PerformanceEstimateDto,
  QualityDto,
} from '@stress/contracts';

/** A model with every version, as the REST API shows them (`GET /models/:name` and its versions). */
export type ModelWithVersionsDto = ModelDto & { versions: ModelVersionDto[] };

export interface MetricSeriesRequest {
  model: string;
  name: string;
  version?: string;
  from: Date;
  to: Date;
  bucket: FixedMetricBucket;
  agg: MetricAggregate;
}

/** Thrown when a dataset cannot be scored (no target or prediction column); its message says why. */
export class QualityUnavailableError extends Error {}

/**
 * The assistant's one view of the monitoring data, in the shapes the REST API returns (contract DTOs).
 * The implementation calls the same services as the controllers, without an HTTP round trip; the unit
 * specs use an in-memory one.
 */
export abstract class MonitoringData {
  /** `version` goes up whenever a model, version, metric name or dataset appears, changes or goes (see MonitoringChanges). */
  abstract get changeVersion(): number;

  /** Every model, by name. `search` filters by name or display name (case-insensitive). */
  abstract listModels(search?: string): Promise<ModelDto[]>;
  /** null when no model has this name. */
  abstract getModel(name: string): Promise<ModelWithVersionsDto | null>;

  /** Newest point per version and metric; [] when the model has none. */
  abstract latestMetrics(model: string): Promise<LatestMetricDto[]>;
  abstract metricNames(model: string): Promise<string[]>;
  /** One series per version (or only `version`'s), buckets in time order. */
  abstract metricSeries(request: MetricSeriesRequest): Promise<MetricSeriesResponseDto>;

  /** Newest first, at most `limit`. */
  abstract listDatasets(filter: { model?: string; role?: DatasetRole; limit: number }): Promise<DatasetSummaryDto[]>;
  /** null when no dataset has this id. */
  abstract getDataset(id: string): Promise<DatasetDto | null>;
  /** null when no dataset has this id; QualityUnavailableError when it lacks the columns. */
  abstract datasetQuality(id: string): Promise<QualityDto | null>;

  /** Newest first. */
  abstract listDriftReports(filter: { model?: string; limit: number }): Promise<DriftReportSummaryDto[]>;
  /** null when no report has this id. */
  abstract getDriftReport(id: string): Promise<DriftReportDto | null>;

  /** CBPE estimates of a model (of one version when given), newest first, at most `limit`. */
  abstract listPerformanceEstimates(filter: { model: string; version?: string; limit: number }): Promise<PerformanceEstimateDto[]>;

  /**
   * A version's monitoring windows starting in [from, to) (either open), newest first, without histograms
   * (as `GET …/versions/{version}/windows`); [] when the version has none.
   */
  abstract listWindows(filter: { model: string; version: string; from?: Date; to?: Date }): Promise<MonitoringWindowDto[]>;

  /** Every enabled alert rule's current state, firing first (as `GET /api/v1/alerts`). */
  abstract listAlerts(): Promise<AlertDto[]>;

  /** State changes of enabled rules at or after `since`, newest first, at most `limit`. */
  abstract listAlertEvents(filter: { since: Date; limit: number }): Promise<AlertEventDto[]>;
}
