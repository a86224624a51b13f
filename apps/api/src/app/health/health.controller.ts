import { Controller, Get, ServiceUnavailableException, VERSION_NEUTRAL } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ErrorResponseDto } from '@stress/contracts';
import { Public } from '../auth/auth.decorators';
import { LifecycleService } from './lifecycle.service';

const READINESS_DATABASE_TIMEOUT_MS = 1_500;

@ApiTags('health')
@Public()
@SkipThrottle()
@Controller({ path: 'health', version: VERSION_NEUTRAL })
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly lifecycle: LifecycleService,
  ) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process runs and its event loop answers. Never touches the database.' })
  @ApiOkResponse({ description: 'Alive.' })
  live(): { status: 'ok'; uptimeSeconds: number } {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()) };
  }

  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ summary: 'Readiness: the database answers within 1.5 s and the process is not shutting down.' })
  @ApiOkResponse({ description: 'Ready for traffic.' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'Not ready; `details` says which check failed.' })
  async ready(): Promise<HealthCheckResult> {
    if (this.lifecycle.isDraining) {
      throw new ServiceUnavailableException({
        message: 'Not ready: the process is shutting down.',
        details: { process: { status: 'down', message: 'draining' } },
      });
    }
    try {
      return await this.health.check([() => this.database.pingCheck('database', { timeout: READINESS_DATABASE_TIMEOUT_MS })]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException) {
        const result = error.getResponse() as Partial<HealthCheckResult>;
        throw new ServiceUnavailableException({
          message: 'Not ready: the database does not answer.',
          details: result.details ?? result.error ?? {},
        });
      }
      throw error;
    }
  }
}
