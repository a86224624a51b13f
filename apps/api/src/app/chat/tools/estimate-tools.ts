import type { MonitoringWindowDto, PerformanceEstimateDto } from '@stress/contracts';
import { z } from 'zod';
import { MonitoringData } from '../monitoring/monitoring-data';
import { AnyToolDefinition, ToolDefinition } from './tool-registry';
import { Lookups, modelName, versionName } from './tool-support';

export interface PerformanceEstimateResult {
  model: string;
  /** The version asked for, else the production version, else null (any version). */
  versionAsked: string | null;
  /** The newest estimate of that version; when the production version has none, the model's newest. Null when the model has none. */
  estimate: PerformanceEstimateDto | null;
  /** Names of the two datasets (null when a dataset has gone since). */
  referenceDataset: { id: string; name: string } | null;
  currentDataset: { id: string; name: string } | null;
  /**
   * The newest monitoring window of the version asked for that has an estimate (production data, estimated by
   * monitoring as each window is computed); null without one.
   */
  latestWindow: Pick<MonitoringWindowDto, 'start' | 'end' | 'rows' | 'rowsWithActual' | 'estimate' | 'quality'> | null;
}

const schemas = {
  estimate: z
    .object({
      model: modelName,
      version: versionName.optional().describe('Only estimates of this version; default: the production version, else any'),
    })
    .strict(),
};

/** Performance estimated without labels (CBPE), as stored by `POST /api/v1/performance-estimates`. */
export function estimateTools(data: MonitoringData, lookups: Lookups): AnyToolDefinition[] {
  const datasetName = async (id: string) => {
    const dataset = await data.getDataset(id);
    return dataset ? { id: dataset.id, name: dataset.name } : null;
  };

  const performanceEstimate: ToolDefinition<z.output<typeof schemas.estimate>, PerformanceEstimateResult> = {
    name: 'get_performance_estimate',
    description:
      "The model's latest performance estimate without labels (CBPE): estimated accuracy, precision, recall, F1, specificity and ROC AUC, " +
      'each with its 95 % band (value, lower, upper); realized values when the current dataset has targets (else null); calibration ' +
      'error before and after calibration; warnings. Defaults to the production version. estimate is null when none exists: one is made ' +
      'with "Estimate quality" on a current dataset\'s page or POST /api/v1/performance-estimates. latestWindow: the newest monitoring ' +
      "window of the version's logged predictions with its own estimate (and its realized quality once actuals arrived), or null.",
    schema: schemas.estimate,
    async execute(args) {
      const model = await lookups.model(args.model);
      lookups.version(model, args.version);
      const versionAsked = args.version ?? model.productionVersion ?? null;
      const newest = async (version?: string) => (await data.listPerformanceEstimates({ model: model.name, version, limit: 1 }))[0] ?? null;
      // An estimate of another version still says more than none; the answer names its version.
      let estimate = await newest(versionAsked ?? undefined);
      if (!estimate && versionAsked && !args.version) estimate = await newest();
      const windows = versionAsked ? await data.listWindows({ model: model.name, version: versionAsked }) : [];
      const window = windows.find((entry) => entry.estimate !== null) ?? null;
      return {
        model: model.name,
        versionAsked,
        estimate,
        referenceDataset: estimate ? await datasetName(estimate.referenceDatasetId) : null,
        currentDataset: estimate ? await datasetName(estimate.currentDatasetId) : null,
        latestWindow: window && {
          start: window.start,
          end: window.end,
          rows: window.rows,
          rowsWithActual: window.rowsWithActual,
          estimate: window.estimate,
          quality: window.quality,
        },
      };
    },
    summarize: (_args, result) =>
      [
        result.estimate
          ? `estimate of ${result.model}${result.estimate.version ? ` ${result.estimate.version}` : ''}: ${result.estimate.rows.current} rows`
          : `no dataset estimate of ${result.model}`,
        ...(result.latestWindow ? [`latest window ${result.latestWindow.start}`] : []),
      ].join('; '),
  };

  return [performanceEstimate];
}
