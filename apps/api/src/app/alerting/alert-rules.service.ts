import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import {
  AlertNoData,
  AlertRuleBodyDto,
  AlertSeverity,
  formatDuration,
  MAX_ALERT_FOR_MS,
  MAX_ALERT_WINDOW_MS,
  parseDuration,
  UpdateAlertRuleDto,
} from '@stress/contracts';
import { AuditService } from '../audit/audit.service';
import { AlertRulesStore } from './alert-rules.store';
import { AlertEventRecord, AlertRuleInput, AlertRuleListQuery, AlertRuleRecord, AlertRuleView } from './alerting.types';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_ANNOTATIONS = 20;
const MAX_ANNOTATION_LENGTH = 2_000;
/** Fields whose change makes the current state meaningless. */
const CONDITION_FIELDS: Array<keyof AlertRuleInput> = [
  'model',
  'version',
  'metric',
  'labels',
  'agg',
  'windowMs',
  'op',
  'threshold',
  'noData',
];

function problem(field: string, message: string): BadRequestException {
  return new BadRequestException({ message: `${field} ${message}`, details: [{ field, message }] });
}

export function ruleNotFound(id: string): NotFoundException {
  return new NotFoundException(`Alert rule ${id} not found. List rules with GET /api/v1/alert-rules.`);
}

/** A duration field: parsed and bounded (400 naming the field otherwise). */
function durationOf(field: string, text: string, minMs: number, maxMs: number): number {
  const ms = parseDuration(text);
  if (ms === null) throw problem(field, 'must be a duration such as 30s, 5m, 1h or 1d');
  if (ms < minMs || ms > maxMs) throw problem(field, `must be between ${formatDuration(minMs)} and ${formatDuration(maxMs)}`);
  return ms;
}

function annotationsOf(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw problem('annotations', 'must be an object of strings');
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_ANNOTATIONS) throw problem('annotations', `may have at most ${MAX_ANNOTATIONS} entries`);
  for (const [name, text] of entries) {
    if (!/^[a-zA-Z_][a-zA-Z0-9_]{0,63}$/.test(name))
      throw problem('annotations', `name "${name.slice(0, 70)}" must match ^[a-zA-Z_][a-zA-Z0-9_]{0,63}$`);
    if (typeof text !== 'string' || text.length > MAX_ANNOTATION_LENGTH) {
      throw problem(`annotations.${name}`, `must be a string of at most ${MAX_ANNOTATION_LENGTH} characters`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/** A rule body (create or preview) → the stored fields, with defaults. */
export function ruleInputOf(body: AlertRuleBodyDto): AlertRuleInput {
  return {
    name: body.name.trim(),
    model: body.model,
    version: body.version ?? null,
    metric: body.metric,
    labels: body.labels ?? {},
    agg: body.agg,
    windowMs: durationOf('window', body.window, 1_000, MAX_ALERT_WINDOW_MS),
    op: body.op,
    threshold: body.threshold,
    forMs: durationOf('for', body.for ?? '0s', 0, MAX_ALERT_FOR_MS),
    keepFiringForMs: durationOf('keepFiringFor', body.keepFiringFor ?? '0s', 0, MAX_ALERT_FOR_MS),
    repeatIntervalMs: durationOf('repeatInterval', body.repeatInterval ?? '4h', 1_000, 7 * 86_400_000),
    severity: body.severity ?? AlertSeverity.Warning,
    noData: body.noData ?? AlertNoData.Ok,
    channelIds: [...new Set(body.channels ?? [])],
    annotations: annotationsOf(body.annotations ?? {}),
    enabled: body.enabled ?? true,
  };
}

function changesOf(body: UpdateAlertRuleDto): Partial<AlertRuleInput> {
  const changes: Partial<AlertRuleInput> = {};
  if (body.name !== undefined) changes.name = body.name.trim();
  if (body.model !== undefined) changes.model = body.model;
  if (body.version !== undefined) changes.version = body.version;
  if (body.metric !== undefined) changes.metric = body.metric;
  if (body.labels !== undefined) changes.labels = body.labels;
  if (body.agg !== undefined) changes.agg = body.agg;
  if (body.window !== undefined) changes.windowMs = durationOf('window', body.window, 1_000, MAX_ALERT_WINDOW_MS);
  if (body.op !== undefined) changes.op = body.op;
  if (body.threshold !== undefined) changes.threshold = body.threshold;
  if (body.for !== undefined) changes.forMs = durationOf('for', body.for, 0, MAX_ALERT_FOR_MS);
  if (body.keepFiringFor !== undefined) changes.keepFiringForMs = durationOf('keepFiringFor', body.keepFiringFor, 0, MAX_ALERT_FOR_MS);
  if (body.repeatInterval !== undefined)
    changes.repeatIntervalMs = durationOf('repeatInterval', body.repeatInterval, 1_000, 7 * 86_400_000);
  if (body.severity !== undefined) changes.severity = body.severity;
  if (body.noData !== undefined) changes.noData = body.noData;
  if (body.channels !== undefined) changes.channelIds = [...new Set(body.channels)];
  if (body.annotations !== undefined) changes.annotations = annotationsOf(body.annotations);
  if (body.enabled !== undefined) changes.enabled = body.enabled;
  return changes;
}

/** Alert rules: create, read, change, delete; their events; the current state of every enabled rule. */
@Injectable()
export class AlertRulesService {
  constructor(
    private readonly store: AlertRulesStore,
    private readonly audit: AuditService,
  ) {}

  async create(body: AlertRuleBodyDto, actor: string): Promise<AlertRuleView> {
    const input = ruleInputOf(body);
    await this.checkChannels(input.channelIds);
    return this.view(await this.audit.transaction((manager) => this.store.insert(input, actor, manager)));
  }

  async get(id: string): Promise<AlertRuleView> {
    return this.view(await this.find(id));
  }

  async list(query: AlertRuleListQuery): Promise<{ items: AlertRuleView[]; total: number }> {
    const page = await this.store.list(query);
    return { items: await Promise.all(page.items.map((rule) => this.view(rule))), total: page.total };
  }

  async update(id: string, body: UpdateAlertRuleDto): Promise<AlertRuleView> {
    const changes = changesOf(body);
    if (changes.channelIds) await this.checkChannels(changes.channelIds);
    const current = await this.find(id);
    const conditionChanged = CONDITION_FIELDS.some(
      (field) => changes[field] !== undefined && JSON.stringify(changes[field]) !== JSON.stringify(current[field]),
    );
    const disabled = changes.enabled === false;
    const updated = await this.audit.transaction(async (manager) => {
      const rule = await this.store.update(id, changes, conditionChanged || disabled, manager);
      if (!rule) throw ruleNotFound(id);
      return rule;
    });
    return this.view(updated);
  }

  async delete(id: string): Promise<void> {
    if (!UUID_PATTERN.test(id)) throw ruleNotFound(id);
    await this.audit.transaction(async (manager) => {
      if (!(await this.store.delete(id, manager))) throw ruleNotFound(id);
    });
  }

  async events(id: string, limit: number, offset: number): Promise<{ items: AlertEventRecord[]; total: number }> {
    await this.find(id);
    return this.store.events(id, limit, offset);
  }

  /** Every enabled rule with its state, firing first. */
  async current(): Promise<AlertRuleRecord[]> {
    return this.store.listEnabled();
  }

  private async find(id: string): Promise<AlertRuleRecord> {
    const rule = UUID_PATTERN.test(id) ? await this.store.find(id) : null;
    if (!rule) throw ruleNotFound(id);
    return rule;
  }

  private async checkChannels(ids: string[]): Promise<void> {
    const missing = await this.store.missingChannels(ids);
    if (missing.length > 0) {
      throw problem('channels', `has unknown channel ${missing.join(', ')}: create channels with POST /api/v1/notification-channels`);
    }
  }

  /** The rule with warnings for names that are not known (yet): allowed, since they may appear later. */
  private async view(rule: AlertRuleRecord): Promise<AlertRuleView> {
    const warnings: string[] = [];
    const target = await this.store.versionTarget(rule.model, rule.version);
    if ('problem' in target) warnings.push(`${target.problem} (yet); the rule is in error until it is`);
    else if (!(await this.store.metricKnown(rule.model, rule.metric))) {
      warnings.push(`model "${rule.model}" has no metric "${rule.metric}" yet; until it does, windows have no data`);
    }
    return { rule, warnings };
  }
}
