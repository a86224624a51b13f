export * from './lib/api-process';
export * from './lib/free-port';
export * from './lib/paths';
export * from './lib/test-database';
export * from './lib/database-server';
export * from './lib/oidc-test-provider';
