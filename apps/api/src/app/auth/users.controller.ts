import { Controller, Delete, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiKeyRole,
  EndedSessionsDto,
  ErrorResponseDto,
  PaginationQueryDto,
  UserDto,
  UserListDto,
  DEFAULT_PAGE_LIMIT,
} from '@stress/contracts';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { RequireRole } from './auth.decorators';
import { SessionsService } from './sessions.service';
import { UserWithSessions } from './sessions.types';

function toUserDto(user: UserWithSessions): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    createdAt: user.createdAt.toISOString(),
    lastSignInAt: user.lastSignInAt.toISOString(),
    activeSessions: user.activeSessions,
  };
}

@ApiTags('users')
@ApiStandardErrors()
@RequireRole(ApiKeyRole.Admin)
@Controller('users')
export class UsersController {
  constructor(private readonly sessions: SessionsService) {}

  @Get()
  @ApiOperation({ summary: 'People who signed in with single sign-on (admin), most recent sign-in first' })
  @ApiOkResponse({ type: UserListDto })
  async list(@Query() query: PaginationQueryDto): Promise<UserListDto> {
    const page = await this.sessions.listUsers(query.limit ?? DEFAULT_PAGE_LIMIT, query.offset ?? 0);
    return { items: page.items.map(toUserDto), total: page.total };
  }

  @Delete(':id/sessions')
  @ApiOperation({ summary: "End all of a person's sessions (admin); they must sign in again" })
  @ApiOkResponse({ type: EndedSessionsDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No user with this id.' })
  async endSessions(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<EndedSessionsDto> {
    return { ended: await this.sessions.endUserSessions(id) };
  }
}
