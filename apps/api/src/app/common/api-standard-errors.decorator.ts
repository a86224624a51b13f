import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiInternalServerErrorResponse,
  ApiServiceUnavailableResponse,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ErrorResponseDto } from '@stress/contracts';

/** The error responses every authenticated `/api` operation can give, documented once. */
export const ApiStandardErrors = () =>
  applyDecorators(
    ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid input; `details` lists each problem.' }),
    ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'Missing, unknown or revoked API key.' }),
    ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'Rate limit exceeded; retry after `Retry-After` seconds.' }),
    ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'The database is unavailable; retry shortly.' }),
    ApiInternalServerErrorResponse({ type: ErrorResponseDto, description: 'Unexpected error; quote the requestId.' }),
  );
