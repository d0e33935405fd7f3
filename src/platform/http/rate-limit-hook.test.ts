import { afterEach, describe, expect, it } from 'vitest';
import { defineRoute } from './define-route.ts';
import { buildTestApp, TEST_PRINCIPAL_HEADER } from './http-test-fixture.ts';
import type { HttpApp } from './http-types.ts';
import { RequestRateLimiter, type RequestRateLimiterOptions } from './rate-limit-policy.ts';

let app: HttpApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

// Refills one token in 1000 s: nothing comes back during a test.
const tiny = (burst: number) => ({ perSecond: 0.001, burst });

async function limitedApp(limits: RequestRateLimiterOptions['limits']) {
  app = await buildTestApp({ rateLimit: new RequestRateLimiter({ limits }) });
  return app;
}

describe('the rate-limit hook', () => {
  it('answers 429 problem+json with Retry-After once the tenant bucket is empty, before the handler', async () => {
    const http = await limitedApp({ tenant: tiny(2) });
    const headers = { [TEST_PRINCIPAL_HEADER]: 'tenant read:widgets' };
    for (let i = 0; i < 2; i += 1)
      expect((await http.inject({ url: '/api/v1/widgets', headers })).statusCode).toBe(200);
    const refused = await http.inject({ url: '/api/v1/widgets', headers });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.json().code).toBe('RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(999);
  });

  it('limits public and unknown routes per client address, never the health probes', async () => {
    const http = await limitedApp({ address: tiny(2) });
    const from = (remoteAddress: string, url = '/api/v1/ping') => http.inject({ url, remoteAddress });
    expect((await from('10.0.0.1')).statusCode).toBe(200);
    expect((await from('10.0.0.1', '/api/v1/nowhere')).statusCode).toBe(404);
    expect((await from('10.0.0.1')).statusCode).toBe(429);
    expect((await from('10.0.0.2')).statusCode).toBe(200);
    for (let i = 0; i < 5; i += 1) {
      expect((await from('10.0.0.1', '/health')).statusCode).toBe(200);
      expect((await from('10.0.0.1', '/ready')).statusCode).toBe(200);
    }
  });

  it('counts missing and bad credentials against the address, and then answers 429 instead of 401', async () => {
    const http = await limitedApp({ address: tiny(2) });
    const remoteAddress = '10.0.0.3';
    expect((await http.inject({ url: '/api/v1/widgets', remoteAddress })).statusCode).toBe(401);
    const bogus = { [TEST_PRINCIPAL_HEADER]: 'bogus' };
    expect((await http.inject({ url: '/api/v1/widgets', headers: bogus, remoteAddress })).statusCode).toBe(
      401,
    );
    expect((await http.inject({ url: '/api/v1/widgets', headers: bogus, remoteAddress })).statusCode).toBe(
      429,
    );
    // A signed-in caller from that address draws from its tenant's bucket, not the address's.
    const headers = { [TEST_PRINCIPAL_HEADER]: 'tenant read:widgets' };
    expect((await http.inject({ url: '/api/v1/widgets', headers, remoteAddress })).statusCode).toBe(200);
  });

  it('changes nothing when it refuses a write: the handler never runs', async () => {
    let writes = 0;
    app = await buildTestApp({
      rateLimit: new RequestRateLimiter({ limits: { tenant: tiny(1) } }),
      modules: [
        {
          name: 'counter',
          register(scope) {
            defineRoute(scope, {
              method: 'POST',
              url: '/api/v1/counters',
              permission: 'write:counters',
              summary: 'Counts',
              schema: {},
              handler: async () => ({ writes: ++writes }),
            });
          },
        },
      ],
    });
    const headers = { [TEST_PRINCIPAL_HEADER]: 'tenant write:counters' };
    expect((await app.inject({ method: 'POST', url: '/api/v1/counters', headers })).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: '/api/v1/counters', headers })).statusCode).toBe(429);
    expect(writes).toBe(1);
  });

  it('is off when the app is built without a limiter', async () => {
    app = await buildTestApp();
    for (let i = 0; i < 50; i += 1) expect((await app.inject({ url: '/api/v1/ping' })).statusCode).toBe(200);
  });
});
