import { seededRandom } from './random';

describe('seededRandom', () => {
  it('repeats for a seed, differs between seeds, and spreads evenly over [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);

    const random = seededRandom(7);
    const deciles = new Array<number>(10).fill(0);
    const draws = 100_000;
    for (let index = 0; index < draws; index++) {
      const value = random();
      if (!(value >= 0 && value < 1)) throw new Error(`draw ${index} is ${value}, outside [0, 1)`);
      deciles[Math.floor(value * 10)]++;
    }
    // Each decile holds 10,000 ± 5 standard deviations (σ ≈ 95) of a uniform sample.
    for (const count of deciles) expect(Math.abs(count - draws / 10)).toBeLessThan(475);
  });
});
