import { ModelStage } from '@stress/contracts';
import { demoLikeWorld, FakeMonitoringData } from '../testing/fake-monitoring-data';
import { VocabularyCache } from './vocabulary-cache';

const NOW = new Date('2026-11-26T15:30:00.000Z');

function setup() {
  const data = new FakeMonitoringData(demoLikeWorld(NOW));
  let clock = 0;
  const cache = new VocabularyCache(data, () => clock, 30_000);
  return { data, cache, advance: (ms: number) => (clock += ms) };
}

describe('VocabularyCache', () => {
  it('reads the names once, then answers from memory while nothing changes', async () => {
    const { data, cache } = setup();
    const first = await cache.get();
    expect(first.models).toEqual([{ name: 'stress-detector', displayName: 'Stress detector', versions: ['1.0.0', '1.1.0', '2.0.0'] }]);
    expect(first.metricNames).toEqual(['accuracy', 'latency_ms']);
    expect(first.datasets.map((dataset) => dataset.name)).toEqual(['stress-current', 'stress-reference']);
    const reads = { ...data.calls };
    for (let question = 0; question < 5; question++) expect(await cache.get()).toBe(first);
    expect(data.calls).toEqual(reads);
  });

  it('rebuilds as soon as the data reports a change', async () => {
    const { data, cache } = setup();
    await cache.get();
    data.world.models[0].versions.push({ ...data.world.models[0].versions[0], version: '3.0.0', stage: ModelStage.None });
    expect((await cache.get()).models[0].versions).not.toContain('3.0.0');
    data.changed();
    expect((await cache.get()).models[0].versions).toContain('3.0.0');
  });

  it('rebuilds after the TTL, for changes made by another process', async () => {
    const { data, cache, advance } = setup();
    await cache.get();
    data.world.points.push({ model: 'stress-detector', version: '1.1.0', name: 'f1', t: NOW.toISOString(), value: 0.8 });
    advance(29_999);
    expect((await cache.get()).metricNames).not.toContain('f1');
    advance(1);
    expect((await cache.get()).metricNames).toContain('f1');
  });

  it('shares one rebuild between concurrent questions', async () => {
    const { data, cache } = setup();
    const [a, b, c] = await Promise.all([cache.get(), cache.get(), cache.get()]);
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(data.calls['listModels']).toBe(1);
  });
});
