import { Global, Module } from '@nestjs/common';
import { ObservabilityService } from './observability.service';
import { PrometheusController } from './prometheus.controller';
import { RegistryGauges } from './registry-gauges';

/** Global: any feature injects ObservabilityService to count what it does. */
@Global()
@Module({
  controllers: [PrometheusController],
  providers: [ObservabilityService, RegistryGauges],
  exports: [ObservabilityService],
})
export class ObservabilityModule {}
