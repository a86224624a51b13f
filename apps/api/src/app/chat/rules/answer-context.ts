import { ToolRegistry, ToolRun } from '../tools/tool-registry';
import type { GetModelResult } from '../tools/monitoring-tools';
import { markdownText as md } from './format';
import { ParsedQuestion, StageRef, Vocabulary } from './intent-parser';

const DAY = 86_400_000;

/** Thrown (as a value) by an answer that cannot go on; the text becomes the reply. */
export class Answer {
  constructor(readonly text: string) {}
}

export function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function versionLabel(version: string, stage: string | null | undefined): string {
  return stage && stage !== 'none' ? `${md(version)} (${stage})` : md(version);
}

/**
 * One question being answered: the parsed question, the names known, and the tool calls made so far.
 * Answers (under `answers/`, by subject) read data only through `call`, so every number they write
 * comes from a recorded tool result.
 */
export class AnswerContext {
  readonly calls: ToolRun[] = [];

  constructor(
    private readonly tools: ToolRegistry,
    readonly vocabulary: Vocabulary,
    readonly parsed: ParsedQuestion,
    readonly question: string,
    readonly now: Date,
    private readonly signal?: AbortSignal,
    private readonly onToolRun?: (run: ToolRun) => void,
  ) {}

  /** Runs a tool, records it, and stops with the tool's own message when it fails. */
  async call<T>(name: string, args: Record<string, unknown>): Promise<T> {
    const run = await this.run<T>(name, args);
    // Tool errors are plain text that may quote stored names ("Known models: …"): shown as text.
    if (!run.ok) throw new Answer(md(run.error));
    return run.result;
  }

  /** Like call, but a failure is returned as null (for optional parts of an answer). */
  async tryCall<T>(name: string, args: Record<string, unknown>): Promise<T | null> {
    const run = await this.run<T>(name, args);
    return run.ok ? run.result : null;
  }

  private async run<T>(name: string, args: Record<string, unknown>): Promise<ToolRun<T>> {
    this.signal?.throwIfAborted();
    const run = await this.tools.run<T>(name, args, this.signal);
    this.calls.push(run);
    this.onToolRun?.(run);
    return run;
  }

  /** The model the question is about: named, or the only one. */
  modelName(): string {
    if (this.parsed.model) return this.parsed.model;
    const models = this.vocabulary.models;
    if (models.length === 1) return models[0].name;
    if (models.length === 0)
      throw new Answer('No models are registered yet, so there is nothing to report. Register one with `POST /api/v1/models`.');
    throw new Answer(
      `Which model do you mean? Monitored models: ${models.map((model) => `**${md(model.name)}**`).join(', ')}.\n\n` +
        `For example: "How is ${md(models[0].name)} doing?"`,
    );
  }

  /** Versions named in the question, plus the newest version of each stage it names. */
  versionsFor(model: GetModelResult, stages: StageRef[]): string[] {
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

  requireMetric(model: string): string {
    if (this.parsed.metric) return this.parsed.metric;
    throw new Answer(`Which metric? ${md(model)} records: ${this.vocabulary.metricNames.map(md).join(', ') || 'no metrics yet'}.`);
  }

  /** The period the question names, else the last 7 days. */
  period(): { from: string; to: string; label: string } {
    const time = this.parsed.time;
    if (time) return { from: time.from.toISOString(), to: time.to.toISOString(), label: time.label };
    return { from: new Date(this.now.getTime() - 7 * DAY).toISOString(), to: this.now.toISOString(), label: 'the last 7 days' };
  }

  /** The dataset a question means: named, or the newest of a role for the model, or the only one. */
  datasetId(preferredRole: string): string {
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
        .map((dataset) => `**${md(dataset.name)}** (${dataset.role})`)
        .join(', ')}.`,
    );
  }
}
