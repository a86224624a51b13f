import { z } from 'zod';
import { MonitoringData } from '../monitoring/monitoring-data';
import { AnyToolDefinition, ToolDefinition, ToolError } from './tool-registry';
import { DAY_MS, isoTime, Lookups, modelName, versionName } from './tool-support';
import { summarizeWindows, toWindowBrief, WindowBrief, WindowsSummary } from './window-summary';

export type { WindowBrief, WindowsSummary, ColumnDriftHistory } from './window-summary';

/** Windows listed in a result at most (newest first); the summary covers all of the range. */
export const MAX_LISTED_WINDOWS = 60;
const DEFAULT_DAYS = 30;

export interface MonitoringWindowsResult {
  model: string;
  version: string;
  /** The range asked for (windows starting in [from, to)). */
  from: string;
  to: string;
  summary: WindowsSummary;
  /** Newest first, at most MAX_LISTED_WINDOWS. */
  windows: WindowBrief[];
}

const schemas = {
  windows: z
    .object({
      model: modelName,
      version: versionName.optional().describe('Default: the production version'),
      from: isoTime('Windows starting at or after this (ISO 8601); default: `days` before `to`').optional(),
      to: isoTime('Windows starting before this (ISO 8601); default: now').optional(),
      days: z.number().int().min(1).max(90).default(DEFAULT_DAYS).describe('Without `from`: how many days back (default 30)'),
    })
    .strict(),
};

/** Production monitoring: the windows computed from logged predictions and late actuals. */
export function windowTools(data: MonitoringData, lookups: Lookups, now: () => Date): AnyToolDefinition[] {
  const monitoringWindows: ToolDefinition<z.output<typeof schemas.windows>, MonitoringWindowsResult> = {
    name: 'get_monitoring_windows',
    description:
      "A version's production monitoring windows (tumbling windows of logged predictions compared with the reference dataset), newest " +
      'first: status (fresh, stale, pending, insufficient, failed with reason), predictions and how many have an actual (label), drift ' +
      'verdict and drifted columns, accuracy/F1/ROC AUC over the labelled rows; and a summary: since when the newest drift has lasted ' +
      '(ongoingDriftSince, the answer to "when did drift start?"), which columns drifted in how many windows, and the share of predictions ' +
      'with labels. Default: the production version, the last 30 days.',
    schema: schemas.windows,
    async execute(args) {
      const model = await lookups.model(args.model);
      lookups.version(model, args.version);
      const version = args.version ?? model.productionVersion;
      if (!version) {
        throw new ToolError(
          `Model "${model.name}" has no production version; name a version (${model.versions.map((item) => item.version).join(', ') || 'none'}).`,
        );
      }
      const to = args.to ? new Date(args.to) : now();
      const from = args.from ? new Date(args.from) : new Date(to.getTime() - args.days * DAY_MS);
      if (from >= to) throw new ToolError('`from` must be before `to`.');
      const windows = await data.listWindows({ model: model.name, version, from, to });
      return {
        model: model.name,
        version,
        from: from.toISOString(),
        to: to.toISOString(),
        summary: summarizeWindows(windows),
        windows: windows.slice(0, MAX_LISTED_WINDOWS).map(toWindowBrief),
      };
    },
    summarize: (_args, result) =>
      `${result.summary.windows} monitoring window${result.summary.windows === 1 ? '' : 's'} of ${result.model} ${result.version}` +
      (result.summary.withDrift ? `, ${result.summary.driftedWindows} drifted` : ''),
  };
  return [monitoringWindows];
}
