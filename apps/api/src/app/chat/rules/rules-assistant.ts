import { MonitoringAdapters } from '../tools/monitoring-tools';
import type {
  DatasetProfileResult,
  DatasetQualityResult,
  DriftReportResult,
  GetModelResult,
  LatestMetricItem,
  LatestMetricsResult,
  ListDatasetsResult,
  ListModelsResult,
  MetricSummaryResult,
} from '../tools/monitoring-tools';
import { ToolRegistry, ToolRun } from '../tools/tool-registry';
import { formatInteger, formatMetricChange, formatMetricValue, formatNumber, formatPValue, formatStatistic, markdownTable } from './format';
import { metricDirection } from '@stress/contracts';
import { glossaryEntry } from './glossary';
import { normalise, parseQuestion, ParsedQuestion, StageRef, Vocabulary } from './intent-parser';

const DAY = 86_400_000;
/** Enough models and datasets to recognise by name; beyond this people name them exactly anyway. */
const VOCABULARY_LIMIT = 100;
/** A change this large relative to the earlier value is called out in a status answer. */
const NOTABLE_CHANGE = 0.02;

export interface RulesAnswer {
  reply: string;
  toolCalls: ToolRun[];
}

/** Thrown (as a value) by a handler that cannot go on; the message becomes the reply. */
class Answer {
  constructor(readonly text: string) {}
}

/**
 * Answers by intent and entity rules. Every number it writes comes from a tool result; the
 * tools run through the same registry as in LLM mode, so `toolCalls` reads the same.
 */
export class RulesAssistant {
  constructor(
    private readonly tools: ToolRegistry,
    private readonly adapters: MonitoringAdapters,
  ) {}

  async answer(question: string, now: Date, signal?: AbortSignal, onToolRun?: (run: ToolRun) => void): Promise<RulesAnswer> {
    const vocabulary = await this.vocabulary();
    const parsed = parseQuestion(question, vocabulary, now);
    const session = new Session(this.tools, vocabulary, parsed, question, now, signal, onToolRun);
    let reply: string;
    try {
      reply = await session.reply();
    } catch (error) {
      if (error instanceof Answer) reply = error.text;
      else throw error;
    }
    return { reply, toolCalls: session.calls };
  }

  /** Names to recognise in the question, read straight from the services (not shown as tool calls). */
  async vocabulary(): Promise<Vocabulary> {
    const models = (await this.adapters.models.list()).slice(0, VOCABULARY_LIMIT);
    const details = await Promise.all(models.map((model) => this.adapters.models.get(model.name)));
    const names = await Promise.all(models.map((model) => this.adapters.metrics.names(model.name).catch(() => [] as string[])));
    const datasets = [...(await this.adapters.datasets.list({}))]
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, VOCABULARY_LIMIT);
    return {
      models: models.map((model, index) => ({
        name: model.name,
        displayName: model.displayName,
        versions: details[index]?.versions.map((version) => version.version) ?? [],
      })),
      metricNames: [...new Set(names.flat())].sort(),
      datasets: datasets.map((dataset) => ({ id: dataset.id, name: dataset.name, model: dataset.model, role: dataset.role })),
    };
  }
}

function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function versionLabel(version: string, stage: string | null | undefined): string {
  return stage && stage !== 'none' ? `${version} (${stage})` : version;
}

const TREND_WORDS = { rising: 'rising', falling: 'falling', stable: 'stable' } as const;

class Session {
  readonly calls: ToolRun[] = [];

  constructor(
    private readonly tools: ToolRegistry,
    private readonly vocabulary: Vocabulary,
    private readonly parsed: ParsedQuestion,
    private readonly question: string,
    private readonly now: Date,
    private readonly signal?: AbortSignal,
    private readonly onToolRun?: (run: ToolRun) => void,
  ) {}

  /** Runs a tool, records it, and stops with the tool's own message when it fails. */
  private async call<T>(name: string, args: Record<string, unknown>): Promise<T> {
    this.signal?.throwIfAborted();
    const run = await this.tools.run<T>(name, args, this.signal);
    this.calls.push(run);
    this.onToolRun?.(run);
    if (!run.ok) throw new Answer(run.error);
    return run.result;
  }

  /** Like call, but a failure is returned as null (for optional parts of an answer). */
  private async tryCall<T>(name: string, args: Record<string, unknown>): Promise<T | null> {
    this.signal?.throwIfAborted();
    const run = await this.tools.run<T>(name, args, this.signal);
    this.calls.push(run);
    this.onToolRun?.(run);
    return run.ok ? run.result : null;
  }

  reply(): Promise<string> {
    switch (this.parsed.intent) {
      case 'help':
        return Promise.resolve(this.help());
      case 'glossary':
        return Promise.resolve(this.glossary());
      case 'list_models':
        return this.listModels();
      case 'model_versions':
        return this.modelVersions();
      case 'model_status':
        return this.modelStatus();
      case 'metric_value':
        return this.metricValue();
      case 'metric_trend':
        return this.metricTrend();
      case 'compare_versions':
        return this.compareVersions();
      case 'drift':
        return this.drift();
      case 'list_datasets':
        return this.listDatasets();
      case 'dataset_profile':
        return this.datasetProfile();
      case 'dataset_quality':
        return this.datasetQuality();
      default:
        return Promise.resolve(this.help(true));
    }
  }

  // ----- entities -----

  private modelName(): string {
    if (this.parsed.model) return this.parsed.model;
    const models = this.vocabulary.models;
    if (models.length === 1) return models[0].name;
    if (models.length === 0)
      throw new Answer('No models are registered yet, so there is nothing to report. Register one with `POST /api/v1/models`.');
    throw new Answer(
      `Which model do you mean? Monitored models: ${models.map((model) => `**${model.name}**`).join(', ')}.\n\n` +
        `For example: "How is ${models[0].name} doing?"`,
    );
  }

  private versionsFor(model: GetModelResult, stages: StageRef[]): string[] {
    const fromStages = stages.flatMap((stage) =>
      stage === 'production' && model.productionVersion
        ? [model.productionVersion]
        : model.versions
            .filter((version) => version.stage === stage)
            .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
            .slice(0, 1)
            .map((version) => version.version),
    );
    return [...new Set([...this.parsed.versions, ...fromStages])];
  }

  private requireMetric(model: string): string {
    if (this.parsed.metric) return this.parsed.metric;
    throw new Answer(`Which metric? ${model} records: ${this.vocabulary.metricNames.join(', ') || 'no metrics yet'}.`);
  }

  // ----- answers -----

  private help(unknown = false): string {
    const model = this.vocabulary.models[0];
    const name = model?.name ?? 'my-model';
    const versions = [...(model?.versions ?? [])].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
    const metric = this.vocabulary.metricNames.includes('accuracy') ? 'accuracy' : (this.vocabulary.metricNames[0] ?? 'accuracy');
    const dataset = this.vocabulary.datasets[0]?.name ?? `${name}-reference`;
    const [v1, v2] = versions.length >= 2 ? versions.slice(-2) : ['1.0.0', '2.0.0'];
    const lines = [
      unknown
        ? 'I could not match that question to the monitoring data. I answer from the registry, metrics, datasets and drift reports only. Here is what I can answer:'
        : 'I answer questions about the monitored models from their real data. You can ask:',
      '',
      `- **Models and versions**: "Which models are monitored?", "Which versions does ${name} have?"`,
      `- **Health**: "How is ${name} doing?" (latest metrics against 7 days earlier, drift status)`,
      `- **A metric**: "What is the latest ${metric} of ${name}?", "${metric} trend of ${name} over the last 7 days", "${metric} since Monday"`,
      `- **Versions side by side**: "Compare ${v1} and ${v2} on ${metric}"`,
      `- **Drift**: "Is there drift in ${name}?", "Which columns drifted?"`,
      `- **Datasets**: "Which datasets are there?", "Profile of ${dataset}", "Quality of ${dataset}"`,
      '- **Terms**: "What is PSI?", "Explain Wasserstein", "What does recall mean?" (also drift, Jensen–Shannon, KS, chi-square, precision, F1, ROC AUC)',
      '',
      'Time phrases I understand: today, yesterday, last 24 hours, last 7 days, last 3 weeks, this week, since Monday, since 2026-11-01.',
    ];
    if (this.vocabulary.models.length) {
      lines.push('', `Models I know: ${this.vocabulary.models.map((item) => item.name).join(', ')}.`);
    }
    return lines.join('\n');
  }

  private glossary(): string {
    const entry = this.parsed.term ? glossaryEntry(this.parsed.term) : undefined;
    if (!entry) return this.help(true);
    const model = this.vocabulary.models[0]?.name;
    const follow =
      ['drift', 'psi', 'wasserstein', 'jensenshannon', 'ks', 'chisquare', 'z', 'p_value'].includes(entry.key) && model
        ? `\n\nTo see it on your data, ask: "Is there drift in ${model}?"`
        : model
          ? `\n\nTo see it on your data, ask: "What is the latest ${this.vocabulary.metricNames.includes(entry.key) ? entry.key : 'accuracy'} of ${model}?"`
          : '';
    return `**${entry.title}**: ${entry.text}${follow}`;
  }

  private async listModels(): Promise<string> {
    const result = await this.call<ListModelsResult>('list_models', {});
    if (!result.models.length) return 'No models are registered yet. Register one with `POST /api/v1/models`.';
    const rows = result.models.map((model) => [
      model.name,
      model.displayName,
      model.task,
      model.productionVersion ?? '—',
      model.tags.join(', ') || '—',
    ]);
    const inProduction = result.models.filter((model) => model.productionVersion);
    return [
      `**${result.models.length}** model${result.models.length === 1 ? ' is' : 's are'} monitored` +
        (inProduction.length
          ? `; in production: ${inProduction.map((model) => `${model.name} **${model.productionVersion}**`).join(', ')}.`
          : '; none has a production version yet.'),
      '',
      markdownTable(['Model', 'Name', 'Task', 'Production version', 'Tags'], rows),
    ].join('\n');
  }

  private async modelVersions(): Promise<string> {
    const model = await this.call<GetModelResult>('get_model', { model: this.modelName() });
    if (!model.versions.length) return `**${model.name}** has no versions yet.`;
    const rows = [...model.versions]
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
      .map((version) => [version.version, version.stage, version.framework ?? '—', when(version.createdAt)]);
    return [
      `**${model.name}** has ${model.versions.length} version${model.versions.length === 1 ? '' : 's'}; ` +
        (model.productionVersion ? `**${model.productionVersion}** is in production.` : 'none is in production.'),
      '',
      markdownTable(['Version', 'Stage', 'Framework', 'Created'], rows),
    ].join('\n');
  }

  private async modelStatus(): Promise<string> {
    const model = await this.call<GetModelResult>('get_model', { model: this.modelName() });
    const chosen = this.versionsFor(model, this.parsed.stages)[0] ?? model.productionVersion ?? undefined;
    const latest = await this.call<LatestMetricsResult>('get_latest_metrics', {
      model: model.name,
      ...(chosen ? { version: chosen } : {}),
    });
    const lines: string[] = [];
    const heading =
      `**${model.name}**` + (model.productionVersion ? `: production version **${model.productionVersion}**` : ': no production version');
    lines.push(`${heading}${chosen && chosen !== model.productionVersion ? `; showing **${chosen}**` : ''}.`);
    if (!latest.items.length) {
      lines.push('', `No metrics are recorded for ${chosen ? `version ${chosen}` : 'it'} yet.`);
    } else {
      const newest = latest.items.reduce((a, b) => (a.timestamp > b.timestamp ? a : b)).timestamp;
      lines.push('', `Latest metrics (newest point ${when(newest)}) against ${latest.comparedDaysAgo} days earlier:`, '');
      const showVersion = !chosen;
      const days = latest.comparedDaysAgo;
      lines.push(
        markdownTable(
          [
            ...(showVersion ? ['Version'] : []),
            'Metric',
            'Latest',
            `${days} days earlier`,
            'Change',
            `24 h mean (vs ${days} days earlier)`,
          ],
          latest.items.map((item) => [
            ...(showVersion ? [versionLabel(item.version, item.stage)] : []),
            item.name,
            formatMetricValue(item.name, item.value),
            item.earlier ? formatMetricValue(item.name, item.earlier.value) : 'no data',
            item.change === null ? '—' : formatMetricChange(item.name, item.change),
            item.dayMean === null
              ? '—'
              : `${formatMetricValue(item.name, item.dayMean)}` +
                (item.earlierDayMean === null ? '' : ` (vs ${formatMetricValue(item.name, item.earlierDayMean)})${this.verdict(item)}`),
          ]),
        ),
      );
      const moved = (item: LatestMetricItem, sign: 1 | -1) => {
        const relative = this.relativeChange(item);
        return (
          relative !== null && Math.abs(relative) >= NOTABLE_CHANGE && metricDirection(item.name) * (item.dayMeanChange ?? 0) * sign > 0
        );
      };
      const worse = latest.items.filter((item) => moved(item, -1));
      const better = latest.items.filter((item) => moved(item, 1));
      const describe = (item: LatestMetricItem) =>
        `${item.name} ${formatMetricValue(item.name, item.earlierDayMean ?? 0)} → ${formatMetricValue(item.name, item.dayMean ?? 0)}`;
      lines.push('');
      if (worse.length) lines.push(`**Worse than ${days} days ago** (24 h means): ${worse.map(describe).join(', ')}.`);
      if (better.length) lines.push(`**Better** (24 h means): ${better.map(describe).join(', ')}.`);
      if (!worse.length && !better.length)
        lines.push(`No quality or latency metric moved by ${NOTABLE_CHANGE * 100}% or more in ${latest.comparedDaysAgo} days.`);
    }
    lines.push('', await this.driftLine(model.name));
    return lines.join('\n');
  }

  /** Relative change of the 24 h means: single hourly points are too noisy to judge by. */
  private relativeChange(item: LatestMetricItem): number | null {
    if (item.dayMeanChange === null || item.earlierDayMean === null) return null;
    const base = Math.abs(item.earlierDayMean);
    return base > 0 ? item.dayMeanChange / base : null;
  }

  private verdict(item: LatestMetricItem): string {
    const relative = this.relativeChange(item);
    const direction = metricDirection(item.name);
    if (relative === null || direction === 0 || Math.abs(relative) < NOTABLE_CHANGE) return '';
    return direction * (item.dayMeanChange ?? 0) < 0 ? ' worse' : ' better';
  }

  private async driftLine(model: string): Promise<string> {
    const report = await this.tryCall<DriftReportResult>('get_drift_report', { model });
    if (!report) return `**Drift:** no drift report exists for ${model} yet.`;
    const drifted = report.columns.filter((column) => column.drifted).map((column) => column.column);
    return (
      `**Drift:** the newest report (${when(report.createdAt)}${report.version ? `, version ${report.version}` : ''}) ` +
      (report.datasetDrift ? '**detected dataset drift**' : 'found **no dataset drift**') +
      `: ${report.driftedColumns} of ${report.totalColumns} columns drifted` +
      (drifted.length ? ` (${drifted.join(', ')})` : '') +
      '.'
    );
  }

  private async metricValue(): Promise<string> {
    const modelName = this.modelName();
    const metric = this.requireMetric(modelName);
    const needsModel = this.parsed.stages.length > 0;
    const model = needsModel ? await this.call<GetModelResult>('get_model', { model: modelName }) : null;
    const versions = model ? this.versionsFor(model, this.parsed.stages) : this.parsed.versions;
    const result = await this.call<LatestMetricsResult>('get_latest_metrics', {
      model: modelName,
      metric,
      ...(versions.length === 1 ? { version: versions[0] } : {}),
    });
    const items = result.items.filter((item) => versions.length === 0 || versions.includes(item.version));
    if (!items.length)
      return `No **${metric}** values are recorded for ${modelName}${versions.length ? ` ${versions.join(', ')}` : ''} yet.`;
    if (items.length === 1) {
      const [item] = items;
      return (
        `The latest **${metric}** of ${modelName} ${versionLabel(item.version, item.stage)} is **${formatMetricValue(metric, item.value)}** (${when(item.timestamp)}).` +
        (item.earlier && item.change !== null
          ? ` ${result.comparedDaysAgo} days earlier it was ${formatMetricValue(metric, item.earlier.value)} (${formatMetricChange(metric, item.change)}).`
          : '')
      );
    }
    return [
      `Latest **${metric}** of ${modelName} per version:`,
      '',
      markdownTable(
        ['Version', metric, 'At', `${result.comparedDaysAgo} days earlier`],
        items.map((item) => [
          versionLabel(item.version, item.stage),
          formatMetricValue(metric, item.value),
          when(item.timestamp),
          item.earlier ? formatMetricValue(metric, item.earlier.value) : 'no data',
        ]),
      ),
    ].join('\n');
  }

  private period(): { from: string; to: string; label: string } {
    const time = this.parsed.time;
    if (time) return { from: time.from.toISOString(), to: time.to.toISOString(), label: time.label };
    return { from: new Date(this.now.getTime() - 7 * DAY).toISOString(), to: this.now.toISOString(), label: 'the last 7 days' };
  }

  private async metricTrend(): Promise<string> {
    const modelName = this.modelName();
    const metric = this.requireMetric(modelName);
    const model = this.parsed.stages.length ? await this.call<GetModelResult>('get_model', { model: modelName }) : null;
    const versions = model ? this.versionsFor(model, this.parsed.stages) : this.parsed.versions;
    const period = this.period();
    const result = await this.call<MetricSummaryResult>('get_metric_summary', {
      model: modelName,
      metric,
      from: period.from,
      to: period.to,
      ...(versions.length === 1 ? { version: versions[0] } : {}),
    });
    const entries = result.versions.filter((entry) => versions.length === 0 || versions.includes(entry.version));
    if (!entries.length)
      return `No **${metric}** data for ${modelName}${versions.length ? ` ${versions.join(', ')}` : ''} in ${period.label} (${when(result.from)} to ${when(result.to)}).`;
    const bucketWord = { '1m': 'minute', '5m': '5-minute', '15m': '15-minute', '1h': 'hourly', '6h': '6-hour', '1d': 'daily' }[
      result.bucket
    ];
    const f = (value: number) => formatMetricValue(metric, value);
    const lines = [
      `**${metric}** of ${modelName} over ${period.label} (${when(result.from)} to ${when(result.to)}, ${bucketWord} means):`,
      '',
    ];
    for (const { version, stage, summary } of entries) {
      lines.push(
        `- **${versionLabel(version, stage)}**: ${TREND_WORDS[summary.trend]}, from ${f(summary.first.value)} to ${f(summary.last.value)} (${formatMetricChange(metric, summary.change)}); ` +
          `mean ${f(summary.mean)}, min ${f(summary.min)}, max ${f(summary.max)} over ${formatInteger(summary.points)} points.`,
      );
    }
    return lines.join('\n');
  }

  private async compareVersions(): Promise<string> {
    const model = await this.call<GetModelResult>('get_model', { model: this.modelName() });
    let versions = this.versionsFor(model, this.parsed.stages);
    if (versions.length < 2) {
      const production = model.productionVersion;
      const staging = model.versions
        .filter((version) => version.stage === 'staging')
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0]?.version;
      const newest = [...model.versions].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((version) => version.version);
      const partner = [production, staging, ...newest].find((version) => version && !versions.includes(version));
      if (partner) versions = [...versions, partner];
      if (versions.length < 2) {
        const other = [production, staging, ...newest].find((version) => version && !versions.includes(version));
        if (other) versions = [...versions, other];
      }
    }
    if (versions.length < 2)
      return `**${model.name}** has only ${model.versions.length} version${model.versions.length === 1 ? '' : 's'}; there is nothing to compare.`;
    const [a, b] = versions;
    const stage = (version: string) => model.versions.find((item) => item.version === version)?.stage;
    const metric = this.parsed.metric;
    if (metric) {
      const period = this.period();
      const summary = await this.call<MetricSummaryResult>('get_metric_summary', {
        model: model.name,
        metric,
        from: period.from,
        to: period.to,
      });
      const latest = await this.call<LatestMetricsResult>('get_latest_metrics', { model: model.name, metric });
      const rows = [a, b].map((version) => {
        const s = summary.versions.find((entry) => entry.version === version)?.summary;
        const l = latest.items.find((item) => item.version === version);
        return [
          versionLabel(version, stage(version)),
          l ? formatMetricValue(metric, l.value) : 'no data',
          s ? formatMetricValue(metric, s.mean) : 'no data',
          s ? formatMetricValue(metric, s.min) : '—',
          s ? formatMetricValue(metric, s.max) : '—',
        ];
      });
      const la = latest.items.find((item) => item.version === a);
      const lb = latest.items.find((item) => item.version === b);
      let verdict = '';
      if (la && lb) {
        const direction = metricDirection(metric);
        const diff = lb.value - la.value;
        const better = direction === 0 || diff === 0 ? null : direction * diff > 0 ? b : a;
        verdict =
          `\n\nLatest ${metric}: ${b} ${formatMetricChange(metric, diff)} against ${a}` +
          (better ? `; **${better}** is better on ${metric}.` : '.');
      }
      return (
        [
          `**${metric}** of ${model.name}, ${a} against ${b} (mean, min and max over ${period.label}):`,
          '',
          markdownTable(['Version', 'Latest', 'Mean', 'Min', 'Max'], rows),
        ].join('\n') + verdict
      );
    }
    const latest = await this.call<LatestMetricsResult>('get_latest_metrics', { model: model.name });
    const names = [...new Set(latest.items.map((item) => item.name))].sort();
    const value = (version: string, name: string) => latest.items.find((item) => item.version === version && item.name === name);
    const rows = names
      .filter((name) => value(a, name) || value(b, name))
      .map((name) => {
        const va = value(a, name);
        const vb = value(b, name);
        return [
          name,
          va ? formatMetricValue(name, va.value) : 'no data',
          vb ? formatMetricValue(name, vb.value) : 'no data',
          va && vb ? formatMetricChange(name, vb.value - va.value) : '—',
        ];
      });
    if (!rows.length) return `Neither ${a} nor ${b} of ${model.name} has metrics recorded yet.`;
    return [
      `Latest metrics of ${model.name}: **${versionLabel(a, stage(a))}** against **${versionLabel(b, stage(b))}**:`,
      '',
      markdownTable(['Metric', a, b, `${b} − ${a}`], rows),
    ].join('\n');
  }

  private async drift(): Promise<string> {
    const model = this.parsed.model ?? (this.vocabulary.models.length === 1 ? this.vocabulary.models[0].name : undefined);
    const report = await this.call<DriftReportResult>('get_drift_report', model ? { model } : {});
    const datasetName = (id: string) => this.vocabulary.datasets.find((dataset) => dataset.id === id)?.name ?? id;
    const drifted = report.columns.filter((column) => column.drifted);
    const stable = report.columns.filter((column) => !column.drifted);
    const text = normalise(this.question);
    const asked = report.columns.filter(
      (column) => text.includes(` ${column.column.toLowerCase()} `) || text.includes(` ${column.column.toLowerCase().replace(/_/g, ' ')} `),
    );
    const describe = (column: DriftReportResult['columns'][number]) =>
      `${column.stattest} ${column.pValue !== null ? `p = ${formatPValue(column.pValue)}` : `= ${formatStatistic(column.statistic)}`} (threshold ${formatNumber(column.threshold)})`;
    const lines: string[] = [];
    for (const column of asked) {
      lines.push(`**${column.column}** ${column.drifted ? 'has drifted' : 'has not drifted'}: ${describe(column)}.`);
    }
    if (asked.length) lines.push('');
    lines.push(
      `Newest drift report${report.model ? ` for **${report.model}**${report.version ? ` ${report.version}` : ''}` : ''} (${when(report.createdAt)}, ` +
        `reference ${datasetName(report.referenceDatasetId)} against current ${datasetName(report.currentDatasetId)}): ` +
        (report.datasetDrift ? '**dataset drift detected**' : '**no dataset drift**') +
        ` — ${report.driftedColumns} of ${report.totalColumns} columns drifted (share ${formatMetricValue('drift_share', report.driftShare)}` +
        (report.driftShareThreshold !== undefined ? `, dataset drift from ${formatNumber(report.driftShareThreshold)}` : '') +
        ').',
    );
    if (drifted.length) {
      lines.push(
        '',
        markdownTable(
          ['Drifted column', 'Type', 'Test', 'Statistic', 'p-value', 'Threshold'],
          drifted.map((column) => [
            column.column,
            column.type,
            column.stattest,
            formatStatistic(column.statistic),
            column.pValue === null ? '—' : formatPValue(column.pValue),
            formatNumber(column.threshold),
          ]),
        ),
      );
    }
    if (stable.length) lines.push('', `Not drifted: ${stable.map((column) => column.column).join(', ')}.`);
    return lines.join('\n');
  }

  private async listDatasets(): Promise<string> {
    const model = this.parsed.model;
    const result = await this.call<ListDatasetsResult>('list_datasets', {
      ...(model ? { model } : {}),
      ...(this.parsed.datasetRole ? { role: this.parsed.datasetRole } : {}),
    });
    if (!result.datasets.length)
      return `No datasets are uploaded${model ? ` for ${model}` : ''} yet. Upload one with \`POST /api/v1/datasets\`.`;
    return [
      `**${result.datasets.length}** dataset${result.datasets.length === 1 ? '' : 's'}${model ? ` of ${model}` : ''}:`,
      '',
      markdownTable(
        ['Name', 'Role', 'Model', 'Version', 'Rows', 'Id'],
        result.datasets.map((dataset) => [
          dataset.name,
          dataset.role,
          dataset.model ?? '—',
          dataset.version ?? '—',
          formatInteger(dataset.rowCount),
          dataset.id,
        ]),
      ),
    ].join('\n');
  }

  /** The dataset a question means: named, or the newest of a role for the model, or the only one. */
  private datasetId(preferredRole: string): string {
    if (this.parsed.datasetId) return this.parsed.datasetId;
    const model = this.parsed.model;
    const candidates = this.vocabulary.datasets.filter((dataset) => !model || dataset.model === model);
    const role = this.parsed.datasetRole ?? (candidates.length > 1 ? preferredRole : undefined);
    const byRole = role ? candidates.filter((dataset) => dataset.role === role) : candidates;
    // The vocabulary lists datasets newest first.
    if (byRole.length >= 1 && (role || byRole.length === 1)) return byRole[0].id;
    if (!this.vocabulary.datasets.length) throw new Answer('No datasets are uploaded yet. Upload one with `POST /api/v1/datasets`.');
    throw new Answer(
      `Which dataset? Known datasets: ${candidates
        .slice(0, 10)
        .map((dataset) => `**${dataset.name}** (${dataset.role})`)
        .join(', ')}.`,
    );
  }

  private async datasetProfile(): Promise<string> {
    const profile = await this.call<DatasetProfileResult>('get_dataset_profile', { dataset: this.datasetId('current') });
    const numerical = profile.columns.filter((column) => column.mean !== undefined && column.mean !== null);
    const other = profile.columns.filter((column) => column.mean === undefined || column.mean === null);
    const lines = [
      `**${profile.name}** (${profile.role}${profile.model ? `, ${profile.model}${profile.version ? ` ${profile.version}` : ''}` : ''}): ` +
        `${formatInteger(profile.rowCount)} rows, ${profile.columns.length} columns.`,
    ];
    if (numerical.length) {
      lines.push(
        '',
        markdownTable(
          ['Column', 'Missing', 'Distinct', 'Mean', 'Std', 'Min', 'Max'],
          numerical.map((column) => [
            column.name,
            formatInteger(column.missing),
            formatInteger(column.distinct),
            formatNumber(column.mean ?? NaN),
            column.std === null || column.std === undefined ? '—' : formatNumber(column.std),
            column.min === null || column.min === undefined ? '—' : formatNumber(column.min),
            column.max === null || column.max === undefined ? '—' : formatNumber(column.max),
          ]),
        ),
      );
    }
    if (other.length) {
      lines.push(
        '',
        markdownTable(
          ['Column', 'Type', 'Missing', 'Distinct', 'Most frequent'],
          other.map((column) => [
            column.name,
            column.type,
            formatInteger(column.missing),
            formatInteger(column.distinct),
            column.top?.length
              ? column.top
                  .slice(0, 3)
                  .map((top) => `${top.value} (${formatInteger(top.count)})`)
                  .join(', ')
              : '—',
          ]),
        ),
      );
    }
    lines.push('', profile.warnings.length ? `**Warnings:** ${profile.warnings.join('; ')}.` : 'No warnings.');
    return lines.join('\n');
  }

  private async datasetQuality(): Promise<string> {
    const result = await this.call<DatasetQualityResult>('get_dataset_quality', { dataset: this.datasetId('current') });
    const q = result.quality;
    const parts = [
      `accuracy **${formatMetricValue('accuracy', q.accuracy)}**`,
      `precision **${formatMetricValue('precision', q.precision)}**`,
      `recall **${formatMetricValue('recall', q.recall)}**`,
      `F1 **${formatMetricValue('f1', q.f1)}**`,
      ...(q.rocAuc !== null && q.rocAuc !== undefined ? [`ROC AUC **${formatMetricValue('roc_auc', q.rocAuc)}**`] : []),
      ...(q.logLoss !== null && q.logLoss !== undefined ? [`log loss **${q.logLoss.toFixed(4)}**`] : []),
    ];
    const matrix = q.confusionMatrix;
    return [
      `Classification quality of **${result.dataset.name}** (${q.task}, ${formatInteger(q.support)} labelled rows): ${parts.join(', ')}.`,
      '',
      'Confusion matrix (rows: true label, columns: predicted):',
      '',
      markdownTable(
        ['', ...matrix.labels],
        matrix.matrix.map((row, index) => [matrix.labels[index], ...row.map((count) => formatInteger(count))]),
      ),
    ].join('\n');
  }
}
