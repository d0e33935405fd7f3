import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestApp, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { type AppOptions, buildApp } from '../../app.ts';
import type { HttpApp } from '../../platform/http/index.ts';

let t: TestTessera;
let setup: HttpApp;
let signIn: Awaited<ReturnType<typeof openTestApp>>['signIn'];
const limitedApps: HttpApp[] = [];

beforeAll(async () => {
  t = await openTestTessera();
  ({ app: setup, signIn } = await openTestApp(t));
});
afterAll(async () => {
  for (const app of [setup, ...limitedApps]) await app.close();
  await t.cleanup();
});

// Refills one token in 1000 s: nothing comes back during a test.
const tiny = (burst: number) => ({ perSecond: 0.001, burst });
const ample = { perSecond: 1000, burst: 1000 };

/** An app over the same Tessera with its own (per-process) limiter. */
async function limitedApp(rateLimits: NonNullable<AppOptions['rateLimits']>): Promise<HttpApp> {
  const app = await buildApp(t.tessera, { logger: false, rateLimits });
  limitedApps.push(app);
  return app;
}

/** A tenant admin of a new tenant, and an API token of theirs (created on the unlimited app). */
async function tenantWithToken(body: Record<string, unknown> = {}) {
  const tenantId = await createTestTenant(t.tessera);
  const admin = await signIn(staffOf(tenantId, ['tenant-admin']));
  const token = await newToken(admin, body);
  return { tenantId, admin, token };
}

async function newToken(admin: TestIdentity, body: Record<string, unknown> = {}): Promise<string> {
  const response = await setup.inject({
    method: 'POST',
    url: '/api/v1/api-tokens',
    headers: admin.headers,
    payload: { name: 'Sync', scopes: ['read:legal-entities', 'write:legal-entities'], ...body },
  });
  expect(response.statusCode).toBe(201);
  return response.json().token;
}

const statuses = async (app: HttpApp, token: string, times: number) => {
  const seen: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/legal-entities',
      headers: { authorization: `Bearer ${token}` },
    });
    seen.push(response.statusCode);
  }
  return seen;
};

describe('rate limits', () => {
  it('refuse an API token over its bucket with 429 and Retry-After, leaving other tokens and tenants alone', async () => {
    const app = await limitedApp({ apiToken: { standard: tiny(2), high: tiny(4) }, tenant: ample });
    const a = await tenantWithToken();
    const sibling = await newToken(a.admin);
    const bulk = await newToken(a.admin, { rateLimitTier: 'high' });
    const b = await tenantWithToken();

    expect(await statuses(app, a.token, 3)).toEqual([200, 200, 429]);
    const refused = await app.inject({
      method: 'GET',
      url: '/api/v1/legal-entities',
      headers: { authorization: `Bearer ${a.token}` },
    });
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(999);
    expect(retryAfter).toBeLessThanOrEqual(1000);

    expect(await statuses(app, b.token, 2)).toEqual([200, 200]);
    expect(await statuses(app, sibling, 2)).toEqual([200, 200]);
    expect(await statuses(app, bulk, 5)).toEqual([200, 200, 200, 200, 429]);
  });

  it("share a tenant's bucket among its principals, sessions and tokens alike, and no other tenant's", async () => {
    const app = await limitedApp({ apiToken: { standard: ample, high: ample }, tenant: tiny(3) });
    const a = await tenantWithToken();
    const b = await tenantWithToken();
    expect(await statuses(app, a.token, 4)).toEqual([200, 200, 200, 429]);
    const session = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: a.admin.headers });
    expect(session.statusCode).toBe(429);
    expect(session.json().detail).toMatch(/tenant/);
    const otherSession = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: b.admin.headers,
    });
    expect(otherSession.statusCode).toBe(200);
    expect(await statuses(app, b.token, 2)).toEqual([200, 200]);
  });

  it('change nothing when they refuse a write', async () => {
    const app = await limitedApp({ apiToken: { standard: tiny(1), high: tiny(1) }, tenant: ample });
    const a = await tenantWithToken();
    const post = (name: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/legal-entities',
        headers: { authorization: `Bearer ${a.token}` },
        payload: { name, country: 'NL', functionalCurrency: 'EUR' },
      });
    expect((await post('First BV')).statusCode).toBe(201);
    expect((await post('Second BV')).statusCode).toBe(429);
    const listed = await setup.inject({
      method: 'GET',
      url: '/api/v1/legal-entities',
      headers: a.admin.headers,
    });
    expect(listed.json().items.map((e: { name: string }) => e.name)).toEqual(['First BV']);
  });
});
