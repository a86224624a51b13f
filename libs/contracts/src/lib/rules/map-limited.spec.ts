import { mapLimited } from './map-limited';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('mapLimited', () => {
  it('returns results in input order and never runs more than the limit at once', async () => {
    let running = 0;
    let mostAtOnce = 0;
    const results = await mapLimited([5, 1, 4, 2, 3], 2, async (item, index) => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      for (let wait = 0; wait < item; wait++) await tick();
      running--;
      return `${index}:${item * 10}`;
    });
    expect(results).toEqual(['0:50', '1:10', '2:40', '3:20', '4:30']);
    expect(mostAtOnce).toBe(2);
  });

  it('starts nothing after a failure and rejects with it', async () => {
    const started: number[] = [];
    const run = mapLimited([1, 2, 3, 4, 5, 6], 2, async (item) => {
      started.push(item);
      await tick();
      if (item === 2) throw new Error('item 2 failed');
      await tick();
      return item;
    });
    await expect(run).rejects.toThrow('item 2 failed');
    await tick();
    await tick();
    expect(started).toEqual([1, 2]); // item 1 finished after the failure; 3–6 never started
  });

  it('starts nothing more once stop() says so', async () => {
    const started: number[] = [];
    let stopped = false;
    const results = await mapLimited(
      [1, 2, 3, 4],
      1,
      async (item) => {
        started.push(item);
        if (item === 2) stopped = true;
        return item * 10;
      },
      () => stopped,
    );
    expect(started).toEqual([1, 2]);
    expect(results).toEqual([10, 20, undefined, undefined]);
  });

  it('handles no items', async () => {
    await expect(mapLimited([], 3, async () => 1)).resolves.toEqual([]);
  });
});
