import { Body, Controller, Get, Headers, HttpCode, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ApiKeyRole,
  ErrorResponseDto,
  IngestMetricsDto,
  IngestMetricsResponseDto,
  MetricSeriesQueryDto,
  MetricSeriesResponseDto,
} from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { toSeriesResponseDto } from './metrics.mapper';
import { MetricsService } from './metrics.service';

@ApiTags('metrics')
@ApiStandardErrors()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Post()
  @HttpCode(202)
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({
    summary: 'Store a batch of metric points (editor): all or nothing, answered after the commit',
    description:
      'Up to METRICS_MAX_BATCH points. One bad point rejects the batch with 400; `details` names each bad point ' +
      '(`points.<index>.<field>`, first 20). With an Idempotency-Key, a retried batch is stored once and answered as the first time.',
  })
  // The body is checked by one pass in the service (index + field for each bad point), not by the global pipe.
  @ApiBody({ type: IngestMetricsDto })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Unique per batch (e.g. a UUID), 1–200 visible ASCII characters.',
  })
  @ApiAcceptedResponse({ type: IngestMetricsResponseDto, description: 'Committed.' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The Idempotency-Key was used for a different batch.' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponseDto, description: 'The body exceeds the size limit.' })
  async ingest(
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IngestMetricsResponseDto> {
    const result = await this.metrics.ingestBody(body, principal.name, idempotencyKey);
    if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
    return { accepted: result.accepted };
  }

  @Get('series')
  @ApiOperation({
    summary: 'Bucketed aggregates of one metric of a model, one series per version',
    description:
      'Buckets are aligned to UTC multiples of their width since the epoch; `t` is the bucket start; empty buckets are omitted. ' +
      'Default range: the last 24 hours. At most 400 days and 10,000 buckets (400 beyond).',
  })
  @ApiOkResponse({ type: MetricSeriesResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown model or version.' })
  async series(@Query() query: MetricSeriesQueryDto): Promise<MetricSeriesResponseDto> {
    return toSeriesResponseDto(await this.metrics.series(query));
  }
}
