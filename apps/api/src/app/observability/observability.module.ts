import { Global, Module } from '@nestjs/common';
import { ObservabilityService } from './observability.service';
import { PrometheusController } from './prometheus.controller';

/** Global: any feature injects ObservabilityService to count what it does. */
@Global()
@Module({
  controllers: [PrometheusController],
  providers: [ObservabilityService],
  exports: [ObservabilityService],
})
export class ObservabilityModule {}
