import { BadRequestException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { COLUMN_TYPES, ColumnType, CSV_DELIMITERS, UploadDatasetFieldsDto } from '@stress/contracts';
import { flattenValidationErrors, MAX_REPORTED_PROBLEMS } from '../common/validation';

/** Validates the multipart text fields the way the global ValidationPipe validates JSON bodies. */
export async function validateUploadFields(fields: Record<string, string>): Promise<UploadDatasetFieldsDto> {
  const dto = plainToInstance(UploadDatasetFieldsDto, fields);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false, value: false } });
  const details = flattenValidationErrors(errors);
  if ((dto.model === undefined) !== (dto.version === undefined)) {
    details.push({
      field: dto.model === undefined ? 'model' : 'version',
      message: 'model and version go together: send both (e.g. model=stress-detector, version=1.1.0) or neither',
    });
  }
  if (details.length > 0) {
    const first = details[0];
    throw new BadRequestException({
      message: `Invalid upload: ${first.field}: ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`,
      details: details.slice(0, MAX_REPORTED_PROBLEMS),
    });
  }
  return dto;
}

/** The `delimiter` field, when it arrives before the file. Undefined when absent or not yet valid. */
export function earlyDelimiter(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  const normalised = value === '\\t' || value === 'tab' ? '\t' : value;
  return CSV_DELIMITERS.includes(normalised) ? normalised : undefined;
}

/** `columnTypes`: a JSON object mapping column names to types. */
export function parseColumnTypes(raw: string | undefined): Record<string, ColumnType> {
  if (raw === undefined || raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw columnTypesError('is not valid JSON; send an object such as {"device":"categorical"}');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw columnTypesError('must be a JSON object mapping column names to types, e.g. {"device":"categorical"}');
  }
  const result: Record<string, ColumnType> = {};
  for (const [column, type] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof type !== 'string' || !(COLUMN_TYPES as readonly string[]).includes(type)) {
      throw columnTypesError(`column "${column}": type must be one of ${COLUMN_TYPES.join(', ')}`);
    }
    result[column] = type as ColumnType;
  }
  return result;
}

function columnTypesError(message: string): BadRequestException {
  return new BadRequestException({ message: `Invalid upload: columnTypes ${message}`, details: [{ field: 'columnTypes', message }] });
}
