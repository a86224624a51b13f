import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { MeDto } from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { CurrentPrincipal } from './auth.decorators';

@ApiTags('auth')
@ApiStandardErrors()
@Controller('auth')
export class AuthController {
  @Get('me')
  @ApiOperation({ summary: 'Who am I: the name and role of the key or session sent with this request (and the CSRF token of a session)' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): MeDto {
    return {
      name: principal.name,
      ...(principal.email ? { email: principal.email } : {}),
      role: principal.role,
      via: principal.via,
      ...(principal.csrfToken ? { csrfToken: principal.csrfToken } : {}),
    };
  }
}
