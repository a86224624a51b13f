import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiKeyRole,
  CreateNotificationChannelDto,
  DEFAULT_PAGE_LIMIT,
  ErrorResponseDto,
  NotificationChannelDto,
  NotificationChannelListDto,
  NotificationTestResultDto,
  PaginationQueryDto,
} from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { AlertNotificationsService } from './alert-notifications.service';
import { toNotificationChannelDto } from './alerting.mapper';

/** `/api/v1/notification-channels` (admin; secrets and tokenised URLs are write-only) */
@ApiTags('alerting')
@ApiStandardErrors()
@Controller('notification-channels')
export class NotificationChannelsController {
  constructor(private readonly notifications: AlertNotificationsService) {}

  @Post()
  @RequireRole(ApiKeyRole.Admin)
  @ApiOperation({
    summary: 'Create a notification channel: webhook, Slack or email (admin)',
    description: 'The target must be http(s); link-local and metadata addresses are refused, loopback unless NOTIFY_ALLOW_LOOPBACK.',
  })
  @ApiCreatedResponse({ type: NotificationChannelDto })
  async create(@Body() body: CreateNotificationChannelDto, @CurrentPrincipal() principal: Principal): Promise<NotificationChannelDto> {
    return toNotificationChannelDto(await this.notifications.createChannel(body, principal.name));
  }

  @Get()
  @ApiOperation({ summary: 'List notification channels (masked)' })
  @ApiOkResponse({ type: NotificationChannelListDto })
  async list(@Query() query: PaginationQueryDto): Promise<NotificationChannelListDto> {
    const page = await this.notifications.listChannels(query.limit ?? DEFAULT_PAGE_LIMIT, query.offset ?? 0);
    return { items: page.items.map(toNotificationChannelDto), total: page.total };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A notification channel (masked)' })
  @ApiOkResponse({ type: NotificationChannelDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown channel.' })
  async get(@Param('id') id: string): Promise<NotificationChannelDto> {
    return toNotificationChannelDto(await this.notifications.getChannel(id));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequireRole(ApiKeyRole.Admin)
  @ApiOperation({ summary: 'Delete a notification channel; rules stop using it (admin)' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown channel.' })
  async delete(@Param('id') id: string): Promise<void> {
    await this.notifications.deleteChannel(id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @RequireRole(ApiKeyRole.Admin)
  @ApiOperation({ summary: 'Send a test notification now and answer with the outcome (admin)' })
  @ApiOkResponse({ type: NotificationTestResultDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Unknown channel.' })
  async test(@Param('id') id: string): Promise<NotificationTestResultDto> {
    const outcome = await this.notifications.testChannel(id);
    return { ok: outcome.ok, status: outcome.status, error: outcome.error };
  }
}
