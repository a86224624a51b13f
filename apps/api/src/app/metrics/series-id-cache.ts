/**
 * Series ids by model version id, metric name and canonical labels (the series identity).
 * Nested maps rather than one map of joined `version\0name\0labels` keys: building and
 * hashing a fresh joined string for each of a batch's thousands of points cost more than
 * everything else in resolving their series.
 */
export class SeriesIdCache {
  private readonly byVersion = new Map<string, Map<string, Map<string, number>>>();
  private count = 0;

  /** How many series are remembered. */
  get size(): number {
    return this.count;
  }

  get(versionId: string, name: string, labelsKey: string): number | undefined {
    return this.byVersion.get(versionId)?.get(name)?.get(labelsKey);
  }

  set(versionId: string, name: string, labelsKey: string, id: number): void {
    let byName = this.byVersion.get(versionId);
    if (!byName) this.byVersion.set(versionId, (byName = new Map()));
    let byLabels = byName.get(name);
    if (!byLabels) byName.set(name, (byLabels = new Map()));
    if (!byLabels.has(labelsKey)) this.count++;
    byLabels.set(labelsKey, id);
  }

  /** Copies every series of `other` into this cache. */
  addAll(other: SeriesIdCache): void {
    for (const [versionId, byName] of other.byVersion)
      for (const [name, byLabels] of byName) for (const [labelsKey, id] of byLabels) this.set(versionId, name, labelsKey, id);
  }

  clear(): void {
    this.byVersion.clear();
    this.count = 0;
  }
}
