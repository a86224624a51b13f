import { AlertState, type AlertDto, type AlertEventDto } from '@stress/contracts';
import { z } from 'zod';
import { MonitoringData } from '../monitoring/monitoring-data';
import { AnyToolDefinition, ToolDefinition } from './tool-registry';
import { plural } from './tool-support';

/** Transitions listed in a result at most (newest first). */
export const MAX_LISTED_TRANSITIONS = 50;
const DEFAULT_HOURS = 24;
const HOUR_MS = 3_600_000;

/** A rule's current state as the assistant sees it (the fields of `GET /api/v1/alerts`). */
export type AlertBrief = Pick<
  AlertDto,
  'ruleId' | 'name' | 'model' | 'version' | 'metric' | 'severity' | 'state' | 'value' | 'op' | 'threshold' | 'since' | 'error'
>;

/** A state change with its rule's name and model. */
export type AlertTransition = Pick<AlertEventDto, 'from' | 'to' | 'at' | 'value' | 'version' | 'error'> & {
  rule: string;
  model: string;
};

export interface AlertsResult {
  /** Rules firing now (of the rules listed). */
  firing: number;
  pending: number;
  /** Enabled rules listed (those of `model` when given). */
  rules: number;
  /** Firing first, then pending, nodata, error, normal. */
  alerts: AlertBrief[];
  /** Transitions at or after this (ISO 8601). */
  since: string;
  /** Newest first, at most MAX_LISTED_TRANSITIONS. */
  transitions: AlertTransition[];
}

const schemas = {
  alerts: z
    .object({
      model: z.string().trim().min(1).max(100).optional().describe('Only the rules of this model (its name); default: every model'),
      hours: z
        .number()
        .int()
        .min(1)
        .max(24 * 30)
        .default(DEFAULT_HOURS)
        .describe('How many hours of state changes to list (default 24)'),
    })
    .strict(),
};

/** Alerting: the rules' current states and their recent transitions. */
export function alertTools(data: MonitoringData, now: () => Date): AnyToolDefinition[] {
  const alerts: ToolDefinition<z.output<typeof schemas.alerts>, AlertsResult> = {
    name: 'get_alerts',
    description:
      'Alert rules and their current state, the answer to "is anything firing?": every enabled rule (firing first, then pending, ' +
      'nodata, error, normal) with its model, version, metric, severity, last value, operator and threshold, and since when it is in ' +
      'its state; plus the state changes (transitions such as normal → pending → firing → normal) of the last `hours` hours, newest first.',
    schema: schemas.alerts,
    async execute(args) {
      const since = new Date(now().getTime() - args.hours * HOUR_MS);
      const all = await data.listAlerts();
      const listed = args.model ? all.filter((alert) => alert.model === args.model) : all;
      const byId = new Map(all.map((alert) => [alert.ruleId, alert]));
      const events = await data.listAlertEvents({ since, limit: MAX_LISTED_TRANSITIONS * 4 });
      const transitions = events
        .filter((event) => {
          const rule = byId.get(event.ruleId);
          return rule !== undefined && (!args.model || rule.model === args.model);
        })
        .slice(0, MAX_LISTED_TRANSITIONS)
        .map((event) => {
          const rule = byId.get(event.ruleId) as AlertDto;
          return {
            rule: rule.name,
            model: rule.model,
            from: event.from,
            to: event.to,
            at: event.at,
            value: event.value,
            version: event.version,
            error: event.error,
          };
        });
      return {
        firing: listed.filter((alert) => alert.state === AlertState.Firing).length,
        pending: listed.filter((alert) => alert.state === AlertState.Pending).length,
        rules: listed.length,
        alerts: listed.map((alert) => ({
          ruleId: alert.ruleId,
          name: alert.name,
          model: alert.model,
          version: alert.version,
          metric: alert.metric,
          severity: alert.severity,
          state: alert.state,
          value: alert.value,
          op: alert.op,
          threshold: alert.threshold,
          since: alert.since,
          error: alert.error,
        })),
        since: since.toISOString(),
        transitions,
      };
    },
    summarize: (args, result) =>
      `${plural(result.rules, 'alert rule')}${args.model ? ` of ${args.model}` : ''}, ${result.firing} firing, ` +
      `${plural(result.transitions.length, 'transition')} in the last ${args.hours} h`,
  };
  return [alerts];
}
