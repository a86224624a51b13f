import { Injectable } from '@nestjs/common';

/**
 * The one place datasets check a model version against the registry (issue 3's ModelsService).
 */
@Injectable()
export class ModelVersionLink {
  async assertExists(_model: string, _version: string): Promise<void> {
    // Wired to ModelsService.findVersion once the registry is on main.
  }
}
