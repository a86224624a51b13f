import { ToolRegistry, ToolRun } from '../tools/tool-registry';
import { Answer, AnswerContext } from './answer-context';
import { datasetProfile, datasetQuality, listDatasets } from './answers/dataset-answers';
import { drift } from './answers/drift-answers';
import { glossary, help } from './answers/help-answers';
import { compareVersions, metricTrend, metricValue } from './answers/metric-answers';
import { listModels, modelStatus, modelVersions } from './answers/model-answers';
import { performanceEstimate } from './answers/estimate-answers';
import { productionWindows } from './answers/window-answers';
import { alerts } from './answers/alert-answers';
import { Intent, parseQuestion } from './intent-parser';
import { VocabularyCache } from './vocabulary-cache';

export interface RulesAnswer {
  reply: string;
  toolCalls: ToolRun[];
}

/** One answer per intent; each lives with its subject under `answers/`. */
const ANSWERS: Record<Intent, (ctx: AnswerContext) => string | Promise<string>> = {
  help: (ctx) => help(ctx),
  glossary,
  list_models: listModels,
  model_versions: modelVersions,
  model_status: modelStatus,
  metric_value: metricValue,
  metric_trend: metricTrend,
  compare_versions: compareVersions,
  drift,
  list_datasets: listDatasets,
  dataset_profile: datasetProfile,
  dataset_quality: datasetQuality,
  performance_estimate: performanceEstimate,
  production_windows: productionWindows,
  alerts,
  unknown: (ctx) => help(ctx, true),
};

/**
 * Answers by intent and entity rules. Every number it writes comes from a tool result; the
 * tools run through the same registry as in LLM mode, so `toolCalls` reads the same.
 */
export class RulesAssistant {
  constructor(
    private readonly tools: ToolRegistry,
    private readonly vocabulary: VocabularyCache,
  ) {}

  async answer(question: string, now: Date, signal?: AbortSignal, onToolRun?: (run: ToolRun) => void): Promise<RulesAnswer> {
    const vocabulary = await this.vocabulary.get();
    const parsed = parseQuestion(question, vocabulary, now);
    const context = new AnswerContext(this.tools, vocabulary, parsed, question, now, signal, onToolRun);
    let reply: string;
    try {
      reply = await ANSWERS[parsed.intent](context);
    } catch (error) {
      if (error instanceof Answer) reply = error.text;
      else throw error;
    }
    return { reply, toolCalls: context.calls };
  }
}
