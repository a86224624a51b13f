export * from './api-process';
export * from './browser';
export * from './paths';
