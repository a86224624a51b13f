export * from './lib/common/error-response.dto';
export * from './lib/common/pagination.dto';
export * from './lib/auth/api-key-role';
export * from './lib/auth/api-key.dto';
export * from './lib/config/dashboard-config';
export * from './lib/datasets/dataset-enums';
export * from './lib/datasets/dataset.dto';
export * from './lib/drift/drift.dto';
