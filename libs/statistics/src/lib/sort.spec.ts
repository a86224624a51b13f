import { sortFloat64 } from './sort';
import { seededRandom } from './random';

/** The engine's own sort is the reference; Object.is tells -0 from +0. */
function expectSameAsNativeSort(values: Float64Array): void {
  const expected = Float64Array.from(values).sort();
  const actual = sortFloat64(values);
  expect(actual).toBe(values);
  expect(actual.length).toBe(expected.length);
  for (let index = 0; index < expected.length; index++) {
    if (!Object.is(actual[index], expected[index])) {
      throw new Error(`index ${index}: ${actual[index]} where the native sort has ${expected[index]}`);
    }
  }
}

describe('sortFloat64', () => {
  const sizes = [0, 1, 2, 1000, 40_000, 200_000];

  it.each(sizes)('orders %i values of mixed sign and magnitude as the native sort does', (size) => {
    const random = seededRandom(size + 1);
    const values = Float64Array.from({ length: size }, () => (random() - 0.5) * Math.exp(random() * 200 - 100));
    expectSameAsNativeSort(values);
  });

  it('orders four-decimal measurements with many ties (a narrow range: shared exponent digits)', () => {
    const random = seededRandom(7);
    expectSameAsNativeSort(Float64Array.from({ length: 100_000 }, () => Math.round((72 + 10 * (random() - 0.5)) * 1e4) / 1e4));
  });

  it('puts -0 before +0, keeps infinities at the ends and handles subnormal and extreme values', () => {
    const random = seededRandom(11);
    const special = [
      -0,
      0,
      Infinity,
      -Infinity,
      Number.MIN_VALUE,
      -Number.MIN_VALUE,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      2.2250738585072014e-308,
    ];
    // Every other value special, the rest ordinary, in a random order.
    const values = Float64Array.from({ length: 50_000 }, (_, index) =>
      index % 2 === 0 ? special[Math.floor(random() * special.length)] : random() - 0.5,
    );
    expectSameAsNativeSort(values);
  });

  it('falls back to the native order, NaN last, when values hold NaN', () => {
    const random = seededRandom(13);
    const values = Float64Array.from({ length: 60_000 }, (_, index) => (index % 97 === 0 ? Number.NaN : random() - 0.5));
    expectSameAsNativeSort(values);
    expect(Number.isNaN(values[values.length - 1])).toBe(true);
  });

  it('sorts a view into a larger buffer without touching the values outside it', () => {
    const random = seededRandom(17);
    const buffer = Float64Array.from({ length: 70_000 }, () => random());
    const before = buffer[0];
    const after = buffer[69_999];
    const view = buffer.subarray(1, 69_999);
    expectSameAsNativeSort(view);
    expect(buffer[0]).toBe(before);
    expect(buffer[69_999]).toBe(after);
  });
});
