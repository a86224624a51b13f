import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AlertDeliveryListDto, AlertDeliveryListQueryDto, AlertListDto, AlertState, DEFAULT_PAGE_LIMIT } from '@stress/contracts';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { AlertNotificationsService } from './alert-notifications.service';
import { AlertRulesService } from './alert-rules.service';
import { toAlertDeliveryDto, toAlertDto } from './alerting.mapper';

/** `/api/v1/alerts` and `/api/v1/alert-deliveries` */
@ApiTags('alerting')
@ApiStandardErrors()
@Controller()
export class AlertsController {
  constructor(
    private readonly rules: AlertRulesService,
    private readonly notifications: AlertNotificationsService,
  ) {}

  @Get('alerts')
  @ApiOperation({ summary: "Every enabled rule's current state: firing first, then pending, nodata, error, normal" })
  @ApiOkResponse({ type: AlertListDto })
  async list(): Promise<AlertListDto> {
    const rules = await this.rules.current();
    return { items: rules.map(toAlertDto), firing: rules.filter((rule) => rule.state === AlertState.Firing).length };
  }

  @Get('alert-deliveries')
  @ApiOperation({ summary: 'Notification deliveries (newest first): status, attempts, last error' })
  @ApiOkResponse({ type: AlertDeliveryListDto })
  async deliveries(@Query() query: AlertDeliveryListQueryDto): Promise<AlertDeliveryListDto> {
    const page = await this.notifications.listDeliveries(query.ruleId, query.limit ?? DEFAULT_PAGE_LIMIT, query.offset ?? 0);
    return { items: page.items.map(toAlertDeliveryDto), total: page.total };
  }
}
