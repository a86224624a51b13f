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
  CreateDriftReportDto,
  DriftReportDto,
  DriftReportListDto,
  DriftReportListQueryDto,
  ErrorResponseDto,
} from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { toDriftReportDto, toDriftReportSummaryDto } from './drift-reports.mapper';
import { DriftReportsService } from './drift-reports.service';

@ApiTags('drift-reports')
@ApiStandardErrors()
@Controller('drift-reports')
export class DriftReportsController {
  constructor(private readonly reports: DriftReportsService) {}

  @Post()
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({
    summary: 'Compare a current dataset with a reference (editor): per-column drift tests as Evidently chooses them, equal to SciPy',
  })
  @ApiCreatedResponse({ type: DriftReportDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'A dataset does not exist.' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'The datasets have no comparable column in common.' })
  async create(@Body() body: CreateDriftReportDto, @CurrentPrincipal() principal: Principal): Promise<DriftReportDto> {
    return toDriftReportDto(await this.reports.create(body, principal.name));
  }

  @Get()
  @ApiOperation({ summary: 'List drift reports (newest first), optionally of one model or version; without per-column results' })
  @ApiOkResponse({ type: DriftReportListDto })
  async list(@Query() query: DriftReportListQueryDto): Promise<DriftReportListDto> {
    const page = await this.reports.list(query);
    return { items: page.items.map(toDriftReportSummaryDto), total: page.total };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A drift report with its per-column results and histograms' })
  @ApiOkResponse({ type: DriftReportDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No report with this id.' })
  async get(@Param('id', new ParseUUIDPipe()) id: string): Promise<DriftReportDto> {
    return toDriftReportDto(await this.reports.get(id));
  }
}
