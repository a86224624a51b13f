import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiKeyRole,
  CreateSilenceDto,
  DEFAULT_PAGE_LIMIT,
  ErrorResponseDto,
  PaginationQueryDto,
  SilenceDto,
  SilenceListDto,
} from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { AlertNotificationsService } from './alert-notifications.service';
import { toSilenceDto } from './alerting.mapper';

/** `/api/v1/silences` */
@ApiTags('alerting')
@ApiStandardErrors()
@Controller('silences')
export class SilencesController {
  constructor(private readonly notifications: AlertNotificationsService) {}

  @Post()
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({
    summary: 'Silence notifications of matching rules for a time (editor)',
    description: 'Matched notifications are recorded as `suppressed`, not sent; states still change.',
  })
  @ApiCreatedResponse({ type: SilenceDto })
  async create(@Body() body: CreateSilenceDto, @CurrentPrincipal() principal: Principal): Promise<SilenceDto> {
    return toSilenceDto(await this.notifications.createSilence(body, principal.name));
  }

  @Get()
  @ApiOperation({ summary: 'List silences, latest end first' })
  @ApiOkResponse({ type: SilenceListDto })
  async list(@Query() query: PaginationQueryDto): Promise<SilenceListDto> {
    const page = await this.notifications.listSilences(query.limit ?? DEFAULT_PAGE_LIMIT, query.offset ?? 0);
    return { items: page.items.map((silence) => toSilenceDto(silence)), total: page.total };
  }

  @Delete(':id')
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({ summary: 'Expire a silence now (editor); it stays listed as expired' })
  @ApiOkResponse({ type: SilenceDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown silence.' })
  async expire(@Param('id') id: string): Promise<SilenceDto> {
    return toSilenceDto(await this.notifications.expireSilence(id));
  }
}
