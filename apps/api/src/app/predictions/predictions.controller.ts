import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  ApiKeyRole,
  ErrorResponseDto,
  LogActualsDto,
  LogActualsResponseDto,
  LogPredictionsDto,
  LogPredictionsResponseDto,
  PredictionListDto,
  PredictionListQueryDto,
} from '@stress/contracts';
import { RequireRole } from '../auth/auth.decorators';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { toPredictionDto } from './predictions.mapper';
import { PredictionsService } from './predictions.service';

/** Production data of a model: `/api/v1/models/:name/versions/:version/predictions` and `/api/v1/models/:name/actuals`. */
@ApiTags('predictions')
@ApiStandardErrors()
@Controller('models/:name')
export class PredictionsController {
  constructor(private readonly predictions: PredictionsService) {}

  @Post('versions/:version/predictions')
  @HttpCode(202)
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({
    summary: 'Log a batch of predictions of a model version (editor): all or nothing, answered after the commit',
    description:
      'Up to PREDICTIONS_MAX_BATCH rows (413 beyond). One bad row rejects the batch with 400; `details` names each bad row ' +
      '(`{ index, field, message }`, first 20). A re-sent id with identical content counts as a duplicate and is not stored twice; ' +
      'an id already logged for the model with other content → 409 naming the ids, nothing stored.',
  })
  // The body is checked by one pass in the service (index + field for each bad row), not by the global pipe.
  @ApiBody({ type: LogPredictionsDto })
  @ApiAcceptedResponse({ type: LogPredictionsResponseDto, description: 'Committed.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown model or version.' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Ids already logged with different content.' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'More rows than PREDICTIONS_MAX_BATCH, or the body is too large.' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'The version declares no features.' })
  async logPredictions(
    @Param('name') name: string,
    @Param('version') version: string,
    @Body() body: unknown,
  ): Promise<LogPredictionsResponseDto> {
    return this.predictions.logPredictions(name, version, body);
  }

  @Get('versions/:version/predictions')
  @ApiOperation({
    summary: 'Logged predictions of a model version with their actuals, newest first',
    description: '`hasActual=true|false` keeps only the rows joined (or not yet joined) to an actual.',
  })
  @ApiOkResponse({ type: PredictionListDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown model or version.' })
  async list(
    @Param('name') name: string,
    @Param('version') version: string,
    @Query() query: PredictionListQueryDto,
  ): Promise<PredictionListDto> {
    const page = await this.predictions.list(name, version, {
      from: query.from,
      to: query.to,
      hasActual: query.hasActual === undefined ? undefined : query.hasActual === 'true',
      limit: query.limit,
      offset: query.offset,
    });
    return { items: page.items.map(toPredictionDto), total: page.total };
  }

  @Post('actuals')
  @HttpCode(202)
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({
    summary: "Log actuals (ground truth) for a model's predictions (editor): all or nothing, answered after the commit",
    description:
      "Each actual joins the model's prediction with its id, whatever the version. One that arrives first waits up to " +
      'ACTUALS_LOOKBACK_DAYS for its prediction. A later actual for an id replaces the earlier one.',
  })
  @ApiBody({ type: LogActualsDto })
  @ApiAcceptedResponse({ type: LogActualsResponseDto, description: 'Committed.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown model.' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'More rows than PREDICTIONS_MAX_BATCH, or the body is too large.' })
  async logActuals(@Param('name') name: string, @Body() body: unknown): Promise<LogActualsResponseDto> {
    return this.predictions.logActuals(name, body);
  }
}
