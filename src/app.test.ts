import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../test/support/fixtures.ts';
import { openTestApp, tenantPrincipal } from '../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../test/support/test-tessera.ts';
import type { Principal } from './platform/auth/principal.ts';
import { type HttpApp, listRoutes } from './platform/http/index.ts';

let t: TestTessera;
let app: HttpApp;
let tokenFor: (principal: Principal) => Promise<string>;
let tenantOfAtlas: string;
let atlas: string;

const operator: Principal = {
  kind: 'platform',
  userId: 'maya',
  membershipId: '01900000-0000-7000-8000-0000000000b1',
  permissions: new Set(['read:cells', 'read:tenants']),
  via: 'session',
};

beforeAll(async () => {
  t = await openTestTessera();
  ({ app, tokenFor } = await openTestApp(t));
  atlas = await t.tessera.control.createPartner({ name: 'Atlas Legal Network', slug: 'atlas' });
  const nordics = await t.tessera.control.createPartner({
    name: 'Atlas Nordics',
    slug: 'atlas-nordics',
    parentPartnerId: atlas,
  });
  const northstar = await t.tessera.control.createPartner({ name: 'Northstar ERP', slug: 'northstar' });
  tenantOfAtlas = (
    await t.tessera.control.createTenant({
      name: 'Osprey',
      slug: 'osprey',
      partnerId: atlas,
      homeRegion: 'eu',
      isolationTier: 'pooled',
    })
  ).tenant.id;
  await t.tessera.control.createTenant({
    name: 'Halden',
    slug: 'halden',
    partnerId: nordics,
    homeRegion: 'eu',
    isolationTier: 'pooled',
  });
  await t.tessera.control.createTenant({
    name: 'Kestrel',
    slug: 'kestrel',
    partnerId: northstar,
    homeRegion: 'eu',
    isolationTier: 'pooled',
  });
  await createTestTenant(t.tessera, { name: 'Direct' });
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const get = async (url: string, principal?: Principal) =>
  app.inject({
    method: 'GET',
    url,
    headers: principal ? { authorization: `Bearer ${await tokenFor(principal)}` } : {},
  });

describe('the API surface', () => {
  it('declares a permission on every route, and only system routes are public', () => {
    const routes = listRoutes(app);
    expect(routes.length).toBeGreaterThan(8);
    for (const route of routes) {
      expect(route.permission).toMatch(/^(public|[a-z-]+:[a-z/-]+)$/);
      if (route.url.startsWith('/api/'))
        expect(route.permission, `${route.method} ${route.url}`).not.toBe('public');
    }
  });

  it('refuses a tenant admin on a platform route with 403', async () => {
    const admin = tenantPrincipal(tenantOfAtlas, ['read:legal-entities']);
    expect((await get('/api/v1/cells', admin)).statusCode).toBe(403);
    expect(
      (await get('/api/v1/tenants', { ...admin, permissions: new Set(['read:tenants']) })).statusCode,
    ).toBe(403);
  });

  it('refuses a platform operator on a tenant route', async () => {
    const everything = { ...operator, permissions: new Set(['read:legal-entities'] as const) };
    expect((await get('/api/v1/legal-entities', everything)).statusCode).toBe(403);
  });

  it('answers 401 to a missing, forged or expired token', async () => {
    expect((await get('/api/v1/tenants')).statusCode).toBe(401);
    const forged = await new SignJWT({ knd: 'platform', mid: 'x', prm: ['read:tenants'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer('tessera')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a secret that is not the platform key at all'));
    const withForged = await app.inject({
      method: 'GET',
      url: '/api/v1/tenants',
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(withForged.statusCode).toBe(401);
    const tokens = await (await import('./app.ts')).loadAccessTokens(t.tessera);
    const expired = (await tokens.issue({ principal: operator, ttlSeconds: -5 })).token;
    const withExpired = await app.inject({
      method: 'GET',
      url: '/api/v1/tenants',
      headers: { authorization: `Bearer ${expired}` },
    });
    expect(withExpired.statusCode).toBe(401);
    expect(withExpired.json().detail).toBe('The access token has expired');
  });

  it('shows the platform operator every tenant and a partner admin only its subtree', async () => {
    const names = async (principal: Principal) =>
      (await get('/api/v1/tenants', principal))
        .json()
        .items.map((tenant: { name: string }) => tenant.name)
        .sort();
    expect(await names(operator)).toEqual(['Direct', 'Halden', 'Kestrel', 'Osprey']);
    const ingrid: Principal = {
      ...operator,
      kind: 'partner',
      partnerId: atlas,
      permissions: new Set(['read:tenants']),
    };
    expect(await names(ingrid)).toEqual(['Halden', 'Osprey']);
  });
});
