import type { Principal } from '../auth/principal.ts';
import { AppError } from '../errors/index.ts';
import { assertBucketRule, type BucketCharge, type BucketRule, TokenBuckets } from './rate-limit.ts';

/** How much an API token may send: `standard`, or `high` for bulk integrations. */
export type RateLimitTier = 'standard' | 'high';

/** The bucket rules, per API token tier, per tenant, per partner and per client address. */
export interface RateLimits {
  readonly apiToken: Readonly<Record<RateLimitTier, BucketRule>>;
  /** Shared by every principal of a tenant: sessions, API tokens, support under a grant. */
  readonly tenant: BucketRule;
  /** Shared by a partner's administrators (partner principals). */
  readonly partner: BucketRule;
  /** Requests without a principal: public routes, unknown routes, missing or bad credentials. */
  readonly address: BucketRule;
}

/** Production defaults; each process holds its own buckets (see RequestRateLimiter). */
export const DEFAULT_RATE_LIMITS: RateLimits = Object.freeze({
  apiToken: Object.freeze({
    standard: Object.freeze({ perSecond: 20, burst: 40 }),
    high: Object.freeze({ perSecond: 100, burst: 200 }),
  }),
  tenant: Object.freeze({ perSecond: 200, burst: 400 }),
  partner: Object.freeze({ perSecond: 50, burst: 100 }),
  address: Object.freeze({ perSecond: 20, burst: 40 }),
});

/** The API token a principal authenticated with, as the limiter needs it. */
export interface RateLimitedToken {
  readonly id: string;
  readonly tier: RateLimitTier;
}

export interface RequestRateLimiterOptions {
  readonly limits?: Partial<RateLimits>;
  /** The API token behind an `api-token` principal (the identity module knows it). */
  readonly apiTokenOf?: (principal: Principal) => RateLimitedToken | null;
  /** Public routes never limited: health probes must not fail because a neighbour is noisy. */
  readonly exemptRoutes?: readonly string[];
  /** Milliseconds from a monotonic clock. */
  readonly now?: () => number;
  readonly maxBuckets?: number;
}

const BUCKET_NAMES: Readonly<Record<string, string>> = {
  'api-token': 'this API token',
  tenant: 'this tenant',
  partner: 'this partner',
  address: 'this client address',
};

/**
 * Decides which buckets a request draws from and refuses it with RATE_LIMITED (429, with the
 * seconds until a token is available) when one is empty. The buckets live in this process: with N
 * processes behind a balancer a client gets up to N times the limits, which bounds abuse without a
 * shared store on the request path.
 */
export class RequestRateLimiter {
  readonly limits: RateLimits;
  private readonly buckets: TokenBuckets;
  private readonly apiTokenOf: (principal: Principal) => RateLimitedToken | null;
  private readonly exempt: ReadonlySet<string>;

  constructor(options: RequestRateLimiterOptions = {}) {
    this.limits = Object.freeze({ ...DEFAULT_RATE_LIMITS, ...options.limits });
    for (const [name, rule] of Object.entries({
      'apiToken.standard': this.limits.apiToken.standard,
      'apiToken.high': this.limits.apiToken.high,
      tenant: this.limits.tenant,
      partner: this.limits.partner,
      address: this.limits.address,
    }))
      assertBucketRule(rule, name);
    this.buckets = new TokenBuckets({
      ...(options.now ? { now: options.now } : {}),
      ...(options.maxBuckets ? { maxBuckets: options.maxBuckets } : {}),
    });
    this.apiTokenOf = options.apiTokenOf ?? (() => null);
    this.exempt = new Set(options.exemptRoutes ?? ['/health', '/ready']);
  }

  /** True for a route (its URL pattern) that is never limited. */
  isExempt(routeUrl: string | undefined): boolean {
    return routeUrl !== undefined && this.exempt.has(routeUrl);
  }

  /** The buckets a request of this principal (or, without one, of this address) draws from. */
  chargesFor(principal: Principal | null, clientAddress: string): BucketCharge[] {
    if (principal === null) return [{ key: `address:${clientAddress}`, rule: this.limits.address }];
    const charges: BucketCharge[] = [];
    if (principal.via === 'api-token') {
      // Unknown token (a refiner replaced the principal): limit it per membership rather than not at all.
      const token = this.apiTokenOf(principal) ?? {
        id: `membership:${principal.membershipId}`,
        tier: 'standard' as const,
      };
      charges.push({ key: `api-token:${token.id}`, rule: this.limits.apiToken[token.tier] });
    }
    if (principal.kind === 'tenant')
      charges.push({ key: `tenant:${principal.tenantId}`, rule: this.limits.tenant });
    if (principal.kind === 'partner')
      charges.push({ key: `partner:${principal.partnerId}`, rule: this.limits.partner });
    return charges;
  }

  /** Takes a token from each of the request's buckets, or throws RATE_LIMITED and takes none. */
  admit(principal: Principal | null, clientAddress: string): void {
    const admission = this.buckets.take(this.chargesFor(principal, clientAddress));
    if (admission.admitted) return;
    const bucket = admission.key.slice(0, admission.key.indexOf(':'));
    const retryAfterSeconds = Math.max(1, Math.ceil(admission.retryAfterSeconds));
    throw new AppError(
      'RATE_LIMITED',
      { retryAfterSeconds, bucket },
      {
        detail: `Too many requests for ${BUCKET_NAMES[bucket] ?? bucket}; retry in ${retryAfterSeconds} s`,
      },
    );
  }
}
