module.exports = {
  displayName: 'dashboard-e2e',
  preset: '../../jest.preset.js',
  testEnvironment: 'node',
  // Each suite starts the real API on a fresh database with demo data, and a browser.
  testTimeout: 120_000,
  transform: {
    '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'html'],
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
};
