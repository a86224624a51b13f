import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerRequest } from '@nestjs/throttler';
import { CHAT_LIMITED_ROUTE, CHAT_THROTTLER } from '../chat/chat-throttle';
import { AuthenticatedRequest } from './authenticated-request';

/** The budget every route shares (THROTTLE_LIMIT per THROTTLE_TTL_MS). */
export const GLOBAL_THROTTLER = 'default';

/**
 * Rate limits count per API key; callers without a valid key are counted per client IP. One budget per
 * caller across all routes (the key does not name the route: a caller out of budget on one route is out
 * on every route), plus the assistant's stricter limit on its routes only.
 */
@Injectable()
export class ApiThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const principal = (request as unknown as AuthenticatedRequest).principal;
    if (principal) return `key:${principal.id ?? principal.name}`;
    return `ip:${(request as unknown as AuthenticatedRequest).ip ?? 'unknown'}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `throttle:${throttlerName}:${tracker}`;
  }

  protected override async handleRequest(request: ThrottlerRequest): Promise<boolean> {
    if (request.throttler.name === CHAT_THROTTLER && !this.isChatRoute(request.context)) return true;
    return super.handleRequest(request);
  }

  private isChatRoute(context: ExecutionContext): boolean {
    return this.reflector.getAllAndOverride<boolean>(CHAT_LIMITED_ROUTE, [context.getHandler(), context.getClass()]) === true;
  }
}
