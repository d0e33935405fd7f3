import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, staffOf, TEST_PASSWORD, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { systemContext } from '../../platform/tenancy/tenant-context.ts';

let t: TestTessera;
let app: HttpApp;
let signIn: Awaited<ReturnType<typeof openTestApp>>['signIn'];
let atlas: string;
let nordics: string;
let northstar: string;
let ingrid: TestIdentity;
let lars: TestIdentity;
let nora: TestIdentity;
let operator: TestIdentity;
let kestrel: string;
let slugs = 0;

beforeAll(async () => {
  t = await openTestTessera();
  ({ app, signIn } = await openTestApp(t));
  const control = t.tessera.control;
  atlas = await control.createPartner({ name: 'Atlas Legal Network', slug: 'atlas' });
  nordics = await control.createPartner({
    name: 'Atlas Nordics',
    slug: 'atlas-nordics',
    parentPartnerId: atlas,
  });
  northstar = await control.createPartner({ name: 'Northstar ERP', slug: 'northstar' });
  ingrid = await signIn({ kind: 'partner-admin', partnerId: atlas, roles: ['partner-admin'] });
  lars = await signIn({ kind: 'partner-admin', partnerId: nordics, roles: ['partner-admin'] });
  nora = await signIn({ kind: 'partner-admin', partnerId: northstar, roles: ['partner-admin'] });
  operator = await signIn({ kind: 'platform-operator', roles: ['platform-admin'] });
  kestrel = (
    await control.createTenant({
      name: 'Kestrel IT Services',
      slug: 'kestrel',
      partnerId: northstar,
      homeRegion: 'eu',
      isolationTier: 'pooled',
    })
  ).tenant.id;
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const post = (url: string, who: TestIdentity, payload?: object) =>
  app.inject({ method: 'POST', url, headers: who.headers, ...(payload ? { payload } : {}) });
const get = (url: string, who: TestIdentity) => app.inject({ method: 'GET', url, headers: who.headers });

async function createTenant(who: TestIdentity, partnerId: string | undefined, name = 'Halden & Partners') {
  slugs += 1;
  return post('/api/v1/tenants', who, {
    name,
    slug: `tenant-${slugs}`,
    ...(partnerId === undefined ? {} : { partnerId }),
    homeRegion: 'eu',
    isolationTier: 'pooled',
  });
}

async function tenantOf(who: TestIdentity, partnerId: string): Promise<string> {
  const response = await createTenant(who, partnerId);
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

describe('delegated administration of tenants', () => {
  it('creates a tenant under a partner of the caller’s subtree, placed on a cell and audited', async () => {
    const response = await createTenant(ingrid, nordics);
    expect(response.statusCode).toBe(201);
    const tenant = response.json();
    expect(tenant).toMatchObject({
      partnerId: nordics,
      status: 'active',
      homeRegion: 'eu',
      cell: 'eu-pool-1',
    });
    for (const who of [ingrid, lars]) {
      const listed = (await get('/api/v1/tenants', who)).json().items.map((x: { id: string }) => x.id);
      expect(listed).toContain(tenant.id);
    }
    expect((await get('/api/v1/tenants', nora)).json().items.map((x: { id: string }) => x.id)).not.toContain(
      tenant.id,
    );
    const chain = await t.tessera.withTenant(
      systemContext(tenant.id, 'test'),
      async (tx) =>
        (
          await sql<{ action: string; actor_id: string }>`
            SELECT action, actor_id FROM audit_events ORDER BY seq`.execute(tx.db)
        ).rows,
      { readOnly: true },
    );
    expect(chain).toEqual([{ action: 'tenant.created', actor_id: ingrid.userId }]);
    const events = await t.tessera.control.db
      .selectFrom('auth_events')
      .select(['event', 'user_id'])
      .where('tenant_id', '=', tenant.id)
      .execute();
    expect(events).toEqual([{ event: 'tenant.created', user_id: ingrid.userId }]);
  });

  it('defaults to the caller’s own partner and refuses a partner outside the subtree', async () => {
    expect((await createTenant(lars, undefined)).json().partnerId).toBe(nordics);
    expect((await createTenant(lars, atlas)).statusCode).toBe(422);
    expect((await createTenant(nora, nordics)).statusCode).toBe(422);
    expect((await createTenant(ingrid, null as unknown as string)).statusCode).toBe(422);
  });

  it('answers 404 for a tenant of another partner’s subtree, whatever the action', async () => {
    const halden = await tenantOf(lars, nordics);
    const osprey = await tenantOf(ingrid, atlas);
    const admin = await signIn(staffOf(halden, ['tenant-admin']));
    for (const [who, tenantId] of [
      [nora, halden],
      [nora, osprey],
      [lars, osprey],
      [ingrid, kestrel],
    ] as const) {
      expect((await get(`/api/v1/tenants/${tenantId}`, who)).statusCode).toBe(404);
      expect((await post(`/api/v1/tenants/${tenantId}/suspend`, who)).statusCode).toBe(404);
      expect((await post(`/api/v1/tenants/${tenantId}/activate`, who)).statusCode).toBe(404);
      expect((await get(`/api/v1/tenants/${tenantId}/admins`, who)).statusCode).toBe(404);
      expect(
        (await post(`/api/v1/tenants/${tenantId}/admins`, who, { email: 'intruder@example.test' }))
          .statusCode,
      ).toBe(404);
    }
    expect(
      (await post(`/api/v1/tenants/${halden}/admins/${admin.membershipId}/revoke`, nora)).statusCode,
    ).toBe(404);
    expect((await get(`/api/v1/tenants/${halden}`, ingrid)).statusCode).toBe(200);
    expect((await get(`/api/v1/tenants/${halden}`, lars)).statusCode).toBe(200);
  });

  it('suspends a tenant, locking its users out at their next request, and reactivates it', async () => {
    const tenant = await tenantOf(ingrid, atlas);
    const user = await signIn(staffOf(tenant, ['consultant']));
    expect((await get('/api/v1/legal-entities', user)).statusCode).toBe(200);
    const suspended = await post(`/api/v1/tenants/${tenant}/suspend`, ingrid);
    expect(suspended.json()).toMatchObject({ id: tenant, status: 'suspended' });
    const refused = await get('/api/v1/legal-entities', user);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('TENANT_NOT_ACTIVE');
    expect((await post(`/api/v1/tenants/${tenant}/suspend`, ingrid)).statusCode).toBe(409);
    expect((await post(`/api/v1/tenants/${tenant}/activate`, ingrid)).json().status).toBe('active');
    expect((await get('/api/v1/legal-entities', user)).statusCode).toBe(200);
  });

  it('invites a new tenant admin with a one-time password that signs in once returned', async () => {
    const tenant = await tenantOf(lars, nordics);
    const added = await post(`/api/v1/tenants/${tenant}/admins`, lars, {
      email: 'Kari.Nilsen@Halden.example',
      name: 'Kari Nilsen',
    });
    expect(added.statusCode).toBe(201);
    const body = added.json();
    expect(body).toMatchObject({
      userCreated: true,
      membership: {
        email: 'kari.nilsen@halden.example',
        kind: 'staff',
        roles: ['tenant-admin'],
        status: 'active',
      },
    });
    expect(body.membership.scope).toEqual({
      legal_entity: 'all',
      practice: 'all',
      region: 'all',
      client: 'all',
      portfolio: 'all',
    });
    expect(body.initialPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'kari.nilsen@halden.example', password: body.initialPassword },
    });
    expect(login.statusCode).toBe(200);
    expect(login.json().membership).toMatchObject({ id: body.membership.id, tenantId: tenant });
    const kari = { authorization: `Bearer ${login.json().accessToken}` };
    expect((await app.inject({ method: 'GET', url: '/api/v1/memberships', headers: kari })).statusCode).toBe(
      200,
    );
    const again = await post(`/api/v1/tenants/${tenant}/admins`, lars, {
      email: 'kari.nilsen@halden.example',
    });
    expect(again.statusCode).toBe(409);
  });

  it('attaches an existing user without a password, lists the admins, and revokes one at once', async () => {
    const tenant = await tenantOf(ingrid, nordics);
    const elsewhere = await signIn(staffOf(kestrel, ['consultant']));
    const attached = await post(`/api/v1/tenants/${tenant}/admins`, ingrid, { email: elsewhere.email });
    expect(attached.json()).toMatchObject({ userCreated: false, initialPassword: null });
    const membershipId = attached.json().membership.id;
    const staff = await signIn(staffOf(tenant, ['consultant']));
    const admins = (await get(`/api/v1/tenants/${tenant}/admins`, ingrid)).json().items;
    expect(admins.map((m: { id: string }) => m.id)).toEqual([membershipId]);

    const asAdmin = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: elsewhere.email, password: TEST_PASSWORD, membershipId },
    });
    const adminHeaders = { authorization: `Bearer ${asAdmin.json().accessToken}` };
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/memberships', headers: adminHeaders })).statusCode,
    ).toBe(200);
    expect(
      (await post(`/api/v1/tenants/${tenant}/admins/${staff.membershipId}/revoke`, ingrid)).statusCode,
    ).toBe(404);
    const revoked = await post(`/api/v1/tenants/${tenant}/admins/${membershipId}/revoke`, ingrid);
    expect(revoked.json()).toMatchObject({ id: membershipId, status: 'revoked' });
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/memberships', headers: adminHeaders })).statusCode,
    ).toBe(401);
    expect((await get('/api/v1/legal-entities', elsewhere)).statusCode).toBe(200);
    expect((await get(`/api/v1/tenants/${tenant}/admins`, ingrid)).json().items).toEqual([]);
  });

  it('never lets a partner admin read tenant business data or memberships', async () => {
    await tenantOf(ingrid, atlas);
    for (const url of [
      '/api/v1/legal-entities',
      '/api/v1/memberships',
      '/api/v1/support-grants',
      '/api/v1/roles',
    ]) {
      expect([403, 404]).toContain((await get(url, ingrid)).statusCode);
    }
  });

  it('lets a platform admin do the same for every tenant, and refuses tenant admins', async () => {
    const direct = await createTenant(operator, undefined, 'Brightpath Consulting');
    expect(direct.json()).toMatchObject({ partnerId: null, status: 'active' });
    expect((await post(`/api/v1/tenants/${kestrel}/suspend`, operator)).json().status).toBe('suspended');
    expect((await post(`/api/v1/tenants/${kestrel}/activate`, operator)).json().status).toBe('active');
    const admin = await signIn(staffOf(direct.json().id, ['tenant-admin']));
    expect((await createTenant(admin, undefined)).statusCode).toBe(403);
    expect((await post(`/api/v1/tenants/${kestrel}/suspend`, admin)).statusCode).toBe(403);
  });

  it('answers a duplicate slug with 409', async () => {
    const first = await createTenant(ingrid, atlas);
    const again = await post('/api/v1/tenants', ingrid, {
      name: 'Copy',
      slug: first.json().slug,
      homeRegion: 'eu',
      isolationTier: 'pooled',
    });
    expect(again.statusCode).toBe(409);
  });
});
