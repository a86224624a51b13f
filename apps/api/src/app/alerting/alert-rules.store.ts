import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AlertAggregate, AlertNoData, AlertOperator, AlertSeverity, AlertState } from '@stress/contracts';
import { TimedValue } from './alert-aggregate';
import { AlertEventRecord, AlertRuleInput, AlertRuleListQuery, AlertRuleRecord } from './alerting.types';

interface RuleRow {
  id: string;
  name: string;
  model: string;
  version: string | null;
  metric: string;
  labels: Record<string, string>;
  agg: AlertAggregate;
  window_ms: string;
  op: AlertOperator;
  threshold: number;
  for_ms: string;
  keep_firing_for_ms: string;
  repeat_interval_ms: string;
  severity: AlertSeverity;
  no_data: AlertNoData;
  channel_ids: string[];
  annotations: Record<string, string>;
  enabled: boolean;
  state: AlertState;
  state_since: Date;
  last_breach_at: Date | null;
  last_notified_at: Date | null;
  last_value: number | null;
  last_version: string | null;
  last_error: string | null;
  last_evaluated_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

interface EventRow {
  rule_id: string;
  from_state: AlertState;
  to_state: AlertState;
  at: Date;
  value: number | null;
  version: string | null;
  error: string | null;
}

const RULE_COLUMNS = `id, name, model, version, metric, labels, agg, window_ms, op, threshold, for_ms, keep_firing_for_ms,
  repeat_interval_ms, severity, no_data, channel_ids, annotations, enabled, state, state_since, last_breach_at, last_notified_at,
  last_value, last_version, last_error, last_evaluated_at, created_by, created_at, updated_at`;

/** Input field → column, in the order of the INSERT. */
const INPUT_COLUMNS: Array<[keyof AlertRuleInput, string, string]> = [
  ['name', 'name', ''],
  ['model', 'model', ''],
  ['version', 'version', ''],
  ['metric', 'metric', ''],
  ['labels', 'labels', '::jsonb'],
  ['agg', 'agg', ''],
  ['windowMs', 'window_ms', ''],
  ['op', 'op', ''],
  ['threshold', 'threshold', ''],
  ['forMs', 'for_ms', ''],
  ['keepFiringForMs', 'keep_firing_for_ms', ''],
  ['repeatIntervalMs', 'repeat_interval_ms', ''],
  ['severity', 'severity', ''],
  ['noData', 'no_data', ''],
  ['channelIds', 'channel_ids', '::uuid[]'],
  ['annotations', 'annotations', '::jsonb'],
  ['enabled', 'enabled', ''],
];

/** Column values as bound parameters: jsonb travels as text. */
function parameterOf(field: keyof AlertRuleInput, value: unknown): unknown {
  return field === 'labels' || field === 'annotations' ? JSON.stringify(value) : value;
}

/** Per aggregate, the SQL over the window's points `p`. */
const AGGREGATE_SQL: Record<AlertAggregate, string> = {
  [AlertAggregate.Avg]: 'avg(p.value)',
  [AlertAggregate.Min]: 'min(p.value)',
  [AlertAggregate.Max]: 'max(p.value)',
  [AlertAggregate.Sum]: 'sum(p.value)',
  [AlertAggregate.Count]: 'count(*)::float8',
  [AlertAggregate.P50]: 'percentile_cont(0.5) WITHIN GROUP (ORDER BY p.value)',
  [AlertAggregate.P95]: 'percentile_cont(0.95) WITHIN GROUP (ORDER BY p.value)',
  [AlertAggregate.P99]: 'percentile_cont(0.99) WITHIN GROUP (ORDER BY p.value)',
  [AlertAggregate.Last]: '(array_agg(p.value ORDER BY p.ts DESC))[1]',
};

function toRule(row: RuleRow): AlertRuleRecord {
  return {
    id: row.id,
    name: row.name,
    model: row.model,
    version: row.version,
    metric: row.metric,
    labels: row.labels,
    agg: row.agg,
    windowMs: Number(row.window_ms),
    op: row.op,
    threshold: row.threshold,
    forMs: Number(row.for_ms),
    keepFiringForMs: Number(row.keep_firing_for_ms),
    repeatIntervalMs: Number(row.repeat_interval_ms),
    severity: row.severity,
    noData: row.no_data,
    channelIds: row.channel_ids,
    annotations: row.annotations,
    enabled: row.enabled,
    state: row.state,
    stateSince: row.state_since,
    lastBreachAt: row.last_breach_at,
    lastNotifiedAt: row.last_notified_at,
    lastValue: row.last_value,
    lastVersion: row.last_version,
    lastError: row.last_error,
    lastEvaluatedAt: row.last_evaluated_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toEvent(row: EventRow): AlertEventRecord {
  return {
    ruleId: row.rule_id,
    from: row.from_state,
    to: row.to_state,
    at: row.at,
    value: row.value,
    version: row.version,
    error: row.error,
  };
}

/** What an evaluation writes back to its rule. */
export interface RuleStateUpdate {
  state: AlertState;
  stateSince: Date;
  lastBreachAt: Date | null;
  lastNotifiedAt: Date | null;
  lastValue: number | null;
  lastVersion: string | null;
  lastError: string | null;
  evaluatedAt: Date;
}

/** Which version a rule evaluates: found, or why not. */
export type VersionTarget = { versionId: string; version: string } | { problem: string };

/** Alert rules, their state and their events, and the metric points they read. */
@Injectable()
export class AlertRulesStore {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(input: AlertRuleInput, actor: string, manager: EntityManager = this.dataSource.manager): Promise<AlertRuleRecord> {
    const columns = INPUT_COLUMNS.map(([, column]) => column).join(', ');
    const placeholders = INPUT_COLUMNS.map(([, , cast], index) => `$${index + 1}${cast}`).join(', ');
    const [row]: RuleRow[] = await manager.query(
      `INSERT INTO alert_rules (${columns}, created_by) VALUES (${placeholders}, $${INPUT_COLUMNS.length + 1}) RETURNING ${RULE_COLUMNS}`,
      [...INPUT_COLUMNS.map(([field]) => parameterOf(field, input[field])), actor.slice(0, 100)],
    );
    return toRule(row as RuleRow);
  }

  /** Applies the given fields; a change of condition puts the rule back to normal (its state no longer means anything). */
  async update(
    id: string,
    changes: Partial<AlertRuleInput>,
    resetState: boolean,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AlertRuleRecord | null> {
    const sets: string[] = [];
    const parameters: unknown[] = [id];
    for (const [field, column, cast] of INPUT_COLUMNS) {
      if (changes[field] === undefined) continue;
      parameters.push(parameterOf(field, changes[field]));
      sets.push(`${column} = $${parameters.length}${cast}`);
    }
    if (resetState) {
      sets.push(
        `state = 'normal', state_since = now(), last_breach_at = NULL, last_notified_at = NULL, last_value = NULL, last_error = NULL`,
      );
    }
    sets.push('updated_at = now()');
    const rows: RuleRow[] = await manager.query(
      `WITH updated AS (UPDATE alert_rules SET ${sets.join(', ')} WHERE id = $1 RETURNING ${RULE_COLUMNS}) SELECT * FROM updated`,
      parameters,
    );
    return rows[0] ? toRule(rows[0]) : null;
  }

  async delete(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `WITH deleted AS (DELETE FROM alert_rules WHERE id = $1 RETURNING id) SELECT id FROM deleted`,
      [id],
    );
    return rows.length > 0;
  }

  async find(id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<AlertRuleRecord | null> {
    const rows: RuleRow[] = await manager.query(`SELECT ${RULE_COLUMNS} FROM alert_rules WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
    return rows[0] ? toRule(rows[0]) : null;
  }

  async list(query: AlertRuleListQuery): Promise<{ items: AlertRuleRecord[]; total: number }> {
    const rows: Array<RuleRow & { total: string }> = await this.dataSource.query(
      `SELECT ${RULE_COLUMNS}, count(*) OVER () AS total FROM alert_rules
       WHERE ($1::text IS NULL OR model = $1) AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR severity = $3)
       ORDER BY created_at, id LIMIT $4 OFFSET $5`,
      [query.model ?? null, query.state ?? null, query.severity ?? null, query.limit, query.offset],
    );
    if (rows.length === 0 && query.offset > 0) {
      const [count]: Array<{ total: number }> = await this.dataSource.query(
        `SELECT count(*)::int AS total FROM alert_rules
         WHERE ($1::text IS NULL OR model = $1) AND ($2::text IS NULL OR state = $2) AND ($3::text IS NULL OR severity = $3)`,
        [query.model ?? null, query.state ?? null, query.severity ?? null],
      );
      return { items: [], total: count?.total ?? 0 };
    }
    return { items: rows.map(toRule), total: Number(rows[0]?.total ?? 0) };
  }

  /** Enabled rules, firing first, then pending, nodata, error, normal; by name. */
  async listEnabled(): Promise<AlertRuleRecord[]> {
    const rows: RuleRow[] = await this.dataSource.query(
      `SELECT ${RULE_COLUMNS} FROM alert_rules WHERE enabled
       ORDER BY CASE state WHEN 'firing' THEN 0 WHEN 'pending' THEN 1 WHEN 'nodata' THEN 2 WHEN 'error' THEN 3 ELSE 4 END, name, id`,
    );
    return rows.map(toRule);
  }

  async enabledIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM alert_rules WHERE enabled ORDER BY id`);
    return rows.map((row) => row.id);
  }

  async events(ruleId: string, limit: number, offset: number): Promise<{ items: AlertEventRecord[]; total: number }> {
    const rows: Array<EventRow & { total: string }> = await this.dataSource.query(
      `SELECT rule_id, from_state, to_state, at, value, version, error, count(*) OVER () AS total
       FROM alert_events WHERE rule_id = $1 ORDER BY at DESC, id DESC LIMIT $2 OFFSET $3`,
      [ruleId, limit, offset],
    );
    return { items: rows.map(toEvent), total: Number(rows[0]?.total ?? 0) };
  }

  async saveState(manager: EntityManager, id: string, update: RuleStateUpdate): Promise<void> {
    await manager.query(
      `UPDATE alert_rules SET state = $2, state_since = $3, last_breach_at = $4, last_notified_at = $5, last_value = $6,
         last_version = $7, last_error = $8, last_evaluated_at = $9 WHERE id = $1`,
      [
        id,
        update.state,
        update.stateSince.toISOString(),
        update.lastBreachAt?.toISOString() ?? null,
        update.lastNotifiedAt?.toISOString() ?? null,
        update.lastValue,
        update.lastVersion,
        update.lastError,
        update.evaluatedAt.toISOString(),
      ],
    );
  }

  async insertEvent(manager: EntityManager, event: AlertEventRecord): Promise<void> {
    await manager.query(
      `INSERT INTO alert_events (rule_id, from_state, to_state, at, value, version, error) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [event.ruleId, event.from, event.to, event.at.toISOString(), event.value, event.version, event.error],
    );
  }

  /** The version a rule reads: the named one, or the model's production version for `null`. */
  async versionTarget(model: string, version: string | null, manager: EntityManager = this.dataSource.manager): Promise<VersionTarget> {
    const rows: Array<{ version_id: string | null; version: string | null }> = await manager.query(
      `SELECT v.id AS version_id, v.version FROM models m
       LEFT JOIN model_versions v ON v.model_id = m.id AND (CASE WHEN $2::text IS NULL THEN v.stage = 'production' ELSE v.version = $2 END)
       WHERE m.name = $1`,
      [model, version],
    );
    const row = rows[0];
    if (!row) return { problem: `model "${model}" is not registered` };
    if (row.version_id === null || row.version === null) {
      return {
        problem:
          version === null ? `model "${model}" has no production version` : `version "${version}" of model "${model}" is not registered`,
      };
    }
    return { versionId: row.version_id, version: row.version };
  }

  /** The aggregate of a version's metric over [from, to), series filtered by labels; null for no points (count: 0). */
  async aggregate(
    manager: EntityManager,
    versionId: string,
    metric: string,
    labels: Record<string, string>,
    agg: AlertAggregate,
    from: Date,
    to: Date,
  ): Promise<number | null> {
    const rows: Array<{ value: number | null }> = await manager.query(
      `SELECT ${AGGREGATE_SQL[agg]} AS value FROM metric_points p JOIN metric_series s ON s.id = p.series_id
       WHERE s.model_version_id = $1 AND s.name = $2 AND s.labels @> $3::jsonb AND p.ts >= $4 AND p.ts < $5`,
      [versionId, metric, JSON.stringify(labels), from.toISOString(), to.toISOString()],
    );
    const value = rows[0]?.value;
    return value === null || value === undefined ? null : Number(value);
  }

  /** Points of a version's metric in [from, to), oldest first, at most `limit` (+1 to tell the caller there were more). */
  async points(
    versionId: string,
    metric: string,
    labels: Record<string, string>,
    from: Date,
    to: Date,
    limit: number,
  ): Promise<TimedValue[]> {
    const rows: Array<{ ts: Date; value: number }> = await this.dataSource.query(
      `SELECT p.ts, p.value FROM metric_points p JOIN metric_series s ON s.id = p.series_id
       WHERE s.model_version_id = $1 AND s.name = $2 AND s.labels @> $3::jsonb AND p.ts >= $4 AND p.ts < $5
       ORDER BY p.ts LIMIT $6`,
      [versionId, metric, JSON.stringify(labels), from.toISOString(), to.toISOString(), limit + 1],
    );
    return rows.map((row) => ({ tsMs: new Date(row.ts).getTime(), value: Number(row.value) }));
  }

  /** True when any version of the model has a series of this metric. */
  async metricKnown(model: string, metric: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM metric_series s JOIN model_versions v ON v.id = s.model_version_id JOIN models m ON m.id = v.model_id
       WHERE m.name = $1 AND s.name = $2 LIMIT 1`,
      [model, metric],
    );
    return rows.length > 0;
  }

  async modelKnown(model: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM models WHERE name = $1`, [model]);
    return rows.length > 0;
  }

  /** Channel ids among `ids` that do not exist. */
  async missingChannels(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: Array<{ id: string }> = await this.dataSource.query(`SELECT id FROM notification_channels WHERE id = ANY ($1::uuid[])`, [
      ids,
    ]);
    const found = new Set(rows.map((row) => row.id));
    return ids.filter((id) => !found.has(id));
  }

  /** Counts of enabled rules per state and severity (Prometheus). */
  async countsBySeverity(state: AlertState): Promise<Array<{ severity: AlertSeverity; count: number }>> {
    return this.dataSource.query(
      `SELECT severity, count(*)::int AS count FROM alert_rules WHERE enabled AND state = $1 GROUP BY severity`,
      [state],
    );
  }
}
