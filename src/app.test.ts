import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../test/support/fixtures.ts';
import { openTestApp, staffOf, type TestIdentity } from '../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../test/support/test-tessera.ts';
import { PERMISSION_CATALOGUE } from './modules/access/permission-catalogue.ts';
import { type HttpApp, listRoutes } from './platform/http/index.ts';

let t: TestTessera;
let app: HttpApp;
let operator: TestIdentity;
let ingrid: TestIdentity;
let tenantAdmin: TestIdentity;

beforeAll(async () => {
  t = await openTestTessera();
  const opened = await openTestApp(t);
  app = opened.app;
  const control = t.tessera.control;
  const atlas = await control.createPartner({ name: 'Atlas Legal Network', slug: 'atlas' });
  const nordics = await control.createPartner({
    name: 'Atlas Nordics',
    slug: 'atlas-nordics',
    parentPartnerId: atlas,
  });
  const northstar = await control.createPartner({ name: 'Northstar ERP', slug: 'northstar' });
  const osprey = (
    await control.createTenant({
      name: 'Osprey',
      slug: 'osprey',
      partnerId: atlas,
      homeRegion: 'eu',
      isolationTier: 'pooled',
    })
  ).tenant.id;
  await control.createTenant({
    name: 'Halden',
    slug: 'halden',
    partnerId: nordics,
    homeRegion: 'eu',
    isolationTier: 'pooled',
  });
  await control.createTenant({
    name: 'Kestrel',
    slug: 'kestrel',
    partnerId: northstar,
    homeRegion: 'eu',
    isolationTier: 'pooled',
  });
  await createTestTenant(t.tessera, { name: 'Direct' });
  operator = await opened.signIn({ kind: 'platform-operator', roles: ['platform-admin'] });
  ingrid = await opened.signIn({ kind: 'partner-admin', partnerId: atlas, roles: ['partner-admin'] });
  tenantAdmin = await opened.signIn(staffOf(osprey, ['tenant-admin']));
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const get = (url: string, who?: TestIdentity) =>
  app.inject({ method: 'GET', url, headers: who ? who.headers : {} });

describe('the API surface', () => {
  it('declares a catalogued permission on every route, and only system, sign-in and brand routes are public', () => {
    const routes = listRoutes(app);
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const where = `${route.method} ${route.url}`;
      if (route.permission === 'public') {
        expect(where).toMatch(
          / \/(health|ready|openapi\.json|docs.*|api\/v1\/auth\/(login|refresh)|api\/v1\/brand)$/,
        );
      } else {
        expect(Object.keys(PERMISSION_CATALOGUE), where).toContain(route.permission);
      }
    }
  });

  it('refuses a tenant admin on a platform route with 403', async () => {
    expect((await get('/api/v1/cells', tenantAdmin)).statusCode).toBe(403);
    expect((await get('/api/v1/tenants', tenantAdmin)).statusCode).toBe(403);
  });

  it('refuses a platform operator on a tenant route', async () => {
    expect((await get('/api/v1/legal-entities', operator)).statusCode).toBe(403);
  });

  it('answers 401 to a missing or forged token', async () => {
    expect((await get('/api/v1/tenants')).statusCode).toBe(401);
    const forged = await new SignJWT({ mid: operator.membershipId, sid: operator.membershipId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(operator.userId)
      .setIssuer('tessera')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a secret that is not the platform key at all'));
    const withForged = await app.inject({
      method: 'GET',
      url: '/api/v1/tenants',
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(withForged.statusCode).toBe(401);
  });

  it('shows the platform operator every tenant and a partner admin only its subtree', async () => {
    const names = async (who: TestIdentity) =>
      (await get('/api/v1/tenants', who))
        .json()
        .items.map((tenant: { name: string }) => tenant.name)
        .sort();
    expect(await names(operator)).toEqual(['Direct', 'Halden', 'Kestrel', 'Osprey']);
    expect(await names(ingrid)).toEqual(['Halden', 'Osprey']);
  });
});
