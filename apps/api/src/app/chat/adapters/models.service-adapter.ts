import { Injectable, NotFoundException } from '@nestjs/common';
import { ModelsService } from '../../models/models.service';
import { ModelDetail, ModelsAdapter, ModelSummary } from './models.adapter';

const PAGE = 200;

/** The registry as the assistant sees it, read through ModelsService. */
@Injectable()
export class ServiceModelsAdapter extends ModelsAdapter {
  constructor(private readonly models: ModelsService) {
    super();
  }

  async list(): Promise<ModelSummary[]> {
    const items: ModelSummary[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.models.list({ limit: PAGE, offset });
      items.push(
        ...page.items.map((model) => ({
          name: model.name,
          displayName: model.displayName,
          description: model.description || null,
          task: model.task,
          owner: model.owner || null,
          tags: model.tags,
          productionVersion: model.productionVersion,
        })),
      );
      if (page.items.length < PAGE || items.length >= page.total) return items;
    }
  }

  async get(name: string): Promise<ModelDetail | null> {
    try {
      const model = await this.models.findByName(name);
      const versions = [];
      for (let offset = 0; ; offset += PAGE) {
        const page = await this.models.listVersions(name, { limit: PAGE, offset });
        versions.push(...page.items);
        if (page.items.length < PAGE || versions.length >= page.total) break;
      }
      return {
        name: model.name,
        displayName: model.displayName,
        description: model.description || null,
        task: model.task,
        owner: model.owner || null,
        tags: model.tags,
        productionVersion: model.productionVersion,
        versions: versions.map((version) => ({
          version: version.version,
          stage: version.stage,
          description: version.description || null,
          framework: version.framework || null,
          trainingMetrics: version.trainingMetrics,
          createdAt: version.createdAt.toISOString(),
        })),
      };
    } catch (error) {
      if (error instanceof NotFoundException) return null;
      throw error;
    }
  }
}
