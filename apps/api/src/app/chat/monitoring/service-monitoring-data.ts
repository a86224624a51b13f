import { HttpException, HttpStatus, Injectable, NotFoundException } from '@nestjs/common';
import {
  AlertDto,
  AlertEventDto,
  DatasetDto,
  DatasetRole,
  DatasetSummaryDto,
  DriftReportDto,
  DriftReportSummaryDto,
  LatestMetricDto,
  MAX_PAGE_LIMIT,
  MetricSeriesResponseDto,
  ModelDto,
  MonitoringWindowDto,
  PerformanceEstimateDto,
  QualityDto,
} from '@stress/contracts';
import { toAlertDto, toAlertEventDto } from '../../alerting/alerting.mapper';
import { AlertRulesService } from '../../alerting/alert-rules.service';
import { MonitoringChanges } from '../../common/monitoring-changes';
import { toDatasetDto, toDatasetSummaryDto } from '../../datasets/datasets.mapper';
import { DatasetQualityService } from '../../datasets/dataset-quality.service';
import { DatasetsService } from '../../datasets/datasets.service';
import { toDriftReportDto, toDriftReportSummaryDto } from '../../drift-reports/drift-reports.mapper';
import { DriftReportsService } from '../../drift-reports/drift-reports.service';
import { toLatestMetricDto, toSeriesResponseDto } from '../../metrics/metrics.mapper';
import { MetricsService } from '../../metrics/metrics.service';
import { toModelDto, toModelVersionDto } from '../../models/models.mapper';
import { ModelsService } from '../../models/models.service';
import { toWindowDto } from '../../monitoring/monitoring.mapper';
import { MonitoringWindowsService } from '../../monitoring/monitoring-windows.service';
import { PerformanceEstimatesService } from '../../performance-estimates/performance-estimates.service';
import { MetricSeriesRequest, ModelWithVersionsDto, MonitoringData, QualityUnavailableError } from './monitoring-data';

/** Reads every page of a listing (pages of MAX_PAGE_LIMIT) until `limit` items or the end. */
async function readPages<T>(limit: number, page: (offset: number, size: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const items: T[] = [];
  while (items.length < limit) {
    const size = Math.min(MAX_PAGE_LIMIT, limit - items.length);
    const { items: batch, total } = await page(items.length, size);
    items.push(...batch);
    if (batch.length < size || items.length >= total) break;
  }
  return items;
}

const notFoundAsNull = <T>(work: Promise<T>): Promise<T | null> =>
  work.catch((error: unknown) => {
    if (error instanceof NotFoundException) return null;
    throw error;
  });

/** The monitoring data through the services the REST controllers use, mapped to the same DTOs. */
@Injectable()
export class ServiceMonitoringData extends MonitoringData {
  constructor(
    private readonly models: ModelsService,
    private readonly metrics: MetricsService,
    private readonly datasets: DatasetsService,
    private readonly qualities: DatasetQualityService,
    private readonly driftReports: DriftReportsService,
    private readonly performanceEstimates: PerformanceEstimatesService,
    private readonly changes: MonitoringChanges,
    private readonly windows: MonitoringWindowsService,
    private readonly alertRules: AlertRulesService,
  ) {
    super();
  }

  get changeVersion(): number {
    return this.changes.version;
  }

  async listModels(search?: string): Promise<ModelDto[]> {
    const records = await readPages(Number.MAX_SAFE_INTEGER, (offset, limit) => this.models.list({ search, limit, offset }));
    return records.map(toModelDto);
  }

  getModel(name: string): Promise<ModelWithVersionsDto | null> {
    return notFoundAsNull(
      (async () => {
        const model = await this.models.findByName(name);
        const versions = await readPages(Number.MAX_SAFE_INTEGER, (offset, limit) => this.models.listVersions(name, { limit, offset }));
        return { ...toModelDto(model), versions: versions.map(toModelVersionDto) };
      })(),
    );
  }

  async latestMetrics(model: string): Promise<LatestMetricDto[]> {
    return (await this.metrics.latest(model)).map(toLatestMetricDto);
  }

  metricNames(model: string): Promise<string[]> {
    return this.metrics.names(model);
  }

  async metricSeries(request: MetricSeriesRequest): Promise<MetricSeriesResponseDto> {
    const result = await this.metrics.series({ ...request, from: request.from.toISOString(), to: request.to.toISOString() });
    return toSeriesResponseDto(result);
  }

  async listDatasets(filter: { model?: string; role?: DatasetRole; limit: number }): Promise<DatasetSummaryDto[]> {
    const items = await readPages(filter.limit, (offset, limit) =>
      this.datasets.list({ model: filter.model, role: filter.role, limit, offset }),
    );
    return items.map(toDatasetSummaryDto);
  }

  getDataset(id: string): Promise<DatasetDto | null> {
    return notFoundAsNull(this.datasets.load(id).then(toDatasetDto));
  }

  datasetQuality(id: string): Promise<QualityDto | null> {
    return notFoundAsNull(this.qualities.quality(id)).catch((error: unknown) => {
      if (error instanceof HttpException && error.getStatus() === HttpStatus.UNPROCESSABLE_ENTITY)
        throw new QualityUnavailableError(error.message);
      throw error;
    });
  }

  async listDriftReports(filter: { model?: string; limit: number }): Promise<DriftReportSummaryDto[]> {
    return (await this.driftReports.list({ model: filter.model, limit: filter.limit, offset: 0 })).items.map(toDriftReportSummaryDto);
  }

  getDriftReport(id: string): Promise<DriftReportDto | null> {
    return notFoundAsNull(this.driftReports.get(id).then(toDriftReportDto));
  }

  async listPerformanceEstimates(filter: { model: string; version?: string; limit: number }): Promise<PerformanceEstimateDto[]> {
    return (await this.performanceEstimates.list({ model: filter.model, version: filter.version, limit: filter.limit, offset: 0 })).items;
  }

  async listWindows(filter: { model: string; version: string; from?: Date; to?: Date }): Promise<MonitoringWindowDto[]> {
    const { items } = await this.windows.list(filter.model, filter.version, filter.from?.toISOString(), filter.to?.toISOString());
    return items.map(toWindowDto);
  }

  async listAlerts(): Promise<AlertDto[]> {
    return (await this.alertRules.current()).map(toAlertDto);
  }

  async listAlertEvents(filter: { since: Date; limit: number }): Promise<AlertEventDto[]> {
    const rules = await this.alertRules.current();
    const events: AlertEventDto[] = [];
    for (const rule of rules) {
      // Each rule's newest `limit` events (newest first) hold every one the merged list can keep.
      const page = await this.alertRules.events(rule.id, filter.limit, 0);
      events.push(...page.items.filter((event) => event.at >= filter.since).map(toAlertEventDto));
    }
    return events.sort((a, b) => b.at.localeCompare(a.at)).slice(0, filter.limit);
  }
}
