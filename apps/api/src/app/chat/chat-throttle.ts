import { Throttle } from '@nestjs/throttler';

/** CHAT_THROTTLE_LIMIT, set by ChatModule from the validated configuration at start-up. */
export const chatThrottle = { limit: 20 };
export const CHAT_THROTTLE_TTL_MS = 60_000;

/**
 * The assistant's stricter limit: CHAT_THROTTLE_LIMIT requests per minute per key, counted
 * together for `POST /chat` and `POST /chat/stream` (one key for both routes, unlike the
 * default limiter's per-route counters). It overrides the global "default" throttler on
 * these routes, so the same storage (memory or Redis) serves it.
 */
export const ChatThrottle = () =>
  Throttle({
    default: {
      limit: () => chatThrottle.limit,
      ttl: CHAT_THROTTLE_TTL_MS,
      generateKey: (_context, tracker, name) => `chat:${name}:${tracker}`,
    },
  });
