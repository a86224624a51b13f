import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import {
  ApiKeyRole,
  COLUMN_TYPES,
  DATASET_ROLES,
  DatasetDto,
  DatasetListDto,
  DatasetListQueryDto,
  DatasetRowsDto,
  DatasetRowsQueryDto,
  DATASET_ROWS_SCHEMA,
  QUALITY_SCHEMA,
  ErrorResponseDto,
  QualityDto,
} from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { DatasetQualityService } from './dataset-quality.service';
import { DatasetRowsService } from './dataset-rows.service';
import { DatasetUploadsService } from './dataset-uploads.service';
import { toDatasetDto, toDatasetSummaryDto } from './datasets.mapper';
import { DatasetsService } from './datasets.service';

const NOT_FOUND = { type: ErrorResponseDto, description: 'No dataset with this id.' };

@ApiTags('datasets')
@ApiStandardErrors()
@Controller('datasets')
export class DatasetsController {
  constructor(
    private readonly datasets: DatasetsService,
    private readonly uploads: DatasetUploadsService,
    private readonly datasetRows: DatasetRowsService,
    private readonly datasetQuality: DatasetQualityService,
  ) {}

  @Post()
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({
    summary: 'Upload a CSV dataset (editor): streamed, stored column by column, profiled',
    description:
      'multipart/form-data. Send the text fields before `file` when you can. Refused uploads (400, 404, 413) store nothing. ' +
      'The profile and warnings are computed once, here.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'name'],
      properties: {
        name: { type: 'string', description: 'A name people recognise.' },
        model: { type: 'string', description: 'Registered model name (with version).' },
        version: { type: 'string', description: 'Model version, e.g. 1.1.0.' },
        role: { type: 'string', enum: [...DATASET_ROLES], default: 'other' },
        targetColumn: { type: 'string' },
        predictionColumn: { type: 'string' },
        probabilityColumn: { type: 'string', description: 'Probability of the positive label (binary).' },
        positiveLabel: { type: 'string', description: 'Default "1", else "true"/"True" when present.' },
        columnTypes: { type: 'string', description: `JSON object column → type (${COLUMN_TYPES.join(', ')}), overriding inference.` },
        delimiter: { type: 'string', enum: [',', ';', '\\t'], description: 'Default: detected from the header line.' },
        file: { type: 'string', format: 'binary', description: 'CSV, UTF-8, header row.' },
      },
    },
  })
  @ApiCreatedResponse({ type: DatasetDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'The model version does not exist.' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'Larger than MAX_UPLOAD_MB.' })
  async upload(@Req() request: Request, @CurrentPrincipal() principal: Principal): Promise<DatasetDto> {
    return toDatasetDto(await this.uploads.upload(request, principal.name));
  }

  @Get()
  @ApiOperation({ summary: 'List datasets (newest first), optionally of one model, version or role' })
  @ApiOkResponse({ type: DatasetListDto })
  async list(@Query() query: DatasetListQueryDto): Promise<DatasetListDto> {
    const page = await this.datasets.list(query);
    return { items: page.items.map(toDatasetSummaryDto), total: page.total };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A dataset with its columns, profile and warnings' })
  @ApiOkResponse({ type: DatasetDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<DatasetDto> {
    return toDatasetDto(await this.datasets.load(id));
  }

  @Get(':id/rows')
  @ApiOperation({ summary: 'A page of rows (at most 1,000): numbers as numbers, missing values as null' })
  @ApiOkResponse({ schema: DATASET_ROWS_SCHEMA })
  @ApiNotFoundResponse(NOT_FOUND)
  rows(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: DatasetRowsQueryDto): Promise<DatasetRowsDto> {
    return this.datasetRows.rows(id, query.offset ?? 0, query.limit ?? 100);
  }

  @Get(':id/download')
  @ApiOperation({
    summary: 'Download the dataset as CSV (streamed, comma-separated)',
    description:
      'Cells and header names that are not numbers and begin with `=`, `+`, `-`, `@`, tab or carriage return are written ' +
      "with a leading `'` (OWASP CSV-injection guidance), so spreadsheets show them as text instead of running them. " +
      'Numbers are written as they are.',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The CSV file.' })
  @ApiNotFoundResponse(NOT_FOUND)
  async download(@Param('id', new ParseUUIDPipe()) id: string, @Res() response: Response): Promise<void> {
    const { dataset } = await this.datasets.load(id);
    const fileName = `${dataset.name.replace(/[^\w.-]+/g, '_').slice(0, 100) || 'dataset'}.csv`;
    response.status(200);
    response.setHeader('Content-Type', 'text/csv; charset=utf-8');
    response.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    try {
      await this.datasetRows.writeCsv(id, (text) =>
        response.write(text) ? Promise.resolve() : new Promise<void>((resolve) => response.once('drain', () => resolve())),
      );
      response.end();
    } catch (error) {
      // Headers are gone: all we can do is cut the stream so the client sees an incomplete file.
      response.destroy(error as Error);
    }
  }

  @Get(':id/quality')
  @ApiOperation({ summary: 'Classification quality of a dataset with target and prediction columns (as scikit-learn computes it)' })
  @ApiOkResponse({ schema: QUALITY_SCHEMA })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'The dataset has no target or prediction column.' })
  quality(@Param('id', new ParseUUIDPipe()) id: string): Promise<QualityDto> {
    return this.datasetQuality.quality(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole(ApiKeyRole.Admin)
  @ApiOperation({ summary: 'Delete a dataset (admin), with its drift reports' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse(NOT_FOUND)
  async remove(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.datasets.remove(id);
  }
}
