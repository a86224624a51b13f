import { histogramCounts, linspace, sturgesBinEdges } from './histogram';

describe('NumPy histogram helpers', () => {
  it('places values on an edge in the upper bin and closes the last bin', () => {
    expect(histogramCounts(Float64Array.from([0, 1, 1, 2, 3, 4]), [0, 1, 2, 4])).toEqual([1, 2, 3]);
  });

  it('gives a constant sample one bin of width one around the value', () => {
    expect(sturgesBinEdges(5, 5, 10)).toEqual([4.5, 5.5]);
  });

  it('uses ceil(log2(n) + 1) equal bins with the exact end points', () => {
    const edges = sturgesBinEdges(0, 10, 1000);
    expect(edges).toHaveLength(12);
    expect(edges[0]).toBe(0);
    expect(edges[11]).toBe(10);
    expect(linspace(0, 1, 3)).toEqual([0, 0.5, 1]);
  });

  it('does not produce NaN edges when the range overflows float64', () => {
    const edges = sturgesBinEdges(-1e308, 1.7e308, 100);
    expect(edges).toEqual([-1e308, 1.7e308]);
    expect(histogramCounts(Float64Array.from([-1e308, 0, 1.7e308]), edges)).toEqual([3]);
  });
});
