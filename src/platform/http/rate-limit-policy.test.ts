import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { isAppError } from '../errors/index.ts';
import { FULL_SCOPE } from '../tenancy/tenant-context.ts';
import { DEFAULT_RATE_LIMITS, RequestRateLimiter } from './rate-limit-policy.ts';

const base = { userId: 'u', membershipId: 'm', permissions: new Set<`${string}:${string}`>() };
const tenant = (tenantId: string, via: 'session' | 'api-token' = 'session'): Principal => ({
  ...base,
  via,
  kind: 'tenant',
  tenantId,
  scope: FULL_SCOPE,
  clearance: 'internal',
  grantId: null,
});

function refusal(limiter: RequestRateLimiter, principal: Principal | null, address = '10.0.0.1') {
  try {
    limiter.admit(principal, address);
    return null;
  } catch (error) {
    if (!isAppError(error, 'RATE_LIMITED')) throw error;
    return error;
  }
}

describe('the request rate limiter', () => {
  it('charges an API token its own bucket at its tier, and its tenant the shared one', () => {
    const principal = tenant('t1', 'api-token');
    const limiter = new RequestRateLimiter({
      apiTokenOf: (p) => (p === principal ? { id: 'k1', tier: 'high' } : null),
    });
    expect(limiter.chargesFor(principal, '10.0.0.1')).toEqual([
      { key: 'api-token:k1', rule: DEFAULT_RATE_LIMITS.apiToken.high },
      { key: 'tenant:t1', rule: DEFAULT_RATE_LIMITS.tenant },
    ]);
    expect(limiter.chargesFor(tenant('t1'), '10.0.0.1')).toEqual([
      { key: 'tenant:t1', rule: DEFAULT_RATE_LIMITS.tenant },
    ]);
    expect(limiter.chargesFor(null, '10.0.0.9')).toEqual([
      { key: 'address:10.0.0.9', rule: DEFAULT_RATE_LIMITS.address },
    ]);
  });

  it('limits an API token it cannot identify per membership at the standard tier', () => {
    const limiter = new RequestRateLimiter();
    expect(limiter.chargesFor(tenant('t1', 'api-token'), 'x')[0]).toEqual({
      key: 'api-token:membership:m',
      rule: DEFAULT_RATE_LIMITS.apiToken.standard,
    });
  });

  it('refuses with RATE_LIMITED, the bucket and whole seconds to wait', () => {
    let ms = 0;
    const limiter = new RequestRateLimiter({
      limits: { tenant: { perSecond: 0.25, burst: 1 } },
      now: () => ms,
    });
    expect(refusal(limiter, tenant('t1'))).toBeNull();
    const refused = refusal(limiter, tenant('t1'));
    expect(refused?.status).toBe(429);
    expect(refused?.context).toMatchObject({ retryAfterSeconds: 4, bucket: 'tenant' });
    expect(refused?.detail).toMatch(/this tenant/);
    expect(refusal(limiter, tenant('t2'))).toBeNull();
    ms += 4_000;
    expect(refusal(limiter, tenant('t1'))).toBeNull();
  });

  it('refuses a rule that could never admit a request', () => {
    expect(() => new RequestRateLimiter({ limits: { address: { perSecond: 0, burst: 1 } } })).toThrow(
      /address/,
    );
  });
});
