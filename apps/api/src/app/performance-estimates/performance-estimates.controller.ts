import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  ApiKeyRole,
  CreatePerformanceEstimateDto,
  ErrorResponseDto,
  PerformanceEstimateDto,
  PerformanceEstimateListDto,
  PerformanceEstimateListQueryDto,
} from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { PerformanceEstimatesService } from './performance-estimates.service';

@ApiTags('performance-estimates')
@ApiStandardErrors()
@Controller('performance-estimates')
export class PerformanceEstimatesController {
  constructor(private readonly estimates: PerformanceEstimatesService) {}

  @Post()
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({
    summary:
      'Estimate a binary classifier’s quality on a dataset without labels (editor): CBPE, calibrated on a labelled reference, with 95 % bands',
  })
  @ApiCreatedResponse({ type: PerformanceEstimateDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'A dataset (or its model) does not exist.' })
  @ApiUnprocessableEntityResponse({
    type: ErrorResponseDto,
    description: 'The model is not a binary classifier, or a dataset lacks the target, prediction or probability column it needs.',
  })
  create(@Body() body: CreatePerformanceEstimateDto, @CurrentPrincipal() principal: Principal): Promise<PerformanceEstimateDto> {
    return this.estimates.create(body, principal.name);
  }

  @Get()
  @ApiOperation({ summary: 'List performance estimates (newest first), optionally of one model, version or current dataset' })
  @ApiOkResponse({ type: PerformanceEstimateListDto })
  list(@Query() query: PerformanceEstimateListQueryDto): Promise<PerformanceEstimateListDto> {
    return this.estimates.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A performance estimate: estimated metrics with bands, realized ones when labels exist, warnings' })
  @ApiOkResponse({ type: PerformanceEstimateDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No estimate with this id.' })
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<PerformanceEstimateDto> {
    return this.estimates.get(id);
  }
}
