import { GLOSSARY } from './glossary';
import { parseTimePhrase, TimeRange } from './time-phrases';

/** Names the rules can recognise, loaded from the services before parsing. */
export interface Vocabulary {
  models: Array<{ name: string; displayName?: string; versions: string[] }>;
  metricNames: string[];
  datasets: Array<{ id: string; name: string; model?: string | null; role?: string }>;
}

export type Intent =
  | 'help'
  | 'list_models'
  | 'model_versions'
  | 'model_status'
  | 'metric_value'
  | 'metric_trend'
  | 'compare_versions'
  | 'drift'
  | 'list_datasets'
  | 'dataset_profile'
  | 'dataset_quality'
  | 'performance_estimate'
  | 'production_windows'
  | 'alerts'
  | 'glossary'
  | 'unknown';

export type StageRef = 'production' | 'staging' | 'archived';

export interface ParsedQuestion {
  intent: Intent;
  model?: string;
  /** Versions named explicitly, in the order mentioned. */
  versions: string[];
  /** Stages named ("production", "staging"), resolved to versions by the caller. */
  stages: StageRef[];
  metric?: string;
  /** Metrics named, in order (the first is `metric`). */
  metrics: string[];
  datasetId?: string;
  datasetRole?: string;
  term?: string;
  time?: TimeRange;
}

/** Spoken names of common metrics; only used when the metric exists (or nothing is loaded yet). */
const METRIC_ALIASES: Record<string, string[]> = {
  roc_auc: ['roc auc', 'roc-auc', 'auroc', 'auc', 'area under the curve'],
  f1: ['f1 score', 'f1-score', 'f-score', 'f1'],
  latency_ms: ['latency', 'response time', 'inference time'],
  prediction_count: ['prediction count', 'number of predictions', 'predictions', 'prediction volume', 'volume', 'traffic'],
  stress_rate: ['stress rate', 'positive rate', 'share of stressed'],
  accuracy: ['accuracy', 'acc'],
};

/** Metric-like terms recognised even when the model does not record them, so the answer can say so. */
const METRIC_TERMS: Array<Candidate<string>> = [
  { value: 'accuracy', phrases: ['accuracy'] },
  { value: 'precision', phrases: ['precision'] },
  { value: 'recall', phrases: ['recall'] },
  { value: 'f1', phrases: ['f1', 'f1 score', 'f1-score'] },
  { value: 'roc_auc', phrases: ['roc auc', 'auc', 'auroc'] },
  { value: 'log_loss', phrases: ['log loss', 'logloss', 'log_loss', 'cross entropy', 'cross-entropy'] },
  { value: 'latency_ms', phrases: ['latency'] },
];

/** Quality without labels: asked for by the method's name, "estimated <metric>" or "without labels/ground truth". */
const ESTIMATE_CUE =
  / (cbpe|performance estimates?|performance estimation|estimated (quality|performance|accuracy|precision|recall|f1|specificity|auc|roc auc|metrics?)|estimate (of )?(the )?(quality|performance|accuracy)|(without|no|before( the)?|missing) (labels|ground truth|targets|actuals))( |$)/;

/** Labels of logged predictions (actuals), monitoring windows, or when drift began: answered from the production windows. */
const LABELS_CUE = / (labels?|labell?ed|unlabell?ed|actuals?|ground truth|(label|actual) coverage)( |$)/;
const WINDOWS_CUE = / (monitoring windows?|windows?|logged predictions|production data)( |$)/;
const DRIFT_START_CUE =
  / ((when|since when) (did|does|has|have|was|is) (the )?(data |inputs? |features? )?(been |start |begin )?drift\w*|drift\w* (start|started|starts|begin|began|beginning|since)|start of (the )?drift)( |$)/;
const DRIFT_CUE = / (drift|drifts|drifted|drifting|shift|shifted|distribution change|changed distribution)( |$)/;

/** Alerting: rules firing, pending, their state changes. */
const ALERTS_CUE = / (alerts?|alerting|firing|fired|fires|alarms?|paged|paging|on-call|oncall|incidents?)( |$)/;

const KNOWN_QUALITY_WORDS = /\b(quality|confusion|accuracy|precision|recall|f1|auc|roc|log ?loss|performance|score)\b/;

/** Lower case, separators unified, so "Stress_Detector" and "stress detector" meet. */
export function normalise(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/[?!,;:()[\]{}"`*]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
}

function spaced(name: string): string {
  return name
    .toLowerCase()
    .replace(/[_\-.]+/g, ' ')
    .trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Finds `phrase` as whole words in the normalised text; returns its index or -1. */
function findPhrase(text: string, phrase: string): number {
  if (!phrase.trim()) return -1;
  const match = new RegExp(`(?<![\\w.-])${escapeRegExp(phrase)}(?![\\w-]|\\.\\d)`).exec(text);
  return match ? match.index : -1;
}

interface Candidate<T> {
  value: T;
  phrases: string[];
}

/** Every candidate mentioned, ordered by first mention; longer phrases win overlaps. */
function mentions<T>(text: string, candidates: Array<Candidate<T>>): T[] {
  const found: Array<{ value: T; index: number; length: number }> = [];
  for (const candidate of candidates) {
    let best: { index: number; length: number } | null = null;
    for (const raw of candidate.phrases) {
      // Names go through the same normalisation as the question ("production, last 7 days").
      const phrase = normalise(raw).trim();
      const index = findPhrase(text, phrase);
      if (index !== -1 && (!best || phrase.length > best.length)) best = { index, length: phrase.length };
    }
    if (best) found.push({ value: candidate.value, ...best });
  }
  // Drop a mention contained in a longer one ("accuracy" inside "balanced accuracy").
  const kept = found.filter(
    (item) =>
      !found.some(
        (other) =>
          other !== item &&
          other.length > item.length &&
          other.index <= item.index &&
          other.index + other.length >= item.index + item.length,
      ),
  );
  const seen = new Set<T>();
  return kept
    .sort((a, b) => a.index - b.index)
    .map((item) => item.value)
    .filter((value) => (seen.has(value) ? false : (seen.add(value), true)));
}

function metricCandidates(vocabulary: Vocabulary): Array<Candidate<string>> {
  const names = vocabulary.metricNames.length ? vocabulary.metricNames : Object.keys(METRIC_ALIASES);
  return names.map((name) => {
    const phrases = new Set<string>([name.toLowerCase(), spaced(name)]);
    const withoutUnit = spaced(name.replace(/_(ms|s|sec|seconds|pct|percent)$/i, ''));
    if (withoutUnit) phrases.add(withoutUnit);
    for (const alias of METRIC_ALIASES[name] ?? []) phrases.add(alias);
    return { value: name, phrases: [...phrases] };
  });
}

const DEFINITION_CUE =
  /(^| )(what is|what's|whats|what are|what does|what do|meaning of|define|definition of|explain|tell me about|what means)( |$)/;
const DATA_CUE = /(^| )(the|our|my|current|latest|current|now|today|value|values|of the model|for the model)( |$)/;

/**
 * Reads a question into an intent and the entities it names. Pure: the vocabulary comes from
 * the services, `now` anchors time phrases. Models are matched by name, spaced name or display
 * name; versions only as versions of known models; metrics by name or common alias.
 */
export function parseQuestion(question: string, vocabulary: Vocabulary, now: Date): ParsedQuestion {
  const text = normalise(question);

  const models = mentions(
    text,
    vocabulary.models.map((model) => ({
      value: model.name,
      phrases: [
        model.name.toLowerCase(),
        spaced(model.name),
        ...(model.displayName ? [spaced(model.displayName), model.displayName.toLowerCase()] : []),
      ],
    })),
  );
  const model = models[0];
  const versionPool = vocabulary.models.filter((item) => !model || item.name === model).flatMap((item) => item.versions);
  const versions = mentions(
    text,
    [...new Set(versionPool)].map((version) => ({ value: version, phrases: [version.toLowerCase(), `v${version.toLowerCase()}`] })),
  );
  const stages = mentions<StageRef>(text, [
    { value: 'production', phrases: ['production', 'prod', 'live'] },
    { value: 'staging', phrases: ['staging', 'staged', 'candidate', 'challenger'] },
    { value: 'archived', phrases: ['archived', 'previous version', 'old version'] },
  ]);
  const known = mentions(text, metricCandidates(vocabulary));
  const metrics = known.length ? known : mentions(text, METRIC_TERMS);
  const datasets = mentions(
    text,
    vocabulary.datasets.map((dataset) => ({
      value: dataset.id,
      phrases: [dataset.id.toLowerCase(), dataset.name.toLowerCase(), spaced(dataset.name)],
    })),
  );
  const datasetRole = /\breference\b/.test(text)
    ? 'reference'
    : /\bcurrent (data|dataset|data set)\b/.test(text)
      ? 'current'
      : /\btraining (data|dataset|set)\b/.test(text)
        ? 'training'
        : undefined;
  const terms = mentions(
    text,
    GLOSSARY.map((entry) => ({ value: entry.key, phrases: entry.aliases.map((alias) => alias.toLowerCase()) })),
  );
  const time = parseTimePhrase(question, now) ?? undefined;

  const base = { model, versions, stages, metric: metrics[0], metrics, datasetId: datasets[0], datasetRole, term: terms[0], time };
  const has = (pattern: RegExp) => pattern.test(text);

  if (text.trim() === '' || has(/(^| )(help|what can you do|what can i ask|commands|how do i use you|examples?)( |$)/)) {
    return { ...base, intent: 'help' };
  }

  const definitional = has(DEFINITION_CUE) && !DATA_CUE.test(text.replace(DEFINITION_CUE, ' '));
  if (terms.length && (definitional || has(/ (does|do) .+ mean /) || has(/ meaning /)) && !model && !datasets.length) {
    return { ...base, intent: 'glossary' };
  }

  if (has(ESTIMATE_CUE)) return { ...base, intent: 'performance_estimate' };

  if (has(ALERTS_CUE)) return { ...base, intent: 'alerts' };

  // Production data: labels, windows, when drift began, or drift over a period (the windows have it per day).
  if (has(LABELS_CUE) || has(WINDOWS_CUE) || has(DRIFT_START_CUE) || (has(DRIFT_CUE) && time)) {
    return { ...base, intent: 'production_windows' };
  }

  if (has(DRIFT_CUE) || has(/ which (columns|features) (changed|moved)/)) {
    return { ...base, intent: 'drift' };
  }

  const datasetWords = has(/ (dataset|datasets|data set|data sets|profile|profiles|columns|missing values|missing) /);
  if (datasets.length || datasetWords) {
    if (!datasets.length && has(/ (which|what|list|show|all) (the )?(datasets|data sets)/)) return { ...base, intent: 'list_datasets' };
    if (!datasets.length && !datasetRole && has(/ (datasets|data sets) /)) return { ...base, intent: 'list_datasets' };
    if (KNOWN_QUALITY_WORDS.test(text)) return { ...base, intent: 'dataset_quality' };
    return { ...base, intent: 'dataset_profile' };
  }

  const comparing = has(/ (compare|comparison|versus|vs|better|worse|difference|differ|against) /);
  if (
    comparing &&
    (versions.length + stages.length >= 2 ||
      (versions.length + stages.length >= 1 && has(/ (other|previous|new|newer|older) /)) ||
      has(/ versions /))
  ) {
    return { ...base, intent: 'compare_versions' };
  }
  if (versions.length >= 2 && (metrics.length || comparing)) return { ...base, intent: 'compare_versions' };

  if (metrics.length) {
    const trendWords = has(
      / (trend|trends|trending|over time|history|evolve|evolved|evolution|changed|change|changing|series|going|improv\w*|degrad\w*|declin\w*|drop\w*|rise|rising|fall|falling|increase\w*|decrease\w*|chart|graph|min|max|average|mean|lowest|highest|worst|best)( |$)/,
    );
    return { ...base, intent: trendWords || time ? 'metric_trend' : 'metric_value' };
  }

  if (
    has(/ (how is|how's|hows|how are|how was|how has|how have) /) ||
    has(
      / (status|health|healthy|overview|summary|doing|performing|ok|okay|fine|worse|better|getting|degrad\w*|problems?|issues?|wrong|alert\w*) /,
    )
  ) {
    if (model || vocabulary.models.length === 1 || has(/ (model|models) /)) return { ...base, intent: 'model_status' };
  }

  if (has(/ (versions|version|stages?|promoted|deployed) /) && (model || versions.length)) return { ...base, intent: 'model_versions' };
  if (has(/ (models|model) /) || has(/ (in production|production versions?|monitored|monitor|registered|watching|watch) /)) {
    if (model && !has(/ (models|which models|what models|list) /)) return { ...base, intent: 'model_versions' };
    return { ...base, intent: 'list_models' };
  }
  if (model) return { ...base, intent: 'model_status' };
  if (terms.length && !datasets.length) return { ...base, intent: 'glossary' };
  return { ...base, intent: 'unknown' };
}
