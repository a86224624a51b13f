import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ApiKeyRole, ErrorResponseDto, MonitoringConfigDto, PutMonitoringConfigDto } from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { toMonitoringConfigDto } from './monitoring.mapper';
import { MonitoringService } from './monitoring.service';

/** `/api/v1/models/:name/versions/:version/monitoring` */
@ApiTags('monitoring')
@ApiStandardErrors()
@Controller('models/:name/versions/:version/monitoring')
export class MonitoringController {
  constructor(private readonly monitoring: MonitoringService) {}

  @Put()
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({
    summary: "Create or replace a version's monitoring configuration (editor)",
    description:
      'The reference must be a dataset of the same model holding every declared feature (400 otherwise). ' +
      'The version must declare its features (422 otherwise).',
  })
  @ApiOkResponse({ type: MonitoringConfigDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown model, version or reference dataset.' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'The version declares no features.' })
  async put(
    @Param('name') name: string,
    @Param('version') version: string,
    @Body() body: PutMonitoringConfigDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<MonitoringConfigDto> {
    return toMonitoringConfigDto(await this.monitoring.put(name, version, body, principal.name));
  }

  @Get()
  @ApiOperation({ summary: "A version's monitoring configuration" })
  @ApiOkResponse({ type: MonitoringConfigDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown model or version, or no configuration yet.' })
  async get(@Param('name') name: string, @Param('version') version: string): Promise<MonitoringConfigDto> {
    return toMonitoringConfigDto(await this.monitoring.get(name, version));
  }
}
