// The contracts' DTO classes carry class-transformer decorators, which read
// reflect-metadata when their modules are evaluated. Jest evaluates every module it
// loads; the production bundle drops them (libs/contracts is sideEffects: false)
// because the dashboard imports DTOs as types only.
import 'reflect-metadata';
import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';

setupZonelessTestEnv({
  errorOnUnknownElements: true,
  errorOnUnknownProperties: true,
});
