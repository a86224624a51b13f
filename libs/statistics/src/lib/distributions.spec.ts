import distributions from '../fixtures/distributions.json';
import { expectClose } from './fixtures.spec-helpers';
import { kstwoSf } from './kolmogorov';
import { chi2Sf, ndtr } from './special';

/** The p-value tolerance: 1e-6 relative, 1e-12 absolute for tiny values. */
const RELATIVE = 1e-6;
const ABSOLUTE = 1e-12;

const fixtures = distributions as unknown as {
  kstwoSf: [number, number, number][];
  chi2Sf: [number, number, number][];
  zTwoSided: [number, number][];
};

describe('distributions behind the p-values, against SciPy', () => {
  it('kstwo.sf over every method region (Ruben–Gambino, Durbin, Pomeranz, Pelz–Good, Smirnov)', () => {
    expect(fixtures.kstwoSf.length).toBeGreaterThan(300);
    for (const [n, x, expected] of fixtures.kstwoSf) {
      expectClose(kstwoSf(x, n), expected, RELATIVE, ABSOLUTE, `kstwo.sf(${x}, ${n})`);
    }
  });

  it('chi2.sf from 1 to 100,000 degrees of freedom down to 1e-100', () => {
    for (const [x, df, expected] of fixtures.chi2Sf) {
      expectClose(chi2Sf(x, df), expected, RELATIVE, ABSOLUTE, `chi2.sf(${x}, ${df})`);
    }
  });

  it('two-sided normal p-value 2(1 − Φ(|z|)) rounds as SciPy does', () => {
    for (const [z, expected] of fixtures.zTwoSided) {
      expectClose(2 * (1 - ndtr(Math.abs(z))), expected, RELATIVE, ABSOLUTE, `z=${z}`);
    }
  });
});
