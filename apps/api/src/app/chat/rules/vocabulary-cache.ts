import { MonitoringData } from '../monitoring/monitoring-data';
import { Vocabulary } from './intent-parser';

/** Enough models and datasets to recognise by name; beyond this people name them exactly anyway. */
export const VOCABULARY_LIMIT = 100;
/**
 * How long a vocabulary may be used without rebuilding. This process's own changes rebuild it at once
 * (MonitoringChanges); another API process's changes are seen within this time.
 */
export const VOCABULARY_TTL_MS = 30_000;

/**
 * The names the rules assistant recognises in questions (models, versions, metric names, datasets),
 * built once and reused until the monitoring data changes or the TTL passes, instead of reading every
 * model, metric name and dataset on every question. Concurrent questions share one rebuild.
 */
export class VocabularyCache {
  private cached: { vocabulary: Vocabulary; changeVersion: number; builtAt: number } | null = null;
  private building: { promise: Promise<Vocabulary>; changeVersion: number } | null = null;

  constructor(
    private readonly data: MonitoringData,
    private readonly clock: () => number = Date.now,
    private readonly ttlMs = VOCABULARY_TTL_MS,
  ) {}

  get(): Promise<Vocabulary> {
    const changeVersion = this.data.changeVersion;
    const cached = this.cached;
    if (cached && cached.changeVersion === changeVersion && this.clock() - cached.builtAt < this.ttlMs)
      return Promise.resolve(cached.vocabulary);
    if (this.building?.changeVersion === changeVersion) return this.building.promise;
    const builtAt = this.clock();
    const promise = this.build().then(
      (vocabulary) => {
        // A newer build may have finished first; keep whichever saw the later changes.
        if (!this.cached || this.cached.changeVersion <= changeVersion) this.cached = { vocabulary, changeVersion, builtAt };
        if (this.building?.promise === promise) this.building = null;
        return vocabulary;
      },
      (error: unknown) => {
        if (this.building?.promise === promise) this.building = null;
        throw error;
      },
    );
    this.building = { promise, changeVersion };
    return promise;
  }

  private async build(): Promise<Vocabulary> {
    const models = (await this.data.listModels()).slice(0, VOCABULARY_LIMIT);
    const [details, names, datasets] = await Promise.all([
      Promise.all(models.map((model) => this.data.getModel(model.name))),
      Promise.all(models.map((model) => this.data.metricNames(model.name).catch(() => [] as string[]))),
      this.data.listDatasets({ limit: VOCABULARY_LIMIT }),
    ]);
    return {
      models: models.map((model, index) => ({
        name: model.name,
        displayName: model.displayName,
        versions: details[index]?.versions.map((version) => version.version) ?? [],
      })),
      metricNames: [...new Set(names.flat())].sort(),
      datasets: [...datasets]
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((dataset) => ({ id: dataset.id, name: dataset.name, model: dataset.model, role: dataset.role })),
    };
  }
}
