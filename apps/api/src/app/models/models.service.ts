import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_PAGE_LIMIT, ModelStage, ModelTask } from '@stress/contracts';
import { AuditService } from '../audit/audit.service';
import { MonitoringChanges } from '../common/monitoring-changes';
import {
  ModelChanges,
  ModelFeature,
  ModelDeletionStep,
  ModelListQuery,
  ModelRecord,
  ModelVersionChanges,
  ModelVersionRecord,
  ModelVersionRef,
  ModelWithVersions,
  NewModel,
  NewModelVersion,
  ResolveVersionsOptions,
  StageChangeRecord,
  VersionListQuery,
  VersionResolution,
} from './models.types';

interface ModelRow {
  id: string;
  name: string;
  display_name: string;
  description: string;
  task: ModelTask;
  owner: string;
  tags: string[];
  production_version: string | null;
  created_at: Date;
  updated_at: Date;
}

interface VersionRow {
  id: string;
  model_id: string;
  model: string;
  version: string;
  stage: ModelStage;
  description: string;
  framework: string;
  training_metrics: Record<string, number>;
  features: ModelFeature[];
  created_at: Date;
  updated_at: Date;
}

const MODEL_COLUMNS = `m.id, m.name, m.display_name, m.description, m.task, m.owner, m.tags, m.created_at, m.updated_at,
  (SELECT pv.version FROM model_versions pv WHERE pv.model_id = m.id AND pv.stage = 'production') AS production_version`;
const VERSION_COLUMNS = `v.id, v.model_id, m.name AS model, v.version, v.stage, v.description, v.framework,
  v.training_metrics, v.features, v.created_at, v.updated_at`;

const UNIQUE_VIOLATION = '23505';

function toModel(row: ModelRow): ModelRecord {
  return {
    id: row.id,
    name: row.name,
    displayName: row.display_name,
    description: row.description,
    task: row.task,
    owner: row.owner,
    tags: row.tags,
    productionVersion: row.production_version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toVersion(row: VersionRow): ModelVersionRecord {
  return {
    id: row.id,
    modelId: row.model_id,
    model: row.model,
    version: row.version,
    stage: row.stage,
    description: row.description,
    framework: row.framework,
    trainingMetrics: row.training_metrics,
    features: row.features,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** `%` and `_` in a search are literal characters, not wildcards. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

function pairKey(model: string, version: string): string {
  return `${model}\u0000${version}`;
}

export function modelNotFound(name: string): NotFoundException {
  return new NotFoundException(`Model "${name}" not found. List models with GET /api/v1/models.`);
}

export function versionNotFound(name: string, version: string): NotFoundException {
  return new NotFoundException(
    `Version "${version}" of model "${name}" not found. List its versions with GET /api/v1/models/${name}/versions.`,
  );
}

/**
 * The model registry: models, their versions and stages, and the audit trail of
 * stage changes. Other features use findByName/findVersion/resolveVersions to check
 * the models they refer to.
 */
@Injectable()
export class ModelsService {
  private readonly deletionSteps: ModelDeletionStep[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: MonitoringChanges,
    private readonly audit: AuditService,
  ) {}

  /** Adds work to every model deletion (inside its transaction, before the model row is deleted). */
  registerDeletionStep(step: ModelDeletionStep): void {
    this.deletionSteps.push(step);
  }

  async create(input: NewModel): Promise<ModelRecord> {
    const created = await this.audit.transaction(async (manager) => {
      const rows: ModelRow[] = await manager.query(
        `INSERT INTO models (name, display_name, description, task, owner, tags)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (name) DO NOTHING
         RETURNING id, name, display_name, description, task, owner, tags, created_at, updated_at, NULL AS production_version`,
        [input.name, input.displayName ?? input.name, input.description ?? '', input.task, input.owner ?? '', input.tags ?? []],
      );
      if (rows.length === 0) {
        throw new ConflictException(`Model "${input.name}" already exists. Choose another name or PATCH the existing model.`);
      }
      return toModel(rows[0]);
    });
    this.changes.changed();
    return created;
  }

  /** Models matching the filters, ordered by name, and how many match in all. */
  async list(query: ModelListQuery = {}): Promise<{ items: ModelRecord[]; total: number }> {
    const where: string[] = [];
    const parameters: unknown[] = [];
    if (query.search) {
      parameters.push(likePattern(query.search));
      const p = `$${parameters.length}`;
      where.push(`(m.name ILIKE ${p} OR m.display_name ILIKE ${p} OR m.description ILIKE ${p})`);
    }
    if (query.tag) {
      parameters.push(query.tag);
      where.push(`$${parameters.length} = ANY (m.tags)`);
    }
    if (query.task) {
      parameters.push(query.task);
      where.push(`m.task = $${parameters.length}`);
    }
    const filter = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    // The page and the total in one round trip (the total is computed before LIMIT applies).
    const rows: Array<ModelRow & { total: number }> = await this.dataSource.query(
      `SELECT ${MODEL_COLUMNS}, count(*) OVER ()::int AS total FROM models m ${filter}
       ORDER BY m.name LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
      [...parameters, query.limit ?? DEFAULT_PAGE_LIMIT, query.offset ?? 0],
    );
    if (rows.length > 0) return { items: rows.map(toModel), total: rows[0].total };
    // A page past the end has no row to carry the total.
    if (!query.offset) return { items: [], total: 0 };
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM models m ${filter}`,
      parameters,
    );
    return { items: [], total };
  }

  /** The model named `name`; 404 naming it when there is none. */
  async findByName(name: string, manager: EntityManager = this.dataSource.manager): Promise<ModelRecord> {
    const rows: ModelRow[] = await manager.query(`SELECT ${MODEL_COLUMNS} FROM models m WHERE m.name = $1`, [name]);
    if (rows.length === 0) throw modelNotFound(name);
    return toModel(rows[0]);
  }

  /** The model with all its versions summarised (newest first). */
  async findWithVersions(name: string): Promise<ModelWithVersions> {
    const model = await this.findByName(name);
    const versions: Array<{ version: string; stage: ModelStage; created_at: Date }> = await this.dataSource.query(
      `SELECT version, stage, created_at FROM model_versions WHERE model_id = $1 ORDER BY created_at DESC, version DESC`,
      [model.id],
    );
    return {
      ...model,
      versions: versions.map((row) => ({ version: row.version, stage: row.stage, createdAt: row.created_at })),
    };
  }

  async update(name: string, changes: ModelChanges): Promise<ModelRecord> {
    const updated = await this.audit.transaction(async (manager) => {
      const rows: Array<{ id: string }> = await manager.query(
        // A CTE, because TypeORM answers a bare UPDATE … RETURNING with [rows, rowCount].
        `WITH updated AS (
         UPDATE models SET
           display_name = COALESCE($2, display_name),
           description = COALESCE($3, description),
           task = COALESCE($4, task),
           owner = COALESCE($5, owner),
           tags = COALESCE($6::text[], tags),
           updated_at = clock_timestamp()
         WHERE name = $1 RETURNING id
       ) SELECT id FROM updated`,
        [name, changes.displayName ?? null, changes.description ?? null, changes.task ?? null, changes.owner ?? null, changes.tags ?? null],
      );
      if (rows.length === 0) throw modelNotFound(name);
      return this.findByName(name, manager);
    });
    this.changes.changed();
    return updated;
  }

  /**
   * Deletes the model and everything that belongs to it, in one transaction: its versions,
   * their stage history (foreign keys ON DELETE CASCADE), and whatever registered deletion
   * steps remove (metric points).
   */
  async delete(name: string): Promise<void> {
    await this.audit.transaction(async (manager) => {
      const locked: Array<{ id: string }> = await manager.query(`SELECT id FROM models WHERE name = $1 FOR UPDATE`, [name]);
      if (locked.length === 0) throw modelNotFound(name);
      // Waits for transactions holding KEY SHARE locks on the versions (metric batches being
      // stored) to commit, so the deletion steps below see and remove what they wrote.
      await manager.query(`SELECT id FROM model_versions WHERE model_id = $1 FOR UPDATE`, [locked[0].id]);
      const model = await this.findByName(name, manager);
      for (const step of this.deletionSteps) await step(manager, model);
      await manager.query(`DELETE FROM models WHERE id = $1`, [model.id]);
    });
    this.changes.changed();
  }

  async createVersion(name: string, input: NewModelVersion): Promise<ModelVersionRecord> {
    const created = await this.audit.transaction(async (manager) => {
      const rows: Array<{ id: string }> = await manager.query(
        `INSERT INTO model_versions (model_id, version, description, framework, training_metrics, features)
       SELECT m.id, $2, $3, $4, $5::jsonb, $6::jsonb FROM models m WHERE m.name = $1
       ON CONFLICT (model_id, version) DO NOTHING
       RETURNING id`,
        [
          name,
          input.version,
          input.description ?? '',
          input.framework ?? '',
          JSON.stringify(input.trainingMetrics ?? {}),
          JSON.stringify((input.features ?? []).map(({ name: column, type, role }) => ({ name: column, type, role }))),
        ],
      );
      if (rows.length === 0) {
        await this.findByName(name, manager); // 404 when the model is the problem
        throw new ConflictException(
          `Version "${input.version}" of model "${name}" already exists. Versions cannot be replaced; register a new one.`,
        );
      }
      return this.findVersion(name, input.version, manager);
    });
    this.changes.changed();
    return created;
  }

  async listVersions(name: string, query: VersionListQuery = {}): Promise<{ items: ModelVersionRecord[]; total: number }> {
    const model = await this.findByName(name);
    const stageFilter = query.stage ? 'AND v.stage = $2' : '';
    const parameters: unknown[] = query.stage ? [model.id, query.stage] : [model.id];
    const [{ total }]: Array<{ total: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM model_versions v WHERE v.model_id = $1 ${stageFilter}`,
      parameters,
    );
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM model_versions v JOIN models m ON m.id = v.model_id
       WHERE v.model_id = $1 ${stageFilter}
       ORDER BY v.created_at DESC, v.version DESC
       LIMIT $${parameters.length + 1} OFFSET $${parameters.length + 2}`,
      [...parameters, query.limit ?? DEFAULT_PAGE_LIMIT, query.offset ?? 0],
    );
    return { items: rows.map(toVersion), total };
  }

  /** The version; 404 naming the model when it is unknown, or both when the version is. */
  async findVersion(name: string, version: string, manager: EntityManager = this.dataSource.manager): Promise<ModelVersionRecord> {
    const rows: VersionRow[] = await manager.query(
      `SELECT ${VERSION_COLUMNS} FROM model_versions v JOIN models m ON m.id = v.model_id
       WHERE m.name = $1 AND v.version = $2`,
      [name, version],
    );
    if (rows.length === 0) {
      await this.findByName(name, manager);
      throw versionNotFound(name, version);
    }
    return toVersion(rows[0]);
  }

  /** The version with this id, or null (it was deleted): for background jobs that hold an id. */
  async findVersionById(id: string): Promise<ModelVersionRecord | null> {
    const rows: VersionRow[] = await this.dataSource.query(
      `SELECT ${VERSION_COLUMNS} FROM model_versions v JOIN models m ON m.id = v.model_id WHERE v.id = $1`,
      [id],
    );
    return rows[0] ? toVersion(rows[0]) : null;
  }

  /**
   * Changes a version's description and/or stage. Promoting to production archives the
   * current production version in the same transaction; the model row is locked first,
   * so concurrent promotions of one model run one after the other. Each stage change is
   * recorded with `actor`.
   */
  async updateVersion(name: string, version: string, changes: ModelVersionChanges, actor: string): Promise<ModelVersionRecord> {
    try {
      return await this.audit.transaction(async (manager) => {
        const locked: Array<{ id: string }> = await manager.query(`SELECT id FROM models WHERE name = $1 FOR UPDATE`, [name]);
        if (locked.length === 0) throw modelNotFound(name);
        const modelId = locked[0].id;
        const current: Array<{ id: string; stage: ModelStage }> = await manager.query(
          `SELECT id, stage FROM model_versions WHERE model_id = $1 AND version = $2`,
          [modelId, version],
        );
        if (current.length === 0) throw versionNotFound(name, version);
        const target = current[0];

        if (changes.stage !== undefined && changes.stage !== target.stage) {
          if (changes.stage === ModelStage.Production) {
            const previous: Array<{ id: string }> = await manager.query(
              `WITH archived AS (
                 UPDATE model_versions SET stage = 'archived', updated_at = clock_timestamp()
                 WHERE model_id = $1 AND stage = 'production' RETURNING id
               ) SELECT id FROM archived`,
              [modelId],
            );
            for (const row of previous) await this.recordStageChange(manager, row.id, ModelStage.Production, ModelStage.Archived, actor);
          }
          await manager.query(`UPDATE model_versions SET stage = $2, updated_at = clock_timestamp() WHERE id = $1`, [
            target.id,
            changes.stage,
          ]);
          await this.recordStageChange(manager, target.id, target.stage, changes.stage, actor);
        }
        if (changes.description !== undefined) {
          await manager.query(`UPDATE model_versions SET description = $2, updated_at = clock_timestamp() WHERE id = $1`, [
            target.id,
            changes.description,
          ]);
        }
        return this.findVersion(name, version, manager);
      });
    } catch (error) {
      // Only reachable if something bypassed the model lock: the unique index still holds the line.
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
        throw new ConflictException(`Another version of model "${name}" was promoted at the same time; retry.`);
      }
      throw error;
    }
  }

  /** Stage changes of the version, oldest first. */
  async stageHistory(name: string, version: string): Promise<StageChangeRecord[]> {
    const found = await this.findVersion(name, version);
    const rows: Array<{ from_stage: ModelStage; to_stage: ModelStage; changed_at: Date; actor: string }> = await this.dataSource.query(
      `SELECT from_stage, to_stage, changed_at, actor FROM model_stage_changes WHERE model_version_id = $1 ORDER BY id`,
      [found.id],
    );
    return rows.map((row) => ({ from: row.from_stage, to: row.to_stage, at: row.changed_at, actor: row.actor }));
  }

  /**
   * Checks many (model, version) pairs with two queries, whatever their number.
   * The result is aligned with `pairs`; equal pairs share one resolution object (not to be modified),
   * since a metric batch has thousands of points and only a handful of versions.
   */
  async resolveVersions(pairs: readonly ModelVersionRef[], options: ResolveVersionsOptions = {}): Promise<VersionResolution[]> {
    const manager = options.manager ?? this.dataSource.manager;
    const keys = pairs.map((pair) => pairKey(pair.model, pair.version));
    const distinct = new Map<string, ModelVersionRef>();
    pairs.forEach((pair, index) => distinct.set(keys[index] as string, pair));
    if (distinct.size === 0) return [];
    const models: string[] = [];
    const versions: string[] = [];
    for (const pair of distinct.values()) {
      models.push(pair.model);
      versions.push(pair.version);
    }
    const found: Array<{ model_id: string; model: string; version_id: string; version: string; stage: ModelStage }> = await manager.query(
      `SELECT m.id AS model_id, m.name AS model, v.id AS version_id, v.version, v.stage
         FROM unnest($1::text[], $2::text[]) AS wanted (model, version)
         JOIN models m ON m.name = wanted.model
         JOIN model_versions v ON v.model_id = m.id AND v.version = wanted.version
         ${options.lockVersions ? 'FOR KEY SHARE OF v' : ''}`,
      [models, versions],
    );
    const byKey = new Map(found.map((row) => [pairKey(row.model, row.version), row]));
    let knownModels = new Set(found.map((row) => row.model));
    if (byKey.size < distinct.size) {
      const missingModels = [...new Set(models.filter((model) => !knownModels.has(model)))];
      const existing: Array<{ name: string }> = await manager.query(`SELECT name FROM models WHERE name = ANY ($1::text[])`, [
        missingModels,
      ]);
      knownModels = new Set([...knownModels, ...existing.map((row) => row.name)]);
    }
    const resolutions = new Map<string, VersionResolution>();
    for (const [key, pair] of distinct) {
      const row = byKey.get(key);
      const resolution: VersionResolution = row
        ? {
            found: true,
            version: {
              id: row.version_id,
              modelId: row.model_id,
              model: row.model,
              version: row.version,
              stage: row.stage,
            },
          }
        : { found: false, missing: knownModels.has(pair.model) ? 'version' : 'model' };
      resolutions.set(key, resolution);
    }
    return keys.map((key) => resolutions.get(key) as VersionResolution);
  }

  /** True when the registry holds any model (the demo seeder's test). */
  async hasModels(): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(`SELECT 1 FROM models LIMIT 1`);
    return rows.length > 0;
  }

  private async recordStageChange(
    manager: EntityManager,
    versionId: string,
    from: ModelStage,
    to: ModelStage,
    actor: string,
  ): Promise<void> {
    await manager.query(`INSERT INTO model_stage_changes (model_version_id, from_stage, to_stage, actor) VALUES ($1, $2, $3, $4)`, [
      versionId,
      from,
      to,
      actor.slice(0, 100),
    ]);
  }
}
