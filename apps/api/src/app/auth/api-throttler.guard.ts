import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AuthenticatedRequest } from './authenticated-request';

/** Rate limits count per API key; callers without a valid key are counted per client IP. */
@Injectable()
export class ApiThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = (request as unknown as AuthenticatedRequest).principal;
    if (principal) return `key:${principal.id ?? principal.name}`;
    return `ip:${(request as unknown as AuthenticatedRequest).ip ?? 'unknown'}`;
  }
}
