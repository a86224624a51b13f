import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto, LatestMetricListDto, MetricNamesDto } from '@stress/contracts';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { toLatestMetricDto } from './metrics.mapper';
import { MetricsService } from './metrics.service';

/** Metric reads scoped to one model: `/api/v1/models/:name/metrics/...`. */
@ApiTags('metrics')
@ApiStandardErrors()
@Controller('models/:name/metrics')
export class ModelMetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('latest')
  @ApiOperation({ summary: 'The newest point of every metric of every version of a model' })
  @ApiOkResponse({ type: LatestMetricListDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown model.' })
  async latest(@Param('name') name: string): Promise<LatestMetricListDto> {
    const items = await this.metrics.latest(name);
    return { items: items.map(toLatestMetricDto) };
  }

  @Get('names')
  @ApiOperation({ summary: 'Names of the metrics recorded for a model' })
  @ApiOkResponse({ type: MetricNamesDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown model.' })
  async names(@Param('name') name: string): Promise<MetricNamesDto> {
    return { items: await this.metrics.names(name) };
  }
}
