import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AlertNotificationKind, AlertRulePreviewDto, AlertState, MAX_ALERT_PREVIEW_STEPS, parseDuration } from '@stress/contracts';
import { AppConfigService } from '../../config/app-config.service';
import { fillTemplate } from './alert-payloads';
import { Preview, previewRule } from './alert-preview';
import { AlertRulesStore } from './alert-rules.store';
import { ruleInputOf } from './alert-rules.service';
import { evaluateStep, Observation, RuleState } from './alert-state';
import { AlertNotification, AlertRuleRecord } from './alerting.types';
import { AlertNotificationsService } from './alert-notifications.service';

/** Most points one preview reads. */
const MAX_PREVIEW_POINTS = 1_000_000;

function previewProblem(field: string, message: string): BadRequestException {
  return new BadRequestException({ message: `${field} ${message}`, details: [{ field, message }] });
}

/** The result of one evaluation pass. */
export interface EvaluationPass {
  evaluated: number;
  /** Deliveries stored (pending) by this pass. */
  deliveries: string[];
}

/**
 * Evaluates rules over the metric store. Each rule is evaluated in its own short transaction holding its
 * row lock (`FOR UPDATE`); a rule already evaluated less than half an interval ago is skipped, so several
 * processes running the same tick evaluate (and notify) each rule once.
 */
@Injectable()
export class AlertEvaluationService {
  private readonly logger = new Logger(AlertEvaluationService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: AlertRulesStore,
    private readonly notifications: AlertNotificationsService,
    private readonly config: AppConfigService,
  ) {}

  /** One tick: every enabled rule at `now`; then the notifications it made are sent. */
  async evaluateAll(now: Date = new Date()): Promise<EvaluationPass> {
    const pass: EvaluationPass = { evaluated: 0, deliveries: [] };
    for (const id of await this.store.enabledIds()) {
      try {
        const deliveries = await this.evaluateRule(id, now);
        if (deliveries !== null) {
          pass.evaluated++;
          pass.deliveries.push(...deliveries);
        }
      } catch (error) {
        this.logger.warn(`Evaluating alert rule ${id} failed: ${(error as Error).message}`);
      }
    }
    return pass;
  }

  /** Evaluates one rule at `now`; the deliveries stored, or null when skipped (disabled, or evaluated this tick already). */
  async evaluateRule(id: string, now: Date): Promise<string[] | null> {
    const minGapMs = this.config.get('ALERTS_EVAL_INTERVAL_MS') / 2;
    return this.dataSource.transaction(async (manager) => {
      const rule = await this.store.find(id, manager, true);
      if (!rule || !rule.enabled) return null;
      if (rule.lastEvaluatedAt && now.getTime() - rule.lastEvaluatedAt.getTime() < minGapMs) return null;

      const target = await this.store.versionTarget(rule.model, rule.version, manager);
      const version = 'problem' in target ? rule.lastVersion : target.version;
      const observation: Observation =
        'problem' in target
          ? { error: target.problem }
          : {
              value: await this.store.aggregate(
                manager,
                target.versionId,
                rule.metric,
                rule.labels,
                rule.agg,
                new Date(now.getTime() - rule.windowMs),
                now,
              ),
            };
      const previous: RuleState = {
        state: rule.state,
        sinceMs: rule.stateSince.getTime(),
        lastBreachMs: rule.lastBreachAt?.getTime() ?? null,
        lastNotifiedMs: rule.lastNotifiedAt?.getTime() ?? null,
      };
      const step = evaluateStep(previous, observation, rule, now.getTime());
      const value = observation.value ?? null;
      const error = observation.error ?? null;
      await this.store.saveState(manager, rule.id, {
        state: step.next.state,
        stateSince: new Date(step.next.sinceMs),
        lastBreachAt: step.next.lastBreachMs === null ? null : new Date(step.next.lastBreachMs),
        lastNotifiedAt: step.next.lastNotifiedMs === null ? null : new Date(step.next.lastNotifiedMs),
        lastValue: value,
        lastVersion: version,
        lastError: error,
        evaluatedAt: now,
      });
      if (step.transition) {
        await this.store.insertEvent(manager, { ruleId: rule.id, ...step.transition, at: now, value, version, error });
      }
      if (step.notify === null) return [];
      // A resolution reports the span that ended: it started when the rule entered the state it left.
      const startsAt = step.notify === AlertNotificationKind.Resolved ? rule.stateSince : new Date(step.next.sinceMs);
      return this.notifications.enqueue(manager, rule.channelIds, this.notificationOf(rule, step.notify, value, version, startsAt, now));
    });
  }

  /** The rule evaluated at every step over past data (nothing stored). */
  async preview(body: AlertRulePreviewDto): Promise<Preview & { version: string | null }> {
    const rule = ruleInputOf(body);
    const fromMs = Date.parse(body.from);
    const toMs = Date.parse(body.to);
    if (!(fromMs < toMs)) throw previewProblem('from', 'must be before to');
    const stepMs = body.step !== undefined ? parseDuration(body.step) : this.config.get('ALERTS_EVAL_INTERVAL_MS');
    if (stepMs === null || stepMs < 1_000) throw previewProblem('step', 'must be a duration of at least 1s');
    const steps = Math.floor((toMs - fromMs) / stepMs) + 1;
    if (steps > MAX_ALERT_PREVIEW_STEPS) {
      throw previewProblem(
        'step',
        `gives ${steps} steps over from–to; at most ${MAX_ALERT_PREVIEW_STEPS}: use a longer step or a shorter range`,
      );
    }
    const target = await this.store.versionTarget(rule.model, rule.version);
    if ('problem' in target) throw previewProblem(rule.version === null ? 'model' : 'version', `: ${target.problem}`);
    const points = await this.store.points(
      target.versionId,
      rule.metric,
      rule.labels,
      new Date(fromMs - rule.windowMs),
      new Date(toMs),
      MAX_PREVIEW_POINTS,
    );
    if (points.length > MAX_PREVIEW_POINTS) {
      throw previewProblem('from', `the range holds more than ${MAX_PREVIEW_POINTS} points; preview a shorter range`);
    }
    return { version: target.version, ...previewRule(points, rule, rule.windowMs, fromMs, toMs, stepMs) };
  }

  private notificationOf(
    rule: AlertRuleRecord,
    kind: AlertNotificationKind,
    value: number | null,
    version: string | null,
    startsAt: Date,
    now: Date,
  ): AlertNotification {
    const values = { rule: rule.name, model: rule.model, version, metric: rule.metric, value, threshold: rule.threshold };
    const resolved = kind === AlertNotificationKind.Resolved;
    const nodata = kind === AlertNotificationKind.NoData || (kind === AlertNotificationKind.Repeat && rule.state === AlertState.NoData);
    return {
      kind,
      ruleId: rule.id,
      ruleName: rule.name,
      model: rule.model,
      version,
      metric: rule.metric,
      severity: rule.severity,
      value,
      threshold: rule.threshold,
      op: rule.op,
      status: resolved ? 'resolved' : nodata ? 'nodata' : 'firing',
      annotations: Object.fromEntries(Object.entries(rule.annotations).map(([name, text]) => [name, fillTemplate(text, values)])),
      startsAt: startsAt.toISOString(),
      endsAt: resolved ? now.toISOString() : null,
      at: now.toISOString(),
    };
  }
}
