import { STAT_TESTS, StatisticsInputError } from '../index';

describe('statistics interface', () => {
  it('lists every test the API may force', () => {
    expect(STAT_TESTS).toEqual(['ks', 'chisquare', 'z', 'wasserstein', 'jensenshannon', 'psi']);
  });

  it('exports an error class the API can map to 400', () => {
    const error = new StatisticsInputError('reference sample is empty');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('StatisticsInputError');
  });
});
