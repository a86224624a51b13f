import { Injectable } from '@nestjs/common';
import { Env, EnvName, shouldSeedDemo } from './env.schema';

/** The one typed view of configuration inside the Nest application. */
@Injectable()
export class AppConfigService {
  constructor(private readonly env: Env) {}

  get<K extends EnvName>(name: K): Env[K] {
    return this.env[name];
  }

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }

  /** True when no DATABASE_URL is set and the embedded database serves the app. */
  get usesEmbeddedDatabase(): boolean {
    return this.env.DATABASE_URL === undefined;
  }

  get seedDemo(): boolean {
    return shouldSeedDemo(this.env);
  }
}
