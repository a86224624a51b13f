import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiKeyListDto, ApiKeyRole, CreateApiKeyDto, CreatedApiKeyDto, ErrorResponseDto } from '@stress/contracts';
import { RequireRole } from '../auth/auth.decorators';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { toApiKeyDto, toCreatedApiKeyDto } from './api-keys.mapper';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@ApiStandardErrors()
@RequireRole(ApiKeyRole.Admin)
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key (admin). The key is in this response only.' })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  async create(@Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return toCreatedApiKeyDto(await this.apiKeys.create(body.name, body.role));
  }

  @Get()
  @ApiOperation({ summary: 'List active API keys (admin), without the keys themselves' })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(): Promise<ApiKeyListDto> {
    const items = (await this.apiKeys.list()).map(toApiKeyDto);
    return { items, total: items.length };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key (admin); it stops working at once' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No active key with this id.' })
  async revoke(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<void> {
    await this.apiKeys.revoke(id);
  }
}
