import { Injectable } from '@nestjs/common';

/** Process-wide lifecycle flags that health checks report. */
@Injectable()
export class LifecycleService {
  private draining = false;

  /** From SIGTERM on, readiness fails so load balancers stop sending new traffic. */
  startDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }
}
