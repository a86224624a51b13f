import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  ApiKeyRole,
  ErrorResponseDto,
  MonitoringWindowDetailDto,
  MonitoringWindowListDto,
  RecomputeWindowsResultDto,
  WindowRangeQueryDto,
} from '@stress/contracts';
import { RequireRole } from '../auth/auth.decorators';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { toWindowDetailDto, toWindowDto } from './monitoring.mapper';
import { MonitoringWindowsService } from './monitoring-windows.service';

/** `/api/v1/models/:name/versions/:version/windows` */
@ApiTags('monitoring')
@ApiStandardErrors()
@Controller('models/:name/versions/:version/windows')
export class MonitoringWindowsController {
  constructor(private readonly windows: MonitoringWindowsService) {}

  @Get()
  @ApiOperation({
    summary: "A version's monitoring windows, newest first",
    description:
      'Tumbling windows of the logged predictions, aligned to UTC multiples of the configured width, with their status, row counts, ' +
      'drift against the reference (without histograms) and quality over the rows that have an actual.',
  })
  @ApiOkResponse({ type: MonitoringWindowListDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown model or version.' })
  async list(
    @Param('name') name: string,
    @Param('version') version: string,
    @Query() query: WindowRangeQueryDto,
  ): Promise<MonitoringWindowListDto> {
    const { items, total } = await this.windows.list(name, version, query.from, query.to);
    return { items: items.map(toWindowDto), total };
  }

  @Post('recompute')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({
    summary: 'Recompute the windows in a range (editor)',
    description:
      'Marks every window with logged predictions starting in [from, to) (all within retention without a range) for recomputation; ' +
      'they are computed within the next MONITORING_INTERVAL_MS, replacing their results and metric points.',
  })
  @ApiAcceptedResponse({ type: RecomputeWindowsResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown model or version, or no monitoring configuration.' })
  async recompute(
    @Param('name') name: string,
    @Param('version') version: string,
    @Query() query: WindowRangeQueryDto,
  ): Promise<RecomputeWindowsResultDto> {
    return { windows: await this.windows.recompute(name, version, query.from, query.to) };
  }

  @Get(':start')
  @ApiOperation({ summary: 'One monitoring window with the reference and current histograms of each column' })
  @ApiParam({ name: 'start', description: 'The window start, ISO 8601 (as listed).' })
  @ApiOkResponse({ type: MonitoringWindowDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown model, version or window.' })
  async get(
    @Param('name') name: string,
    @Param('version') version: string,
    @Param('start') start: string,
  ): Promise<MonitoringWindowDetailDto> {
    return toWindowDetailDto(await this.windows.get(name, version, start));
  }
}
