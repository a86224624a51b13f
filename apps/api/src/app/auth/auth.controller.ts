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
  @ApiOperation({ summary: 'Who am I: the name and role of the key sent with this request' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): MeDto {
    return { name: principal.name, role: principal.role };
  }
}
