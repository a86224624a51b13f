import type { DriftReportDto, DriftReportSummaryDto } from '@stress/contracts';
import { z } from 'zod';
import { MonitoringData } from '../monitoring/monitoring-data';
import { AnyToolDefinition, ToolDefinition, ToolError } from './tool-registry';
import { DriftColumnResult, Lookups, modelName, plural } from './tool-support';

export interface ListDriftReportsResult {
  model: string | null;
  reports: DriftReportSummaryDto[];
}

/** A drift report with per-column results, without the histograms. */
export type DriftReportResult = DriftReportSummaryDto & { columns: DriftColumnResult[] };

const schemas = {
  listDriftReports: z
    .object({
      model: modelName.optional().describe('Only reports of this model'),
      limit: z.number().int().min(1).max(20).default(5).describe('How many, newest first (default 5)'),
    })
    .strict(),
  driftReport: z
    .object({
      reportId: z.string().trim().uuid().optional().describe('Report id from list_drift_reports'),
      model: modelName.optional().describe('Without reportId: the newest report of this model'),
    })
    .strict(),
};

function withoutDistributions(report: DriftReportDto): DriftReportResult {
  return {
    ...report,
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the histograms are too big for an answer
    columns: report.columns.map(({ reference, current, ...column }) => column),
  };
}

/** Drift reports: whether a current dataset drifted from its reference, per column. */
export function driftTools(data: MonitoringData, lookups: Lookups): AnyToolDefinition[] {
  const listDriftReports: ToolDefinition<z.output<typeof schemas.listDriftReports>, ListDriftReportsResult> = {
    name: 'list_drift_reports',
    description: 'List drift reports, newest first: whether the dataset drifted, the share and number of drifted columns.',
    schema: schemas.listDriftReports,
    async execute(args) {
      const model = args.model ? (await lookups.model(args.model)).name : undefined;
      return { model: model ?? null, reports: await data.listDriftReports({ model, limit: args.limit }) };
    },
    summarize: (args, result) => `${plural(result.reports.length, 'drift report')}${args.model ? ` of ${args.model}` : ''}`,
  };

  const driftReport: ToolDefinition<z.output<typeof schemas.driftReport>, DriftReportResult> = {
    name: 'get_drift_report',
    description:
      'One drift report with per-column results (test, statistic, p-value, threshold, drifted). By reportId, or the newest report of a model, or the newest overall.',
    schema: schemas.driftReport,
    async execute(args) {
      if (args.reportId) {
        const report = await data.getDriftReport(args.reportId);
        if (!report) throw new ToolError(`Drift report ${args.reportId} not found. list_drift_reports gives the existing ones.`);
        return withoutDistributions(report);
      }
      const model = args.model ? (await lookups.model(args.model)).name : undefined;
      const [newest] = await data.listDriftReports({ model, limit: 1 });
      if (!newest) throw new ToolError(model ? `No drift report exists for model "${model}" yet.` : 'No drift report exists yet.');
      const report = await data.getDriftReport(newest.id);
      if (!report) throw new ToolError(`Drift report ${newest.id} disappeared while being read; ask again.`);
      return withoutDistributions(report);
    },
    summarize: (_args, result) =>
      `drift report ${result.id.slice(0, 8)}: ${result.driftedColumns} of ${result.totalColumns} columns drifted` +
      (result.datasetDrift ? ', dataset drift' : ', no dataset drift'),
  };

  return [listDriftReports, driftReport];
}
