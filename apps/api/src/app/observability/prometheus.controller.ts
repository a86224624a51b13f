import { Controller, Get, NotFoundException, Req, Res, UnauthorizedException, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { ErrorResponseDto } from '@stress/contracts';
import { AppConfigService } from '../../config/app-config.service';
import { Public } from '../auth/auth.decorators';
import { clusterExposition } from './cluster-metrics';
import { MetricsAccess } from './metrics-access';
import { ObservabilityService } from './observability.service';

/**
 * `GET /metrics` for Prometheus: outside /api, no API key, no rate limit; guarded by MetricsAccess.
 * With METRICS_PORT it is served there only (metrics-server.ts) and this route answers 404.
 */
@ApiTags('observability')
@Public()
@SkipThrottle()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class PrometheusController {
  private readonly access: MetricsAccess;
  private readonly separatePort: number | undefined;

  constructor(
    private readonly observability: ObservabilityService,
    config: AppConfigService,
  ) {
    this.access = new MetricsAccess({
      METRICS_TOKEN: config.get('METRICS_TOKEN'),
      METRICS_PORT: config.get('METRICS_PORT'),
      NODE_ENV: config.get('NODE_ENV'),
    });
    this.separatePort = config.get('METRICS_PORT');
  }

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics: process, HTTP durations by route, ingestion, uploads, drift reports, per-model gauges',
    description:
      'Text exposition format. When METRICS_TOKEN is set, send it as `Authorization: Bearer <token>`. In production without ' +
      'METRICS_TOKEN this route answers 401; with METRICS_PORT set, /metrics is served only on that port and this route answers 404.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4.', schema: { type: 'string' } })
  @ApiUnauthorizedResponse({
    type: ErrorResponseDto,
    description: 'The bearer token is missing or wrong (METRICS_TOKEN), or production without METRICS_TOKEN.',
  })
  async metrics(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (this.separatePort !== undefined) {
      throw new NotFoundException(`/metrics is served on METRICS_PORT (${this.separatePort}), not on this port.`);
    }
    const refusal = this.access.refusal(request.headers.authorization, false);
    if (refusal) throw new UnauthorizedException(refusal);
    const { contentType, body } = await clusterExposition(this.observability);
    response.setHeader('Content-Type', contentType);
    response.setHeader('Cache-Control', 'no-store');
    response.send(body);
  }
}
