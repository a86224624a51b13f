import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyRole, AuditEventListDto, AuditEventQueryDto, DEFAULT_PAGE_LIMIT } from '@stress/contracts';
import { RequireRole } from '../auth/auth.decorators';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { toAuditEventDto } from './audit.mapper';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiStandardErrors()
@RequireRole(ApiKeyRole.Admin)
@Controller('audit-events')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: 'The audit log (admin): every change and sign-in, newest first, filtered by actor and time' })
  @ApiOkResponse({ type: AuditEventListDto })
  async list(@Query() query: AuditEventQueryDto): Promise<AuditEventListDto> {
    const page = await this.audit.list({
      actor: query.actor,
      from: query.from,
      to: query.to,
      limit: query.limit ?? DEFAULT_PAGE_LIMIT,
      offset: query.offset ?? 0,
    });
    return { items: page.items.map(toAuditEventDto), total: page.total };
  }
}
