import { Controller, Get, Req, Res, UnauthorizedException, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ErrorResponseDto } from '@stress/contracts';
import { AppConfigService } from '../../config/app-config.service';
import { Public } from '../auth/auth.decorators';
import { clusterExposition } from './cluster-metrics';
import { ObservabilityService } from './observability.service';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** `GET /metrics` for Prometheus: outside /api, no API key, no rate limit; METRICS_TOKEN if set. */
@ApiTags('observability')
@Public()
@SkipThrottle()
@Controller({ path: 'metrics', version: VERSION_NEUTRAL })
export class PrometheusController {
  private readonly tokenDigest: Buffer | null;

  constructor(
    private readonly observability: ObservabilityService,
    config: AppConfigService,
  ) {
    const token = config.get('METRICS_TOKEN');
    this.tokenDigest = token ? digest(token) : null;
  }

  @Get()
  @ApiOperation({
    summary: 'Prometheus metrics: process, HTTP durations by route, ingestion, uploads, drift reports, per-model gauges',
    description: 'Text exposition format. When METRICS_TOKEN is set, send it as `Authorization: Bearer <token>`.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format 0.0.4.', schema: { type: 'string' } })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'METRICS_TOKEN is set and the bearer token is missing or wrong.' })
  async metrics(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (this.tokenDigest) {
      const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!presented || !timingSafeEqual(digest(presented), this.tokenDigest)) {
        throw new UnauthorizedException(
          'GET /metrics needs "Authorization: Bearer <METRICS_TOKEN>" (configure it in your Prometheus scrape job).',
        );
      }
    }
    const { contentType, body } = await clusterExposition(this.observability);
    response.setHeader('Content-Type', contentType);
    response.setHeader('Cache-Control', 'no-store');
    response.send(body);
  }
}
