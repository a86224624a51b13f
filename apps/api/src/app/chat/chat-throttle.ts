import { SetMetadata } from '@nestjs/common';

/** The assistant's named throttler (registered in AppModule with CHAT_THROTTLE_LIMIT per minute). */
export const CHAT_THROTTLER = 'chat';
export const CHAT_THROTTLE_TTL_MS = 60_000;
export const CHAT_LIMITED_ROUTE = 'chatLimitedRoute';

/**
 * The assistant's stricter limit: CHAT_THROTTLE_LIMIT requests per minute per key, counted together
 * for `POST /chat` and `POST /chat/stream`. It applies on top of the global budget (ApiThrottlerGuard):
 * a chat request counts in both.
 */
export const ChatThrottle = () => SetMetadata(CHAT_LIMITED_ROUTE, true);
