import { Injectable, Logger, NotFoundException, OnApplicationBootstrap } from '@nestjs/common';
import { DatasetListQueryDto } from '@stress/contracts';
import { AuditService } from '../audit/audit.service';
import { MonitoringChanges } from '../common/monitoring-changes';
import { DatasetsStore } from './datasets.store';
import { DatasetListItem, DatasetRecord, LoadedDataset } from './datasets.types';

/** Uploads still staged after this long belong to a process that died mid-upload. */
const STALE_UPLOAD_HOURS = 6;

/** Stored datasets: list, get, delete (uploads: DatasetUploadsService; rows, cells and CSV: DatasetRowsService; quality: DatasetQualityService). */
@Injectable()
export class DatasetsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DatasetsService.name);

  constructor(
    private readonly store: DatasetsStore,
    private readonly changes: MonitoringChanges,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.store
      .deleteAbandoned(STALE_UPLOAD_HOURS)
      .catch((error: Error) => this.logger.warn(`Could not remove abandoned uploads: ${error.message}`));
  }

  list(query: DatasetListQueryDto): Promise<{ items: DatasetListItem[]; total: number }> {
    return this.store.list({
      model: query.model,
      version: query.version,
      role: query.role,
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    });
  }

  /** A ready dataset with its columns; 404 when there is none. */
  async load(id: string): Promise<LoadedDataset> {
    const loaded = await this.store.load(id);
    if (!loaded) throw new NotFoundException(`Dataset ${id} not found. List datasets with GET /api/v1/datasets.`);
    return loaded;
  }

  /** The latest reference dataset of the model version, else of the model. */
  referenceFor(model: string, version: string | undefined): Promise<DatasetRecord | null> {
    return this.store.referenceFor(model, version);
  }

  async remove(id: string): Promise<void> {
    await this.audit.transaction(async (manager) => {
      if (!(await this.store.deleteReady(id, manager)))
        throw new NotFoundException(`Dataset ${id} not found. List datasets with GET /api/v1/datasets.`);
    });
    this.changes.changed();
  }
}
