import { Injectable, NotFoundException } from '@nestjs/common';
import { DriftReportSummaryDto } from '@stress/contracts';
import { DriftReportsService } from '../../drift-reports/drift-reports.service';
import { DriftAdapter, DriftReportDetail, DriftReportSummary } from './drift.adapter';

/** Drift reports through DriftReportsService, without the histograms. */
@Injectable()
export class ServiceDriftAdapter extends DriftAdapter {
  constructor(private readonly reports: DriftReportsService) {
    super();
  }

  async list(filter: { model?: string; limit: number }): Promise<DriftReportSummary[]> {
    const page = await this.reports.list({ model: filter.model, limit: filter.limit, offset: 0 });
    return page.items.map(toSummary);
  }

  async get(id: string): Promise<DriftReportDetail | null> {
    try {
      const report = await this.reports.get(id);
      return {
        ...toSummary(report),
        columns: report.columns.map((column) => ({
          column: column.column,
          type: column.type,
          stattest: column.stattest,
          statistic: column.statistic,
          pValue: column.pValue,
          threshold: column.threshold,
          drifted: column.drifted,
        })),
      };
    } catch (error) {
      if (error instanceof NotFoundException) return null;
      throw error;
    }
  }
}

function toSummary(report: DriftReportSummaryDto): DriftReportSummary {
  return {
    id: report.id,
    referenceDatasetId: report.referenceDatasetId,
    currentDatasetId: report.currentDatasetId,
    model: report.model,
    version: report.version,
    datasetDrift: report.datasetDrift,
    driftShare: report.driftShare,
    driftShareThreshold: report.driftShareThreshold,
    driftedColumns: report.driftedColumns,
    totalColumns: report.totalColumns,
    createdAt: report.createdAt,
  };
}
