import {
  BadRequestException,
  Injectable,
  Logger,
  NotFoundException,
  OnApplicationBootstrap,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import busboy from 'busboy';
import { Readable } from 'node:stream';
import type { Request } from 'express';
import { DataSource, Repository } from 'typeorm';
import {
  ColumnProfileDto,
  ColumnRole,
  ColumnType,
  DatasetDto,
  DatasetListQueryDto,
  DatasetRole,
  DatasetRowsDto,
  DatasetSummaryDto,
  DatasetWarningCode,
  DatasetWarningDto,
  QualityDto,
  UploadDatasetFieldsDto,
} from '@stress/contracts';
import { AppConfigService } from '../../config/app-config.service';
import { StatisticsPool } from '../statistics/statistics-pool.service';
import { StatisticsTaskError } from '../statistics/statistics-tasks';
import { compressJson, decompressJson } from './chunk-codec';
import { CHUNK_ROWS, ColumnBuilder, decodeCellFormats, MISSING_CODE } from './column-values';
import { mapLimited } from '../common/map-limited';
import { csvTextCell } from './csv/csv-cell';
import { CsvIngest, tooLarge } from './csv-ingest';
import { earlyDelimiter, parseColumnTypes, validateUploadFields } from './dataset-fields';
import { DatasetStore, StoredChunk } from './dataset-store';
import { DatasetColumnEntity, DatasetEntity } from './dataset.entity';
import { ModelVersionLink } from './model-version-link';
import { ObservabilityService } from '../observability/observability.service';

/** Room for multipart boundaries and text fields on top of MAX_UPLOAD_MB. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;
/** Uploads still staged after this long belong to a process that died mid-upload. */
const STALE_UPLOAD_HOURS = 6;
const MANY_MISSING_SHARE = 0.2;
/**
 * Columns read at once for rows and downloads: each read takes a pooled connection, and 2,000 at once
 * (a wide dataset) waited past the pool's timeout (503).
 */
const COLUMN_READS_IN_FLIGHT = 4;

/** A column's dictionary (text-like columns): value per code and its occurrences. */
export interface ColumnDictionary {
  values: string[];
  counts: number[];
}

export interface LoadedDataset {
  dataset: DatasetEntity;
  columns: DatasetColumnEntity[];
}

@Injectable()
export class DatasetsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DatasetsService.name);

  constructor(
    @InjectRepository(DatasetEntity) private readonly datasets: Repository<DatasetEntity>,
    @InjectRepository(DatasetColumnEntity) private readonly columns: Repository<DatasetColumnEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly store: DatasetStore,
    private readonly statistics: StatisticsPool,
    private readonly models: ModelVersionLink,
    private readonly config: AppConfigService,
    private readonly observability: ObservabilityService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.dataSource
      .query(`DELETE FROM datasets WHERE status = 'uploading' AND created_at < now() - make_interval(hours => $1)`, [STALE_UPLOAD_HOURS])
      .catch((error: Error) => this.logger.warn(`Could not remove abandoned uploads: ${error.message}`));
  }

  // ---------------------------------------------------------------- upload

  /** Streams a multipart upload into a stored dataset; bytes and outcome go to /metrics. */
  async upload(request: Request, actor: string): Promise<DatasetDto> {
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

  private async receiveUpload(request: Request, actor: string): Promise<DatasetDto> {
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
    let stagedId: string | null = null;
    let staging: Promise<string> | null = null;
    const stage = (): Promise<string> => {
      staging ??= this.dataSource
        .query(
          `INSERT INTO datasets (name, role, status, chunk_rows, created_by) VALUES ('(uploading)', 'other', 'uploading', $1, $2) RETURNING id`,
          [CHUNK_ROWS, actor.slice(0, 100)],
        )
        .then((rows: Array<{ id: string }>) => (stagedId = rows[0].id));
      return staging;
    };
    try {
      const { fields, ingest } = await this.receive(request, maxBytes, async (chunks) => this.store.writeChunks(await stage(), chunks));
      const dto = await validateUploadFields(fields);
      if (!ingest) throw new BadRequestException('The upload has no "file" field. Send the CSV as a multipart part named "file".');
      const id = await stage();
      const loaded = await this.complete(id, dto, ingest, actor);
      return this.toDto(loaded.dataset, loaded.columns);
    } catch (error) {
      drain(request);
      if (stagedId !== null || staging !== null) {
        const id = stagedId ?? (await (staging as unknown as Promise<string>).catch(() => null));
        if (id)
          await this.store
            .deleteDataset(id)
            .catch((cleanup: Error) => this.logger.error(`Could not remove refused upload ${id}: ${cleanup.message}`));
      }
      throw error;
    }
  }

  /** Stores a CSV held in memory (demo data, tools) exactly as an upload with these fields would be. */
  async createFromCsv(csv: Buffer, fields: Record<string, string>, actor: string): Promise<DatasetDto> {
    const dto = await validateUploadFields(fields);
    const id = (
      await this.dataSource.query(
        `INSERT INTO datasets (name, role, status, chunk_rows, created_by) VALUES ('(uploading)', 'other', 'uploading', $1, $2) RETURNING id`,
        [CHUNK_ROWS, actor.slice(0, 100)],
      )
    )[0].id as string;
    try {
      const ingest = new CsvIngest({
        delimiter: earlyDelimiter(fields['delimiter']),
        columnTypes: parseColumnTypes(fields['columnTypes']),
        maxBytes: Number.MAX_SAFE_INTEGER,
        maxColumns: this.config.get('MAX_COLUMNS'),
        writeChunks: (chunks) => this.store.writeChunks(id, chunks),
      });
      await ingest.consume(Readable.from([csv]));
      const loaded = await this.complete(id, dto, ingest, actor);
      return this.toDto(loaded.dataset, loaded.columns);
    } catch (error) {
      await this.store.deleteDataset(id).catch(() => undefined);
      throw error;
    }
  }

  /** Streams the multipart body: text fields are collected, the `file` part goes through CsvIngest. */
  private receive(
    request: Request,
    maxBytes: number,
    writeChunks: (chunks: StoredChunk[]) => Promise<void>,
  ): Promise<{ fields: Record<string, string>; ingest: CsvIngest | null }> {
    return new Promise((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({
          headers: request.headers,
          limits: { fileSize: maxBytes, files: 1, fields: 30, fieldSize: 64 * 1024, parts: 40 },
        });
      } catch (error) {
        reject(
          new BadRequestException(
            `The multipart request is malformed (${(error as Error).message}). Send multipart/form-data with a "file" field.`,
          ),
        );
        return;
      }
      const fields: Record<string, string> = {};
      let ingest: CsvIngest | null = null;
      let ingestDone: Promise<void> = Promise.resolve();
      let settled = false;
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        request.unpipe(parser);
        drain(request);
        reject(error);
      };
      parser.on('field', (name: string, value: string, info: busboy.FieldInfo) => {
        if (info.valueTruncated) fail(new BadRequestException(`The field "${name}" is too long (64 KB at most).`));
        else fields[name] = value;
      });
      parser.on('file', (name: string, stream: NodeJS.ReadableStream & { truncated?: boolean; resume(): void }) => {
        if (name !== 'file' || ingest !== null) {
          stream.resume();
          fail(new BadRequestException(`Unexpected file part "${name}": send exactly one CSV, in the part named "file".`));
          return;
        }
        let columnTypes: ReturnType<typeof parseColumnTypes> | undefined;
        try {
          columnTypes = 'columnTypes' in fields ? parseColumnTypes(fields['columnTypes']) : undefined;
        } catch (error) {
          stream.resume();
          fail(error as Error);
          return;
        }
        const current = new CsvIngest({
          delimiter: earlyDelimiter(fields['delimiter']),
          columnTypes,
          maxBytes,
          maxColumns: this.config.get('MAX_COLUMNS'),
          writeChunks,
        });
        ingest = current;
        ingestDone = current.consume(stream as never).catch((error: Error) => {
          stream.resume();
          fail(error);
        });
      });
      parser.on('filesLimit', () => fail(new BadRequestException('Send exactly one file per upload, in the part named "file".')));
      parser.on('fieldsLimit', () => fail(new BadRequestException('Too many fields in the upload (30 at most).')));
      parser.on('partsLimit', () => fail(new BadRequestException('Too many parts in the upload (40 at most).')));
      parser.on('error', (error: Error) =>
        fail(new BadRequestException(`The multipart body is malformed (${error.message}). Send multipart/form-data with a "file" field.`)),
      );
      parser.on('close', () => {
        void ingestDone.then(() => {
          if (settled) return;
          settled = true;
          resolve({ fields, ingest });
        });
      });
      request.on('aborted', () => fail(new BadRequestException('The upload was interrupted before it finished.')));
      request.pipe(parser);
    });
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
    await this.store.deleteChunks(id, 'formats');
    if (fields.probabilityColumn !== undefined && types[names.indexOf(fields.probabilityColumn)] !== ColumnType.Numerical) {
      throw new BadRequestException(`probabilityColumn "${fields.probabilityColumn}" must hold numbers (probabilities between 0 and 1).`);
    }

    // One column per worker at a time: each holds its sorted copy until its sorted chunks are stored.
    const profiles = await mapLimited(ingest.builders, this.statistics.size, (builder, ordinal) =>
      this.profileColumn(id, builder, ordinal, types[ordinal]),
    );
    const role = fields.role ?? DatasetRole.Other;
    const warnings = await this.warningsFor(
      profiles.map((entry) => entry.profile),
      ingest.rowCount,
      role,
      fields.model,
      fields.version,
    );

    // A few at a time: every compression in flight holds ~220 KB of zlib state (see dataset-store).
    const columnRows = await mapLimited(ingest.builders, 8, async (builder, ordinal) => ({
      datasetId: id,
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
    await this.dataSource.transaction(async (manager) => {
      await manager.insert(DatasetColumnEntity, columnRows);
      await manager.update(
        DatasetEntity,
        { id },
        {
          name: fields.name,
          modelName: fields.model ?? null,
          modelVersion: fields.version ?? null,
          modelVersionId,
          role,
          status: 'ready',
          rowCount: ingest.rowCount,
          sizeBytes: ingest.sizeBytes,
          delimiter: ingest.delimiter,
          targetColumn: fields.targetColumn ?? null,
          predictionColumn: fields.predictionColumn ?? null,
          probabilityColumn: fields.probabilityColumn ?? null,
          positiveLabel: fields.positiveLabel ?? null,
          profile: profiles.map((entry) => entry.profile),
          warnings,
          createdBy: actor.slice(0, 100),
        },
      );
    });
    return this.load(id);
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
      const [numbers] = await this.store.readNumbers(id, ordinal, 'values', seq, seq);
      const { formats, verbatim } = decodeCellFormats(await this.store.readFormats(id, ordinal, seq), numbers.length);
      const codes = new Int32Array(numbers.length);
      for (let index = 0; index < numbers.length; index++)
        codes[index] = builder.encodeNumber(numbers[index], formats[index], verbatim.get(index));
      await this.store.writeChunks(id, [{ ordinal, kind: 'values', seq, values: codes }]);
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
        column: await this.store.readCompressed(id, ordinal, 'values'),
        missing: builder.missing,
        chunkRows: CHUNK_ROWS,
      });
      await this.store.writeCompressed(
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

  private async warningsFor(
    profile: ColumnProfileDto[],
    rowCount: number,
    role: DatasetRole,
    model: string | undefined,
    version: string | undefined,
  ): Promise<DatasetWarningDto[]> {
    const warnings: DatasetWarningDto[] = [];
    for (const column of profile) {
      if (rowCount > 0 && column.missing / rowCount > MANY_MISSING_SHARE) {
        warnings.push({
          code: DatasetWarningCode.ManyMissing,
          column: column.name,
          message: `Column "${column.name}" is ${((100 * column.missing) / rowCount).toFixed(1)}% missing (${column.missing} of ${rowCount} rows).`,
        });
      }
      if (column.count > 0 && column.distinct === 1) {
        warnings.push({
          code: DatasetWarningCode.Constant,
          column: column.name,
          message: `Column "${column.name}" holds a single value: it is constant.`,
        });
      }
    }
    if (role === DatasetRole.Current && model !== undefined) {
      const reference = await this.referenceFor(model, version);
      if (reference) {
        const known = new Set(reference.profile.map((column) => column.name));
        for (const column of profile) {
          if (known.has(column.name)) continue;
          warnings.push({
            code: DatasetWarningCode.NotInReference,
            column: column.name,
            message: `Column "${column.name}" is not in the reference dataset "${reference.name}" of ${model}${reference.modelVersion ? ` ${reference.modelVersion}` : ''}: drift reports cannot compare it.`,
          });
        }
      }
    }
    return warnings;
  }

  /** The latest reference dataset of the model version, else of the model. */
  async referenceFor(model: string, version: string | undefined): Promise<DatasetEntity | null> {
    const query = this.datasets
      .createQueryBuilder('dataset')
      .where(`dataset.status = 'ready' AND dataset.role = :role AND dataset.modelName = :model`, { role: DatasetRole.Reference, model })
      .orderBy(version ? `CASE WHEN dataset.modelVersion = :version THEN 0 ELSE 1 END` : 'dataset.createdAt', version ? 'ASC' : 'DESC')
      .limit(1);
    if (version) query.setParameter('version', version).addOrderBy('dataset.createdAt', 'DESC');
    return query.getOne();
  }

  // ---------------------------------------------------------------- reads

  async list(query: DatasetListQueryDto): Promise<{ items: DatasetSummaryDto[]; total: number }> {
    const builder = this.datasets.createQueryBuilder('dataset').where(`dataset.status = 'ready'`);
    if (query.model) builder.andWhere('dataset.modelName = :model', { model: query.model });
    if (query.version) builder.andWhere('dataset.modelVersion = :version', { version: query.version });
    if (query.role) builder.andWhere('dataset.role = :role', { role: query.role });
    const [rows, total] = await builder
      .orderBy('dataset.createdAt', 'DESC')
      .addOrderBy('dataset.id', 'ASC')
      .skip(query.offset ?? 0)
      .take(query.limit ?? 50)
      .getManyAndCount();
    const columns = rows.length
      ? await this.columns
          .createQueryBuilder('column')
          .select(['column.datasetId', 'column.ordinal', 'column.name', 'column.type', 'column.role'])
          .where('column.datasetId IN (:...ids)', { ids: rows.map((row) => row.id) })
          .orderBy('column.ordinal', 'ASC')
          .getMany()
      : [];
    return {
      items: rows.map((row) => {
        const summary: DatasetSummaryDto & { profile?: unknown } = this.toDto(
          row,
          columns.filter((column) => column.datasetId === row.id),
        );
        delete summary.profile;
        return summary;
      }),
      total,
    };
  }

  async load(id: string): Promise<LoadedDataset> {
    const dataset = await this.datasets.findOne({ where: { id, status: 'ready' } });
    if (!dataset) throw new NotFoundException(`Dataset ${id} not found. List datasets with GET /api/v1/datasets.`);
    const columns = await this.columns.find({ where: { datasetId: id }, order: { ordinal: 'ASC' } });
    return { dataset, columns };
  }

  async get(id: string): Promise<DatasetDto> {
    const { dataset, columns } = await this.load(id);
    return this.toDto(dataset, columns);
  }

  async remove(id: string): Promise<void> {
    // Columns, chunks, drift reports and performance estimates go with the row (ON DELETE CASCADE).
    const result = await this.datasets.delete({ id, status: 'ready' });
    if (!result.affected) throw new NotFoundException(`Dataset ${id} not found. List datasets with GET /api/v1/datasets.`);
  }

  async dictionary(column: DatasetColumnEntity): Promise<ColumnDictionary> {
    if (!column.dictionary) return { values: [], counts: [] };
    return decompressJson<ColumnDictionary>(column.dictionary);
  }

  async rows(id: string, offset: number, limit: number): Promise<DatasetRowsDto> {
    const { dataset, columns } = await this.load(id);
    const end = Math.min(dataset.rowCount, offset + limit);
    const result: DatasetRowsDto = { columns: columns.map((column) => column.name), rows: [], total: dataset.rowCount };
    if (offset >= end) return result;
    const fromSeq = Math.floor(offset / dataset.chunkRows);
    const toSeq = Math.floor((end - 1) / dataset.chunkRows);
    const base = fromSeq * dataset.chunkRows;
    const cells = await mapLimited(columns, COLUMN_READS_IN_FLIGHT, (column) => this.columnCells(dataset.id, column, fromSeq, toSeq));
    for (let row = offset; row < end; row++) result.rows.push(cells.map((cell) => cell(row - base)));
    return result;
  }

  /** A reader of one column's cells over chunks fromSeq..toSeq (index relative to the first chunk). */
  async columnCells(
    datasetId: string,
    column: DatasetColumnEntity,
    fromSeq: number,
    toSeq: number,
  ): Promise<(index: number) => string | number | null> {
    if (column.type === ColumnType.Numerical) {
      const values = concat(await this.store.readNumbers(datasetId, column.ordinal, 'values', fromSeq, toSeq));
      return (index) => (Number.isFinite(values[index]) ? values[index] : null);
    }
    const dictionary = (await this.dictionary(column)).values;
    const codes = concatCodes(await this.store.readCodes(datasetId, column.ordinal, fromSeq, toSeq));
    return (index) => (codes[index] === MISSING_CODE ? null : dictionary[codes[index]]);
  }

  /** Writes the dataset as CSV (comma-separated, RFC 4180 quoting, formulas made inert), one chunk of rows at a time. */
  async writeCsv(id: string, write: (text: string) => Promise<void>): Promise<void> {
    const { dataset, columns } = await this.load(id);
    await write(columns.map((column) => csvTextCell(column.name)).join(',') + '\r\n');
    const dictionaries = await mapLimited(columns, COLUMN_READS_IN_FLIGHT, (column) =>
      column.type === ColumnType.Numerical ? Promise.resolve(null) : this.dictionary(column),
    );
    for (let seq = 0; seq * dataset.chunkRows < dataset.rowCount; seq++) {
      const formatted = await mapLimited(columns, COLUMN_READS_IN_FLIGHT, async (column, index): Promise<string[]> => {
        const dictionary = dictionaries[index];
        if (dictionary === null) {
          const [numbers] = await this.store.readNumbers(dataset.id, column.ordinal, 'values', seq, seq);
          return Array.from(numbers, (value) =>
            Number.isNaN(value) ? '' : value === Infinity ? 'inf' : value === -Infinity ? '-inf' : String(value),
          );
        }
        const [codes] = await this.store.readCodes(dataset.id, column.ordinal, seq, seq);
        const quoted = dictionary.values.map(csvTextCell);
        return Array.from(codes, (code) => (code === MISSING_CODE ? '' : quoted[code]));
      });
      const rows = formatted[0].length;
      let text = '';
      for (let row = 0; row < rows; row++) {
        for (let column = 0; column < formatted.length; column++) {
          if (column > 0) text += ',';
          text += formatted[column][row];
        }
        text += '\r\n';
        if (text.length > 1 << 20) {
          await write(text);
          text = '';
        }
      }
      if (text) await write(text);
    }
  }

  // ---------------------------------------------------------------- quality

  async quality(id: string): Promise<QualityDto> {
    const { dataset, columns } = await this.load(id);
    const missing = [!dataset.targetColumn && 'targetColumn', !dataset.predictionColumn && 'predictionColumn'].filter(Boolean);
    if (missing.length > 0) {
      throw new UnprocessableEntityException(
        `Dataset "${dataset.name}" has no ${missing.join(' and ')}: classification quality compares a target column with a prediction column. ` +
          'Upload the dataset again with the targetColumn and predictionColumn fields naming them.',
      );
    }
    const byName = (name: string | null) => columns.find((column) => column.name === name) as DatasetColumnEntity;
    const target = await this.labels(dataset, byName(dataset.targetColumn));
    const prediction = await this.labels(dataset, byName(dataset.predictionColumn));
    const probabilityColumn = dataset.probabilityColumn ? byName(dataset.probabilityColumn) : null;
    const probability = probabilityColumn ? await this.numbers(dataset, probabilityColumn) : null;
    const actual: string[] = [];
    const predicted: string[] = [];
    const kept: number[] = [];
    for (let row = 0; row < dataset.rowCount; row++) {
      if (target[row] === null || prediction[row] === null) continue;
      if (probability && !Number.isFinite(probability[row])) continue;
      actual.push(target[row] as string);
      predicted.push(prediction[row] as string);
      kept.push(row);
    }
    if (actual.length === 0) {
      throw new UnprocessableEntityException(
        `Dataset "${dataset.name}" has no row with both a target and a prediction: quality cannot be computed.`,
      );
    }
    const probabilities = probability ? Float64Array.from(kept, (row) => probability[row]) : undefined;
    try {
      const result = await this.statistics.run({
        type: 'quality',
        input: { actual, predicted, probability: probabilities, positiveLabel: dataset.positiveLabel ?? undefined },
      });
      return {
        ...result,
        targetColumn: dataset.targetColumn as string,
        predictionColumn: dataset.predictionColumn as string,
        ...(dataset.probabilityColumn ? { probabilityColumn: dataset.probabilityColumn } : {}),
      };
    } catch (error) {
      if (error instanceof StatisticsTaskError && error.inputError)
        throw new UnprocessableEntityException(`Quality cannot be computed for dataset "${dataset.name}": ${error.message}`);
      throw error;
    }
  }

  /** A column's values as labels (numbers printed as pandas prints integers: 1, not 1.0), null when missing. */
  async labels(dataset: DatasetEntity, column: DatasetColumnEntity): Promise<Array<string | null>> {
    const cells = await this.columnCells(dataset.id, column, 0, 2 ** 31 - 1);
    return Array.from({ length: dataset.rowCount }, (_, row) => {
      const value = cells(row);
      return value === null ? null : String(value);
    });
  }

  /** A numerical column's values in row order, NaN where missing. */
  async numbers(dataset: DatasetEntity, column: DatasetColumnEntity): Promise<Float64Array> {
    return concat(await this.store.readNumbers(dataset.id, column.ordinal, 'values'));
  }

  // ---------------------------------------------------------------- mapping

  toDto(dataset: DatasetEntity, columns: Pick<DatasetColumnEntity, 'name' | 'type' | 'role'>[]): DatasetDto {
    return {
      id: dataset.id,
      name: dataset.name,
      model: dataset.modelName,
      version: dataset.modelVersion,
      role: dataset.role,
      rowCount: dataset.rowCount,
      sizeBytes: dataset.sizeBytes,
      columns: columns.map((column) => ({ name: column.name, type: column.type, role: column.role })),
      targetColumn: dataset.targetColumn,
      predictionColumn: dataset.predictionColumn,
      probabilityColumn: dataset.probabilityColumn,
      positiveLabel: dataset.positiveLabel,
      delimiter: dataset.delimiter,
      profile: dataset.profile,
      warnings: dataset.warnings,
      createdBy: dataset.createdBy,
      createdAt: dataset.createdAt.toISOString(),
    };
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

/** Discards the rest of a request body we stopped reading, so the client can read our answer. */
function drain(request: Request): void {
  request.resume();
}

function concat(chunks: Float64Array[]): Float64Array {
  if (chunks.length === 1) return chunks[0];
  const result = new Float64Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

function concatCodes(chunks: Int32Array[]): Int32Array {
  if (chunks.length === 1) return chunks[0];
  const result = new Int32Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}
