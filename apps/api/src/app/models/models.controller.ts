import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiKeyRole,
  CreateModelDto,
  CreateModelVersionDto,
  ErrorResponseDto,
  ListModelsQueryDto,
  ListModelVersionsQueryDto,
  ModelDetailDto,
  ModelDto,
  ModelListDto,
  ModelVersionDto,
  ModelVersionListDto,
  StageHistoryDto,
  UpdateModelDto,
  UpdateModelVersionDto,
} from '@stress/contracts';
import type { Principal } from '../api-keys/api-keys.service';
import { CurrentPrincipal, RequireRole } from '../auth/auth.decorators';
import { ApiStandardErrors } from '../common/api-standard-errors.decorator';
import { toModelDetailDto, toModelDto, toModelVersionDto, toStageChangeDto } from './models.mapper';
import { ModelsService } from './models.service';

const NOT_FOUND = {
  type: ErrorResponseDto,
  description: 'No model (or version) with this name; the message names it.',
};

@ApiTags('models')
@ApiStandardErrors()
@Controller('models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Post()
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({ summary: 'Register a model (editor)' })
  @ApiCreatedResponse({ type: ModelDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A model with this name exists.' })
  async create(@Body() body: CreateModelDto): Promise<ModelDto> {
    return toModelDto(await this.models.create(body));
  }

  @Get()
  @ApiOperation({ summary: 'List models, filtered by text, tag or task' })
  @ApiOkResponse({ type: ModelListDto })
  async list(@Query() query: ListModelsQueryDto): Promise<ModelListDto> {
    const page = await this.models.list(query);
    return { items: page.items.map(toModelDto), total: page.total };
  }

  @Get(':name')
  @ApiOperation({ summary: 'A model with its versions summarised' })
  @ApiOkResponse({ type: ModelDetailDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async get(@Param('name') name: string): Promise<ModelDetailDto> {
    return toModelDetailDto(await this.models.findWithVersions(name));
  }

  @Patch(':name')
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({ summary: "Change a model's display name, description, task, owner or tags (editor)" })
  @ApiOkResponse({ type: ModelDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async update(@Param('name') name: string, @Body() body: UpdateModelDto): Promise<ModelDto> {
    return toModelDto(await this.models.update(name, body));
  }

  @Delete(':name')
  @HttpCode(204)
  @RequireRole(ApiKeyRole.Admin)
  @ApiOperation({
    summary: 'Delete a model and everything that belongs to it (admin): versions, stage history, metrics, datasets, reports',
  })
  @ApiNoContentResponse({ description: 'Deleted, in one transaction.' })
  @ApiNotFoundResponse(NOT_FOUND)
  async delete(@Param('name') name: string): Promise<void> {
    await this.models.delete(name);
  }

  @Post(':name/versions')
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({ summary: 'Register a version of a model (editor); it starts in stage "none"' })
  @ApiCreatedResponse({ type: ModelVersionDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The model already has this version.' })
  async createVersion(@Param('name') name: string, @Body() body: CreateModelVersionDto): Promise<ModelVersionDto> {
    return toModelVersionDto(await this.models.createVersion(name, body));
  }

  @Get(':name/versions')
  @ApiOperation({ summary: "A model's versions, newest first" })
  @ApiOkResponse({ type: ModelVersionListDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async listVersions(@Param('name') name: string, @Query() query: ListModelVersionsQueryDto): Promise<ModelVersionListDto> {
    const page = await this.models.listVersions(name, query);
    return { items: page.items.map(toModelVersionDto), total: page.total };
  }

  @Get(':name/versions/:version')
  @ApiOperation({ summary: 'One version of a model' })
  @ApiOkResponse({ type: ModelVersionDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async getVersion(@Param('name') name: string, @Param('version') version: string): Promise<ModelVersionDto> {
    return toModelVersionDto(await this.models.findVersion(name, version));
  }

  @Patch(':name/versions/:version')
  @RequireRole(ApiKeyRole.Editor)
  @ApiOperation({
    summary: "Change a version's stage or description (editor); promoting to production archives the previous production version",
  })
  @ApiOkResponse({ type: ModelVersionDto })
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'A concurrent promotion won; retry.' })
  async updateVersion(
    @Param('name') name: string,
    @Param('version') version: string,
    @Body() body: UpdateModelVersionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ModelVersionDto> {
    return toModelVersionDto(await this.models.updateVersion(name, version, body, principal.name));
  }

  @Get(':name/versions/:version/stage-history')
  @ApiOperation({ summary: 'Every stage change of a version, oldest first, with who made it' })
  @ApiOkResponse({ type: StageHistoryDto })
  @ApiNotFoundResponse(NOT_FOUND)
  async stageHistory(@Param('name') name: string, @Param('version') version: string): Promise<StageHistoryDto> {
    const items = await this.models.stageHistory(name, version);
    return { items: items.map(toStageChangeDto) };
  }
}
