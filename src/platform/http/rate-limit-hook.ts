import type { FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.ts';
import type { Authenticate } from './authorization.ts';
import type { RequestRateLimiter } from './rate-limit-policy.ts';

/**
 * Wraps authentication so the rate limit runs right after it and before the route's permission
 * check: a principal draws from its token, tenant or partner buckets; no credentials and bad
 * credentials draw from the client address's bucket (a 429 then replaces the 401).
 */
export function rateLimitedAuthentication(
  authenticate: Authenticate,
  limiter: RequestRateLimiter,
): Authenticate {
  return async function authenticateThenLimit(request: FastifyRequest): Promise<Principal | null> {
    let principal: Principal | null;
    try {
      principal = await authenticate(request);
    } catch (error) {
      limiter.admit(null, request.ip);
      throw error;
    }
    limiter.admit(principal, request.ip);
    return principal;
  };
}

/**
 * The `onRequest` hook that limits what authentication never sees: public and unknown routes,
 * per client address, except the exempt probes. Runs before the body is read.
 */
export function createPublicRateLimitHook(limiter: RequestRateLimiter) {
  return async function limitPublicRequest(request: FastifyRequest): Promise<void> {
    if (!request.is404) {
      if (request.routeOptions.config.permission !== 'public') return;
      if (limiter.isExempt(request.routeOptions.url)) return;
    }
    limiter.admit(null, request.ip);
  };
}
