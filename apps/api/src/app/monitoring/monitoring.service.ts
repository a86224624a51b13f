import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_DRIFT_SHARE, DEFAULT_MONITORING_MIN_ROWS, DriftStatTest, MonitoringWindow } from '@stress/contracts';
import { ModelsService } from '../models/models.service';
import { ModelVersionRecord } from '../models/models.types';
import { PredictionsService } from '../predictions/predictions.service';
import { MonitoringConfigInput, MonitoringConfigRecord } from './monitoring.types';

interface ConfigRow {
  model_version_id: string;
  reference_dataset_id: string;
  window_width: MonitoringWindow;
  stattest: DriftStatTest | null;
  threshold: number | null;
  drift_share: number;
  min_rows: number;
  enabled: boolean;
  updated_by: string;
  updated_at: Date;
}

const CONFIG_COLUMNS = `model_version_id, reference_dataset_id, window_width, stattest, threshold, drift_share, min_rows, enabled,
  updated_by, updated_at`;

/** Monitoring windows backfill in the configuration's transaction and schedule the work once it is committed. */
export interface MonitoringChangeListener {
  inTransaction(manager: EntityManager, modelVersionId: string): Promise<void>;
  afterCommit(modelVersionId: string): Promise<void>;
}

function referenceProblem(message: string): BadRequestException {
  return new BadRequestException({ message: `referenceDatasetId: ${message}`, details: [{ field: 'referenceDatasetId', message }] });
}

/** Monitoring configurations: which reference a version's logged predictions are compared with, and how. */
@Injectable()
export class MonitoringService {
  private readonly changeListeners: MonitoringChangeListener[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly models: ModelsService,
    private readonly predictions: PredictionsService,
  ) {}

  /**
   * Creates or replaces the configuration. The version must declare features (422 otherwise); the
   * reference must be a dataset of the same model (any version) holding every declared feature.
   */
  async put(name: string, version: string, input: MonitoringConfigInput, actor: string): Promise<MonitoringConfigRecord> {
    const target = await this.predictions.target(name, version);
    const datasets: Array<{ model_id: string | null; name: string }> = await this.dataSource.query(
      `SELECT v.model_id, d.name FROM datasets d LEFT JOIN model_versions v ON v.id = d.model_version_id
       WHERE d.id = $1 AND d.status = 'ready'`,
      [input.referenceDatasetId],
    );
    const dataset = datasets[0];
    if (!dataset) {
      throw new NotFoundException(
        `referenceDatasetId: dataset ${input.referenceDatasetId} not found. List the model's datasets with GET /api/v1/datasets?model=${name}.`,
      );
    }
    if (dataset.model_id !== target.modelId) {
      throw referenceProblem(
        `dataset "${dataset.name}" does not belong to model "${name}". Upload the reference with model=${name} (any of its versions).`,
      );
    }
    const columns: Array<{ name: string }> = await this.dataSource.query(`SELECT name FROM dataset_columns WHERE dataset_id = $1`, [
      input.referenceDatasetId,
    ]);
    const present = new Set(columns.map((column) => column.name));
    const missing = target.features.all.filter((feature) => !present.has(feature));
    if (missing.length > 0) {
      throw referenceProblem(
        `dataset "${dataset.name}" lacks declared feature${missing.length === 1 ? '' : 's'} ` +
          `${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''}; the reference must hold every declared feature.`,
      );
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO monitoring_configs (model_version_id, reference_dataset_id, window_width, stattest, threshold, drift_share, min_rows,
         enabled, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now())
       ON CONFLICT (model_version_id) DO UPDATE SET
         reference_dataset_id = EXCLUDED.reference_dataset_id, window_width = EXCLUDED.window_width, stattest = EXCLUDED.stattest,
         threshold = EXCLUDED.threshold, drift_share = EXCLUDED.drift_share, min_rows = EXCLUDED.min_rows,
         enabled = EXCLUDED.enabled, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [
          target.versionId,
          input.referenceDatasetId,
          input.window,
          input.stattest ?? null,
          input.threshold ?? null,
          input.driftShare ?? DEFAULT_DRIFT_SHARE,
          input.minRows ?? DEFAULT_MONITORING_MIN_ROWS,
          input.enabled,
          actor.slice(0, 100),
        ],
      );
      // In the same transaction: the windows to (re)compute exist exactly when the configuration does.
      for (const listener of this.changeListeners) await listener.inTransaction(manager, target.versionId);
    });
    for (const listener of this.changeListeners) await listener.afterCommit(target.versionId);
    return this.get(name, version);
  }

  /** Told when a version's configuration is created or changed: inside its transaction, and once committed. */
  registerChangeListener(listener: MonitoringChangeListener): void {
    this.changeListeners.push(listener);
  }

  /** The configuration of a version (found by id, for background jobs), or null. */
  async findForVersion(found: Pick<ModelVersionRecord, 'id' | 'model' | 'version'>): Promise<MonitoringConfigRecord | null> {
    const rows: ConfigRow[] = await this.dataSource.query(`SELECT ${CONFIG_COLUMNS} FROM monitoring_configs WHERE model_version_id = $1`, [
      found.id,
    ]);
    return rows[0] ? toRecord(rows[0], found.model, found.version) : null;
  }

  /** The configuration; 404 when the version has none (saying how to create it). */
  async get(name: string, version: string): Promise<MonitoringConfigRecord> {
    const found = await this.models.findVersion(name, version);
    const rows: ConfigRow[] = await this.dataSource.query(`SELECT ${CONFIG_COLUMNS} FROM monitoring_configs WHERE model_version_id = $1`, [
      found.id,
    ]);
    const row = rows[0];
    if (!row) {
      throw new NotFoundException(
        `Version "${version}" of model "${name}" has no monitoring configuration. Create one with PUT /api/v1/models/${name}/versions/${version}/monitoring.`,
      );
    }
    return toRecord(row, name, version);
  }
}

function toRecord(row: ConfigRow, model: string, version: string): MonitoringConfigRecord {
  return {
    model,
    version,
    modelVersionId: row.model_version_id,
    referenceDatasetId: row.reference_dataset_id,
    window: row.window_width,
    stattest: row.stattest,
    threshold: row.threshold,
    driftShare: row.drift_share,
    minRows: row.min_rows,
    enabled: row.enabled,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}
