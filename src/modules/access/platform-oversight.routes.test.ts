import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import {
  bearer,
  openTestApp,
  requestsAs,
  staffOf,
  type TestIdentity,
} from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';

let t: TestTessera;
let app: HttpApp;
let signIn: Awaited<ReturnType<typeof openTestApp>>['signIn'];
let brightpath: string;
let halden: string;
let maya: TestIdentity;
let sam: TestIdentity;
let priya: TestIdentity;
let kari: TestIdentity;
let ingrid: TestIdentity;

beforeAll(async () => {
  t = await openTestTessera();
  ({ app, signIn } = await openTestApp(t));
  brightpath = await createTestTenant(t.tessera, { name: 'Brightpath Consulting' });
  halden = await createTestTenant(t.tessera, { name: 'Halden & Partners' });
  const atlas = await t.tessera.control.createPartner({ name: 'Atlas Legal Network', slug: 'atlas' });
  maya = await signIn({ kind: 'platform-operator', roles: ['platform-admin'] });
  sam = await signIn({ kind: 'support', roles: ['support'] });
  priya = await signIn(staffOf(brightpath, ['tenant-admin']));
  kari = await signIn(staffOf(halden, ['tenant-admin']));
  ingrid = await signIn({ kind: 'partner-admin', partnerId: atlas, roles: ['partner-admin'] });
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const { get, post } = requestsAs(() => app);

interface Overseen {
  id: string;
  tenant: { id: string; name: string; slug: string };
  engineer: { name: string; email: string };
  status: string;
  useCount: number;
}

async function requestGrant(tenantId: string, reason = 'Customer ticket #4711: invoices do not show') {
  const response = await post('/api/v1/support-grants', sam.headers, {
    tenantId,
    reason,
    durationMinutes: 60,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

async function queue(query = ''): Promise<Overseen[]> {
  const response = await get(`/api/v1/platform/support-grants${query}`, maya.headers);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items;
}

describe('the platform’s support-grant queue', () => {
  it('shows Maya every tenant’s grants, newest first, with tenant, engineer and use count', async () => {
    const first = await requestGrant(brightpath);
    const second = await requestGrant(halden, 'Verify the audit chain after the incident');
    const items = await queue();
    expect(items.slice(0, 2).map((g) => g.id)).toEqual([second, first]);
    expect(items[0]).toMatchObject({
      id: second,
      tenant: { id: halden, name: 'Halden & Partners' },
      engineer: { name: 'Test Person', email: sam.email },
      reason: 'Verify the audit chain after the incident',
      permissions: expect.arrayContaining(['verify:audit']),
      durationMinutes: 60,
      breakGlass: false,
      status: 'requested',
      active: false,
      decidedAt: null,
      approvedAt: null,
      expiresAt: null,
      revokedAt: null,
      useCount: 0,
    });
    expect(items[1]?.tenant.id).toBe(brightpath);
    expect(Object.keys(items[0] ?? {})).not.toContain('scope');
  });

  it('filters by status and pages with a cursor', async () => {
    const approved = await requestGrant(brightpath);
    await post(`/api/v1/support-grants/${approved}/approve`, priya.headers, {});
    const token = (await post(`/api/v1/support-grants/${approved}/token`, sam.headers)).json().accessToken;
    await get('/api/v1/legal-entities', bearer(token));
    const denied = await requestGrant(halden);
    await post(`/api/v1/support-grants/${denied}/deny`, kari.headers, { note: 'not today' });
    const pending = await requestGrant(halden);

    const requested = await queue('?status=requested');
    expect(requested.every((g) => g.status === 'requested')).toBe(true);
    expect(requested.map((g) => g.id)).toContain(pending);
    expect(requested.map((g) => g.id)).not.toContain(approved);
    const approvedOnes = await queue('?status=approved');
    expect(approvedOnes.find((g) => g.id === approved)).toMatchObject({ status: 'approved', useCount: 1 });
    expect((await queue('?status=denied')).map((g) => g.id)).toEqual([denied]);

    const all = await queue();
    const page1 = (await get('/api/v1/platform/support-grants?limit=2', maya.headers)).json();
    expect(page1.items.map((g: Overseen) => g.id)).toEqual(all.slice(0, 2).map((g) => g.id));
    const page2 = (
      await get(`/api/v1/platform/support-grants?limit=2&cursor=${page1.nextCursor}`, maya.headers)
    ).json();
    expect(page2.items.map((g: Overseen) => g.id)).toEqual(all.slice(2, 4).map((g) => g.id));
    expect((await get('/api/v1/platform/support-grants?status=expired', maya.headers)).statusCode).toBe(400);
  });

  it('lets Maya end an approved grant at once: its token stops working, one event each side', async () => {
    const id = await requestGrant(halden);
    await post(`/api/v1/support-grants/${id}/approve`, kari.headers, {});
    const token = (await post(`/api/v1/support-grants/${id}/token`, sam.headers)).json().accessToken;
    expect((await get('/api/v1/legal-entities', bearer(token))).statusCode).toBe(200);

    const revoked = await post(`/api/v1/platform/support-grants/${id}/revoke`, maya.headers);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ id, status: 'revoked', active: false, revokedBy: maya.userId });
    expect((await get('/api/v1/legal-entities', bearer(token))).statusCode).toBe(401);
    expect((await post(`/api/v1/platform/support-grants/${id}/revoke`, maya.headers)).statusCode).toBe(409);

    const events = await t.tessera.control.db
      .selectFrom('auth_events')
      .select(['event', 'user_id', 'tenant_id'])
      .where('subject', '=', id)
      .where('event', '=', 'support_grant.revoked')
      .execute();
    expect(events).toEqual([{ event: 'support_grant.revoked', user_id: maya.userId, tenant_id: halden }]);
    const audit = (
      await get(`/api/v1/audit/events?resourceKind=support_grant&resourceId=${id}`, kari.headers)
    ).json();
    expect(audit.items.filter((e: { action: string }) => e.action === 'support_grant.revoked')).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ kind: 'user', id: maya.userId }) }),
    ]);
  });

  it('withdraws a pending request, refuses a denied one (409) and a grant that exists nowhere (404)', async () => {
    const pending = await requestGrant(brightpath);
    expect(
      (await post(`/api/v1/platform/support-grants/${pending}/revoke`, maya.headers)).json(),
    ).toMatchObject({ status: 'revoked' });
    const denied = await requestGrant(brightpath);
    await post(`/api/v1/support-grants/${denied}/deny`, priya.headers, {});
    expect((await post(`/api/v1/platform/support-grants/${denied}/revoke`, maya.headers)).statusCode).toBe(
      409,
    );
    const nowhere = await post(
      '/api/v1/platform/support-grants/01900000-0000-7000-8000-000000000001/revoke',
      maya.headers,
    );
    expect(nowhere.statusCode).toBe(404);
  });

  it('refuses a partner admin, a tenant admin and the support engineer (403), listing nothing', async () => {
    const id = await requestGrant(brightpath);
    for (const who of [ingrid, priya, sam]) {
      const list = await get('/api/v1/platform/support-grants', who.headers);
      expect(list.statusCode).toBe(403);
      expect(list.json()).toMatchObject({ code: 'FORBIDDEN' });
      expect(list.body).not.toContain(id);
      const revoke = await post(`/api/v1/platform/support-grants/${id}/revoke`, who.headers);
      expect(revoke.statusCode).toBe(403);
      const verify = await post(`/api/v1/tenants/${brightpath}/audit-verification`, who.headers);
      expect(verify.statusCode).toBe(403);
    }
    expect((await queue()).find((g) => g.id === id)?.status).toBe('requested');
  });
});

describe('the platform’s audit verification', () => {
  it('verifies a tenant’s chain and reports the broken link exactly after an owner edits one event', async () => {
    const tenant = await createTestTenant(t.tessera, { name: 'Osprey Advisory' });
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    for (const name of ['Osprey GmbH', 'Osprey AG', 'Osprey SARL', 'Osprey BV']) {
      const created = await post('/api/v1/legal-entities', admin.headers, {
        name,
        country: 'DE',
        functionalCurrency: 'EUR',
      });
      expect(created.statusCode, created.body).toBe(201);
    }
    const url = `/api/v1/tenants/${tenant}/audit-verification`;
    const intact = await post(url, maya.headers);
    expect(intact.statusCode, intact.body).toBe(200);
    expect(intact.json()).toEqual({ tenantId: tenant, verified: true, eventsChecked: 4, firstBreak: null });
    expect((await get('/api/v1/audit/verify', admin.headers)).json()).toEqual(intact.json());

    await sql`UPDATE audit_events SET changes = '{"after":{"name":"Forged"}}' WHERE tenant_id = ${tenant} AND seq = 3`.execute(
      t.tessera.main.db,
    );
    const broken = await post(url, maya.headers);
    expect(broken.json()).toEqual({
      tenantId: tenant,
      verified: false,
      eventsChecked: 2,
      firstBreak: { seq: '3', reason: 'content-altered' },
    });
    expect(broken.body).not.toContain('Forged');
    expect(broken.body).not.toContain('Osprey');
  });

  it('answers 404 for a tenant that exists nowhere', async () => {
    const response = await post(
      '/api/v1/tenants/01900000-0000-7000-8000-000000000002/audit-verification',
      maya.headers,
    );
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('NOT_FOUND');
  });
});
