import { SeriesIdCache } from './series-id-cache';

describe('SeriesIdCache', () => {
  it('tells series apart by version, name and labels, and counts each once', () => {
    const cache = new SeriesIdCache();
    cache.set('v1', 'accuracy', '{}', 1);
    cache.set('v1', 'accuracy', '{"a":"1"}', 2);
    cache.set('v1', 'loss', '{}', 3);
    cache.set('v2', 'accuracy', '{}', 4);
    cache.set('v2', 'accuracy', '{}', 4);
    expect(cache.size).toBe(4);
    expect(cache.get('v1', 'accuracy', '{}')).toBe(1);
    expect(cache.get('v1', 'accuracy', '{"a":"1"}')).toBe(2);
    expect(cache.get('v1', 'loss', '{}')).toBe(3);
    expect(cache.get('v2', 'accuracy', '{}')).toBe(4);
    expect(cache.get('v2', 'loss', '{}')).toBeUndefined();
    expect(cache.get('v3', 'accuracy', '{}')).toBeUndefined();
    // Parts are not joined, so no name or label text can make two series collide.
    cache.set('v1', 'a\u0000b', 'c', 5);
    expect(cache.get('v1', 'a', 'b\u0000c')).toBeUndefined();
  });

  it('copies another cache in and clears', () => {
    const cache = new SeriesIdCache();
    cache.set('v1', 'accuracy', '{}', 1);
    const created = new SeriesIdCache();
    created.set('v1', 'loss', '{}', 2);
    created.set('v2', 'loss', '{}', 3);
    cache.addAll(created);
    expect(cache.size).toBe(3);
    expect(cache.get('v2', 'loss', '{}')).toBe(3);
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get('v1', 'accuracy', '{}')).toBeUndefined();
  });
});
