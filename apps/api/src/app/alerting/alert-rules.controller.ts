import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AlertEventListDto,
  AlertEventListQueryDto,
  AlertPreviewResultDto,
  AlertRuleDto,
  AlertRuleListDto,
  AlertRuleListQueryDto,
  AlertRulePreviewDto,
  ApiKeyRole,
  CreateAlertRuleDto,
  DEFAULT_PAGE_LIMIT,
  ErrorResponseDto,
  UpdateAlertRuleDto,
} from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { AlertEvaluationService } from './alert-evaluation.service';
import { AlertRulesService } from './alert-rules.service';
import { toAlertEventDto, toAlertPreviewDto, toAlertRuleDto } from './alerting.mapper';

/** `/api/v1/alert-rules` */
@ApiTags('alerting')
@ApiStandardErrors()
@Controller('alert-rules')
export class AlertRulesController {
  constructor(
    private readonly rules: AlertRulesService,
    private readonly evaluation: AlertEvaluationService,
  ) {}

  @Post()
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({
    summary: 'Create an alert rule (editor)',
    description: 'Unknown model and metric names are allowed (they may appear later); the answer lists them under `warnings`.',
  })
  @ApiCreatedResponse({ type: AlertRuleDto })
  async create(@Body() body: CreateAlertRuleDto, @CurrentPrincipal() principal: Principal): Promise<AlertRuleDto> {
    return toAlertRuleDto(await this.rules.create(body, principal.name));
  }

  @Post('preview')
  @HttpCode(200)
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({
    summary: 'How often a rule would have fired over past data (editor, as the rule editor it serves)',
    description: 'Evaluates the rule at from, from + step, … ≤ to (at most 10,000 steps) over stored points; nothing is stored.',
  })
  @ApiOkResponse({ type: AlertPreviewResultDto })
  async preview(@Body() body: AlertRulePreviewDto): Promise<AlertPreviewResultDto> {
    return toAlertPreviewDto(await this.evaluation.preview(body));
  }

  @Get()
  @ApiOperation({ summary: 'List alert rules, filtered by model, state and severity' })
  @ApiOkResponse({ type: AlertRuleListDto })
  async list(@Query() query: AlertRuleListQueryDto): Promise<AlertRuleListDto> {
    const page = await this.rules.list({
      model: query.model,
      state: query.state,
      severity: query.severity,
      limit: query.limit ?? DEFAULT_PAGE_LIMIT,
      offset: query.offset ?? 0,
    });
    return { items: page.items.map(toAlertRuleDto), total: page.total };
  }

  @Get(':id')
  @ApiOperation({ summary: 'An alert rule with its current state' })
  @ApiOkResponse({ type: AlertRuleDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown rule.' })
  async get(@Param('id') id: string): Promise<AlertRuleDto> {
    return toAlertRuleDto(await this.rules.get(id));
  }

  @Patch(':id')
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({ summary: 'Change an alert rule (editor); a changed condition puts it back to normal' })
  @ApiOkResponse({ type: AlertRuleDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown rule.' })
  async update(@Param('id') id: string, @Body() body: UpdateAlertRuleDto): Promise<AlertRuleDto> {
    return toAlertRuleDto(await this.rules.update(id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole(ApiKeyRole.Admin)
  @ApiOperation({ summary: 'Delete an alert rule and its events (admin)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown rule.' })
  async delete(@Param('id') id: string): Promise<void> {
    await this.rules.delete(id);
  }

  @Get(':id/events')
  @ApiOperation({ summary: "A rule's state changes, newest first" })
  @ApiOkResponse({ type: AlertEventListDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown rule.' })
  async events(@Param('id') id: string, @Query() query: AlertEventListQueryDto): Promise<AlertEventListDto> {
    const page = await this.rules.events(id, query.limit ?? DEFAULT_PAGE_LIMIT, query.offset ?? 0);
    return { items: page.items.map(toAlertEventDto), total: page.total };
  }
}
