import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { Request } from 'express';
import { ColumnProfileDto, ColumnRole, ColumnType, DatasetRole, UploadDatasetFieldsDto, mapLimited } from '@stress/contracts';
import { AppConfigService } from '../../config/app-config.service';
import { AuditService } from '../audit/audit.service';
import { MonitoringChanges } from '../common/monitoring-changes';
import { ObservabilityService } from '../observability/observability.service';
import { StatisticsPool } from '../statistics/statistics-pool.service';
import { compressJson } from './chunk-codec';
import { CHUNK_ROWS, ColumnBuilder, decodeCellFormats } from './column-values';
import { CsvIngest, tooLarge } from './csv-ingest';
import { DatasetChunkStore } from './dataset-chunks.store';
import { earlyDelimiter, parseColumnTypes, validateUploadFields } from './dataset-fields';
import { datasetWarnings } from './dataset-warnings';
import { DatasetsStore } from './datasets.store';
import { ColumnDictionary, LoadedDataset } from './datasets.types';
import { ModelVersionLink } from './model-version-link';
import { drain, receiveMultipart } from './multipart-upload';

/** Room for multipart boundaries and text fields on top of MAX_UPLOAD_MB. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;

/**
 * Turns a CSV into a stored dataset: stages a row, stores the file's chunks as they stream in, then
 * settles column types, profiles the columns (statistics workers), computes warnings and makes the
 * dataset visible in one short transaction. A refused upload deletes what it staged.
 */
@Injectable()
export class DatasetUploadsService {
  private readonly logger = new Logger(DatasetUploadsService.name);

  constructor(
    private readonly datasets: DatasetsStore,
    private readonly chunks: DatasetChunkStore,
    private readonly statistics: StatisticsPool,
    private readonly models: ModelVersionLink,
    private readonly config: AppConfigService,
    private readonly observability: ObservabilityService,
    private readonly changes: MonitoringChanges,
    private readonly audit: AuditService,
  ) {}

  /** Streams a multipart upload into a stored dataset; bytes and outcome go to /metrics. */
  async upload(request: Request, actor: string): Promise<LoadedDataset> {
    let received = 0;
    const count = (chunk: Buffer) => (received += chunk.length);
    request.on('data', count);
    try {
      const dataset = await this.receiveUpload(request, actor);
      this.observability.recordDatasetUpload(received, 'stored');
      return dataset;
    } catch (error) {
      this.observability.recordDatasetUpload(received, 'rejected');
      throw error;
    } finally {
      request.off('data', count);
    }
  }

  private async receiveUpload(request: Request, actor: string): Promise<LoadedDataset> {
    const maxBytes = this.config.get('MAX_UPLOAD_MB') * 1024 * 1024;
    if (!/^multipart\/form-data/i.test(request.headers['content-type'] ?? '')) {
      throw new BadRequestException(
        'Send the dataset as multipart/form-data with the CSV in a "file" field and its name in a "name" field.',
      );
    }
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes + MULTIPART_OVERHEAD_BYTES) {
      drain(request);
      throw tooLarge(maxBytes);
    }
    // Staged when the first chunk is ready, so a request refused before its file stores nothing.
    let staging: Promise<string> | null = null;
    const stage = (): Promise<string> => (staging ??= this.datasets.stage(CHUNK_ROWS, actor));
    try {
      const { fields, ingest } = await receiveMultipart(
        request,
        {
          maxBytes,
          maxColumns: this.config.get('MAX_COLUMNS'),
          timeoutMs: this.config.get('UPLOAD_TIMEOUT_MS'),
          minBytesPerSec: this.config.get('UPLOAD_MIN_BYTES_PER_SEC'),
          rateWindowMs: this.config.get('UPLOAD_RATE_WINDOW_MS'),
        },
        async (chunks) => this.chunks.writeChunks(await stage(), chunks),
      );
      const dto = await validateUploadFields(fields);
      if (!ingest) throw new BadRequestException('The upload has no "file" field. Send the CSV as a multipart part named "file".');
      return await this.complete(await stage(), dto, ingest, actor);
    } catch (error) {
      drain(request);
      const id = staging === null ? null : await (staging as Promise<string>).catch(() => null);
      if (id !== null) await this.discard(id);
      throw error;
    }
  }

  /** Stores a CSV held in memory (demo data, tools) exactly as an upload with these fields would be. */
  async createFromCsv(csv: Buffer, fields: Record<string, string>, actor: string): Promise<LoadedDataset> {
    const dto = await validateUploadFields(fields);
    const id = await this.datasets.stage(CHUNK_ROWS, actor);
    try {
      const ingest = new CsvIngest({
        delimiter: earlyDelimiter(fields['delimiter']),
        columnTypes: parseColumnTypes(fields['columnTypes']),
        maxBytes: Number.MAX_SAFE_INTEGER,
        maxColumns: this.config.get('MAX_COLUMNS'),
        writeChunks: (chunks) => this.chunks.writeChunks(id, chunks),
      });
      await ingest.consume(Readable.from([csv]));
      return await this.complete(id, dto, ingest, actor);
    } catch (error) {
      await this.discard(id);
      throw error;
    }
  }

  /** After the file: types, re-encoding, profile and sorted chunks (workers), warnings, then one short transaction. */
  private async complete(id: string, fields: UploadDatasetFieldsDto, ingest: CsvIngest, actor: string): Promise<LoadedDataset> {
    const names = ingest.builders.map((builder) => builder.name);
    const columnTypes = parseColumnTypes(fields.columnTypes);
    for (const column of Object.keys(columnTypes)) {
      if (!names.includes(column)) throw unknownColumn('columnTypes', column, names);
    }
    const roles = new Map<string, ColumnRole>();
    for (const [field, role] of [
      ['targetColumn', ColumnRole.Target],
      ['predictionColumn', ColumnRole.Prediction],
      ['probabilityColumn', ColumnRole.Probability],
    ] as const) {
      const column = fields[field];
      if (column === undefined) continue;
      if (!names.includes(column)) throw unknownColumn(field, column, names);
      if (roles.has(column))
        throw new BadRequestException(
          `Column "${column}" is named by two of targetColumn, predictionColumn and probabilityColumn; name a different column for each.`,
        );
      roles.set(column, role);
    }
    const modelVersionId =
      fields.model !== undefined && fields.version !== undefined ? await this.models.resolve(fields.model, fields.version) : null;

    const types = await Promise.all(
      ingest.builders.map((builder, ordinal) => this.settleType(id, builder, ordinal, columnTypes[builder.name], ingest.chunkCount)),
    );
    await this.chunks.deleteChunks(id, 'formats');
    if (fields.probabilityColumn !== undefined && types[names.indexOf(fields.probabilityColumn)] !== ColumnType.Numerical) {
      throw new BadRequestException(`probabilityColumn "${fields.probabilityColumn}" must hold numbers (probabilities between 0 and 1).`);
    }

    // One column per worker at a time: each holds its sorted copy until its sorted chunks are stored.
    const profiles = await mapLimited(ingest.builders, this.statistics.size, (builder, ordinal) =>
      this.profileColumn(id, builder, ordinal, types[ordinal]),
    );
    const role = fields.role ?? DatasetRole.Other;
    const profile = profiles.map((entry) => entry.profile);
    const reference =
      role === DatasetRole.Current && fields.model !== undefined ? await this.datasets.referenceFor(fields.model, fields.version) : null;
    const warnings = datasetWarnings(profile, ingest.rowCount, reference);

    // A few at a time: every compression in flight holds ~220 KB of zlib state (see dataset-chunks.store).
    const columns = await mapLimited(ingest.builders, 8, async (builder, ordinal) => ({
      ordinal,
      name: builder.name,
      type: types[ordinal],
      role: roles.get(builder.name) ?? ColumnRole.Feature,
      missing: profiles[ordinal].profile.missing,
      finiteCount: profiles[ordinal].finiteCount,
      dictionary:
        builder.storage === 'codes'
          ? await compressJson({ values: builder.values, counts: builder.counts } satisfies ColumnDictionary)
          : null,
    }));
    // The upload's audit event is recorded in the transaction that makes the dataset visible.
    const completed = {
      name: fields.name,
      modelName: fields.model ?? null,
      modelVersion: fields.version ?? null,
      modelVersionId,
      role,
      rowCount: ingest.rowCount,
      sizeBytes: ingest.sizeBytes,
      delimiter: ingest.delimiter,
      targetColumn: fields.targetColumn ?? null,
      predictionColumn: fields.predictionColumn ?? null,
      probabilityColumn: fields.probabilityColumn ?? null,
      positiveLabel: fields.positiveLabel ?? null,
      profile,
      warnings,
      createdBy: actor,
    };
    await this.audit.transaction(async (manager) => {
      await this.datasets.complete(id, completed, columns, manager);
      return { id };
    });
    const loaded = await this.datasets.load(id);
    if (!loaded) throw new Error(`Dataset ${id} vanished while its upload completed`);
    this.changes.changed();
    return loaded;
  }

  /** The column's final type; re-encodes chunks stored as numbers when the column turned out text-like. */
  private async settleType(
    id: string,
    builder: ColumnBuilder,
    ordinal: number,
    forced: ColumnType | undefined,
    chunkCount: number,
  ): Promise<ColumnType> {
    if (forced === ColumnType.Numerical) {
      if (builder.storage === 'codes') {
        const where = builder.firstNonNumber
          ? ` (line ${builder.firstNonNumber.line} holds "${builder.firstNonNumber.value.slice(0, 40)}")`
          : '';
        throw new BadRequestException(
          `Column "${builder.name}" is declared numerical (columnTypes) but holds values that are not numbers${where}.`,
        );
      }
      return ColumnType.Numerical;
    }
    if (builder.storage === 'numbers' && forced !== undefined) {
      // Declared text-like after the file streamed: every chunk was stored as numbers.
      builder.storage = 'codes';
      builder.missing = 0;
      builder.convertedFromSeq = chunkCount;
    }
    if (builder.storage === 'numbers') return ColumnType.Numerical;
    // One chunk at a time, so a long column turned text-like near its end is not held whole.
    for (let seq = 0; seq < (builder.convertedFromSeq ?? 0); seq++) {
      const [numbers] = await this.chunks.readNumbers(id, ordinal, 'values', seq, seq);
      const { formats, verbatim } = decodeCellFormats(await this.chunks.readFormats(id, ordinal, seq), numbers.length);
      const codes = new Int32Array(numbers.length);
      for (let index = 0; index < numbers.length; index++)
        codes[index] = builder.encodeNumber(numbers[index], formats[index], verbatim.get(index));
      await this.chunks.writeChunks(id, [{ ordinal, kind: 'values', seq, values: codes }]);
    }
    if (forced === ColumnType.Datetime && !builder.allIsoDates) {
      const where = builder.firstNonDate ? ` (line ${builder.firstNonDate.line} holds "${builder.firstNonDate.value.slice(0, 40)}")` : '';
      throw new BadRequestException(
        `Column "${builder.name}" is declared datetime (columnTypes) but holds values that are not ISO 8601 dates${where}.`,
      );
    }
    if (forced !== undefined) return forced;
    return builder.allIsoDates && builder.values.length > 0 ? ColumnType.Datetime : ColumnType.Categorical;
  }

  private async profileColumn(
    id: string,
    builder: ColumnBuilder,
    ordinal: number,
    type: ColumnType,
  ): Promise<{ profile: ColumnProfileDto; finiteCount: number }> {
    if (type === ColumnType.Numerical) {
      const { count, sortedChunks, stats } = await this.statistics.run({
        type: 'describe-numerical',
        column: await this.chunks.readCompressed(id, ordinal, 'values'),
        missing: builder.missing,
        chunkRows: CHUNK_ROWS,
      });
      await this.chunks.writeCompressed(
        id,
        sortedChunks.map((data, seq) => ({ ordinal, kind: 'sorted', seq, length: Math.min(CHUNK_ROWS, count - seq * CHUNK_ROWS), data })),
      );
      return { profile: { name: builder.name, type, ...stats }, finiteCount: count };
    }
    const counted = builder.counts.reduce((sum, count) => sum + count, 0);
    if (type === ColumnType.Datetime) {
      let earliest: string | null = null;
      let latest: string | null = null;
      let earliestTime = Infinity;
      let latestTime = -Infinity;
      for (const value of builder.values) {
        const time = Date.parse(value.replace(' ', 'T'));
        if (time < earliestTime) [earliestTime, earliest] = [time, value];
        if (time > latestTime) [latestTime, latest] = [time, value];
      }
      return {
        profile: { name: builder.name, type, count: counted, missing: builder.missing, distinct: builder.values.length, earliest, latest },
        finiteCount: counted,
      };
    }
    const stats = await this.statistics.run({
      type: 'describe-categorical',
      values: builder.values,
      counts: builder.counts,
      missing: builder.missing,
    });
    return { profile: { name: builder.name, type, ...stats }, finiteCount: counted };
  }

  private async discard(id: string): Promise<void> {
    await this.datasets.delete(id).catch((error: Error) => this.logger.error(`Could not remove refused upload ${id}: ${error.message}`));
  }
}

function unknownColumn(field: string, column: string, names: string[]): BadRequestException {
  const shown = names
    .slice(0, 20)
    .map((name) => `"${name}"`)
    .join(', ');
  return new BadRequestException({
    message: `${field} names column "${column}", which the file does not have. Columns: ${shown}${names.length > 20 ? ', …' : ''}.`,
    details: [{ field, message: `no column "${column}" in the file` }],
  });
}
