import { Global, Injectable, Module } from '@nestjs/common';

/**
 * A counter of changes to what the monitoring data is called by name: models, their versions, metric
 * names, datasets. Readers that cache names (the assistant's vocabulary) compare it with the value they
 * built from. It counts this process's changes only; other API processes' changes reach a cache by its TTL.
 */
@Injectable()
export class MonitoringChanges {
  private count = 0;

  get version(): number {
    return this.count;
  }

  changed(): void {
    this.count++;
  }
}

@Global()
@Module({ providers: [MonitoringChanges], exports: [MonitoringChanges] })
export class MonitoringChangesModule {}
