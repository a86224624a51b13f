import type { AlertsResult } from '../../tools/monitoring-tools';
import { AnswerContext, when } from '../answer-context';
import { formatMetricValue, formatNumber, markdownTable, markdownText as md } from '../format';

const HOUR = 3_600_000;
/** Transitions written out at most; the tool result holds more. */
const LISTED_TRANSITIONS = 10;
const OPERATORS: Record<string, string> = { gt: '>', gte: '≥', lt: '<', lte: '≤' };

function valueText(metric: string, value: number | null): string {
  return value === null ? 'no data' : formatMetricValue(metric, value);
}

/**
 * "Is anything firing?", "Any alerts on stress-detector?", "Which alerts fired this week?": the enabled rules' states (those
 * not normal in a table) and their state changes over the period the question names (default the last 24 hours).
 */
export async function alerts(ctx: AnswerContext): Promise<string> {
  const model = ctx.parsed.model;
  const time = ctx.parsed.time;
  const hours = time ? Math.min(24 * 30, Math.max(1, Math.ceil((ctx.now.getTime() - time.from.getTime()) / HOUR))) : 24;
  const period = time ? time.label : 'the last 24 hours';
  const result = await ctx.call<AlertsResult>('get_alerts', { ...(model ? { model } : {}), hours });
  if (result.rules === 0) {
    return (
      `No alert rules are enabled${model ? ` for ${md(model)}` : ''}, so nothing can fire. ` +
      "Create one on the dashboard's Alerts page or with `POST /api/v1/alert-rules`."
    );
  }

  const scope = model ? ` for ${md(model)}` : '';
  const lines: string[] = [];
  if (result.firing > 0) {
    lines.push(
      `**Yes: ${result.firing} of ${result.rules} alert rule${result.rules === 1 ? '' : 's'}${scope} ${result.firing === 1 ? 'is' : 'are'} firing.**`,
    );
  } else {
    lines.push(`**Nothing is firing**${scope}: ${result.rules} alert rule${result.rules === 1 ? '' : 's'} enabled.`);
  }
  const notNormal = result.alerts.filter((alert) => alert.state !== 'normal');
  if (notNormal.length > 0) {
    lines.push(
      '',
      markdownTable(
        ['Rule', 'State', 'Model', 'Value', 'Condition', 'Since'],
        notNormal.map((alert) => [
          `**${md(alert.name)}** (${alert.severity})`,
          alert.error ? `${alert.state}: ${md(alert.error)}` : alert.state,
          `${md(alert.model)} ${md(alert.version ?? '')}`.trim(),
          valueText(alert.metric, alert.value),
          `${md(alert.metric)} ${OPERATORS[alert.op] ?? alert.op} ${formatNumber(alert.threshold)}`,
          when(alert.since),
        ]),
      ),
    );
  } else {
    lines.push('', `All ${result.rules === 1 ? 'of it is' : `${result.rules} are`} normal.`);
  }

  if (result.transitions.length === 0) {
    lines.push('', `No state changes in ${period}.`);
  } else {
    lines.push('', `State changes in ${period} (newest first):`);
    for (const event of result.transitions.slice(0, LISTED_TRANSITIONS)) {
      const value = event.value === null ? '' : `, value ${formatNumber(event.value)}`;
      lines.push(`- ${when(event.at)}: **${md(event.rule)}** (${md(event.model)}) ${event.from} → ${event.to}${value}`);
    }
    if (result.transitions.length > LISTED_TRANSITIONS) {
      lines.push(`- … and ${result.transitions.length - LISTED_TRANSITIONS} earlier`);
    }
  }
  return lines.join('\n');
}
