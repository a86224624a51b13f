import { AnswerContext } from '../answer-context';
import { markdownText as md } from '../format';
import { glossaryEntry } from '../glossary';

export function help(ctx: AnswerContext, unknown = false): string {
  const model = ctx.vocabulary.models[0];
  const name = md(model?.name ?? 'my-model');
  const versions = [...(model?.versions ?? [])].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const metric = md(ctx.vocabulary.metricNames.includes('accuracy') ? 'accuracy' : (ctx.vocabulary.metricNames[0] ?? 'accuracy'));
  const dataset = ctx.vocabulary.datasets[0] ? md(ctx.vocabulary.datasets[0].name) : `${name}-reference`;
  const [v1, v2] = (versions.length >= 2 ? versions.slice(-2) : ['1.0.0', '2.0.0']).map(md);
  const lines = [
    unknown
      ? 'I could not match that question to the monitoring data. I answer from the registry, metrics, datasets, drift reports, production monitoring windows, performance estimates and alerts only. Here is what I can answer:'
      : 'I answer questions about the monitored models from their real data. You can ask:',
    '',
    `- **Models and versions**: "Which models are monitored?", "Which versions does ${name} have?"`,
    `- **Health**: "How is ${name} doing?" (latest metrics against 7 days earlier, drift status)`,
    `- **A metric**: "What is the latest ${metric} of ${name}?", "${metric} trend of ${name} over the last 7 days", "${metric} since Monday"`,
    `- **Versions side by side**: "Compare ${v1} and ${v2} on ${metric}"`,
    `- **Drift**: "Is there drift in ${name}?", "Which columns drifted?"`,
    `- **Production windows**: "When did drift start in ${name}?", "Which columns drifted this week?", "How many predictions have labels?"`,
    `- **Alerts**: "Is anything firing?", "Any alerts on ${name} this week?" (rules' states and their state changes)`,
    `- **Quality without labels**: "How is ${name} doing without labels?", "Estimated accuracy of ${name}" (the latest CBPE estimate)`,
    `- **Datasets**: "Which datasets are there?", "Profile of ${dataset}", "Quality of ${dataset}"`,
    '- **Terms**: "What is PSI?", "Explain Wasserstein", "What does recall mean?" (also drift, Jensen–Shannon, KS, chi-square, precision, F1, ROC AUC)',
    '',
    'Time phrases I understand: today, yesterday, last 24 hours, last 7 days, last 3 weeks, this week, since Monday, since 2026-11-01.',
  ];
  if (ctx.vocabulary.models.length) {
    lines.push('', `Models I know: ${ctx.vocabulary.models.map((item) => md(item.name)).join(', ')}.`);
  }
  return lines.join('\n');
}

export function glossary(ctx: AnswerContext): string {
  const entry = ctx.parsed.term ? glossaryEntry(ctx.parsed.term) : undefined;
  if (!entry) return help(ctx, true);
  const known = ctx.vocabulary.models[0]?.name;
  const model = known === undefined ? undefined : md(known);
  const follow =
    ['drift', 'psi', 'wasserstein', 'jensenshannon', 'ks', 'chisquare', 'z', 'p_value'].includes(entry.key) && model
      ? `\n\nTo see it on your data, ask: "Is there drift in ${model}?"`
      : model
        ? `\n\nTo see it on your data, ask: "What is the latest ${ctx.vocabulary.metricNames.includes(entry.key) ? md(entry.key) : 'accuracy'} of ${model}?"`
        : '';
  return `**${entry.title}**: ${entry.text}${follow}`;
}
