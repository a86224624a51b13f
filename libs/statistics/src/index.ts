export * from './lib/types';
export { StatisticsInputError } from './lib/errors';
export { columnDrift, defaultStatTest } from './lib/drift';
export { describeCategorical, describeNumerical } from './lib/profile';
export { classificationQuality } from './lib/quality';
