import { Injectable } from '@nestjs/common';
import { ModelsService } from '../models/models.service';

/** The one place datasets check a model version against the registry. */
@Injectable()
export class ModelVersionLink {
  constructor(private readonly models: ModelsService) {}

  /** The version's id; 404 naming the model or the version when the registry does not know it. */
  async resolve(model: string, version: string): Promise<string> {
    return (await this.models.findVersion(model, version)).id;
  }
}
