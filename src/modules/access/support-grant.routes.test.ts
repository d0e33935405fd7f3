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
import { systemContext } from '../../platform/tenancy/tenant-context.ts';

let t: TestTessera;
let app: HttpApp;
let signIn: Awaited<ReturnType<typeof openTestApp>>['signIn'];
let tenant: string;
let otherTenant: string;
let admin: TestIdentity;
let otherAdmin: TestIdentity;
let engineer: TestIdentity;
let entityId: string;
let clock = new Date();

beforeAll(async () => {
  t = await openTestTessera();
  ({ app, signIn } = await openTestApp(t, { now: () => clock }));
  tenant = await createTestTenant(t.tessera, { name: 'Brightpath' });
  otherTenant = await createTestTenant(t.tessera, { name: 'Kestrel' });
  admin = await signIn(staffOf(tenant, ['tenant-admin']));
  otherAdmin = await signIn(staffOf(otherTenant, ['tenant-admin']));
  engineer = await signIn({ kind: 'support', roles: ['support'] });
  const created = await app.inject({
    method: 'POST',
    url: '/api/v1/legal-entities',
    headers: admin.headers,
    payload: { name: 'Brightpath Inc.', country: 'US', functionalCurrency: 'USD' },
  });
  entityId = created.json().id;
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const { get, post } = requestsAs(() => app);

async function requestGrant(body: Record<string, unknown> = {}): Promise<string> {
  const response = await post('/api/v1/support-grants', engineer.headers, {
    tenantId: tenant,
    reason: 'Customer ticket #4711: invoices do not show',
    durationMinutes: 60,
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function approvedGrant(body: Record<string, unknown> = {}): Promise<{ id: string; token: string }> {
  const id = await requestGrant(body);
  expect((await post(`/api/v1/support-grants/${id}/approve`, admin.headers, {})).statusCode).toBe(200);
  const token = await post(`/api/v1/support-grants/${id}/token`, engineer.headers);
  expect(token.statusCode, token.body).toBe(200);
  return { id, token: token.json().accessToken };
}

describe('support access', () => {
  it('gives a support engineer without a grant no access to tenant data', async () => {
    expect((await get('/api/v1/legal-entities', engineer.headers)).statusCode).toBe(403);
    expect((await get(`/api/v1/legal-entities/${entityId}`, engineer.headers)).statusCode).toBe(403);
    const me = (await get('/api/v1/auth/me', engineer.headers)).json();
    expect(me).toMatchObject({ kind: 'platform' });
    expect(me.permissions.sort()).toEqual(['request:support-grants', 'use:session']);
  });

  it('refuses a token before approval, then reads tenant data read-only once a tenant admin approves', async () => {
    const id = await requestGrant();
    const early = await post(`/api/v1/support-grants/${id}/token`, engineer.headers);
    expect(early.statusCode).toBe(409);
    const pending = (await get('/api/v1/support-grants?status=requested', admin.headers)).json();
    expect(pending.items.map((g: { id: string }) => g.id)).toContain(id);

    const approved = await post(`/api/v1/support-grants/${id}/approve`, admin.headers, {
      note: 'ok for today',
    });
    expect(approved.statusCode).toBe(200);
    const grant = approved.json();
    expect(grant).toMatchObject({ status: 'approved', active: true, decidedBy: admin.userId });
    expect(Date.parse(grant.expiresAt) - Date.parse(grant.approvedAt)).toBe(60 * 60_000);

    const exchanged = await post(`/api/v1/support-grants/${id}/token`, engineer.headers);
    expect(exchanged.statusCode).toBe(200);
    const token = exchanged.json().accessToken;
    const list = await get('/api/v1/legal-entities', bearer(token));
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((e: { id: string }) => e.id)).toEqual([entityId]);
    expect((await get('/api/v1/auth/me', bearer(token))).json()).toMatchObject({
      kind: 'tenant',
      tenantId: tenant,
      clearance: 'internal',
    });
    const write = await post('/api/v1/legal-entities', bearer(token), {
      name: 'Sneaky Ltd',
      country: 'GB',
      functionalCurrency: 'GBP',
    });
    expect(write.statusCode).toBe(403);
    expect((await get('/api/v1/support-grants', bearer(token))).statusCode).toBe(403);
  });

  it('lets only an admin of the grant’s own tenant approve it; another tenant’s admin gets 404', async () => {
    const id = await requestGrant();
    expect((await post(`/api/v1/support-grants/${id}/approve`, otherAdmin.headers, {})).statusCode).toBe(404);
    expect((await post(`/api/v1/support-grants/${id}/deny`, otherAdmin.headers, {})).statusCode).toBe(404);
    expect((await get(`/api/v1/support-grants/${id}`, otherAdmin.headers)).statusCode).toBe(404);
    expect((await post(`/api/v1/support-grants/${id}/revoke`, otherAdmin.headers)).statusCode).toBe(404);
    const foreignList = (await get('/api/v1/support-grants', otherAdmin.headers)).json();
    expect(foreignList.items).toEqual([]);
    const consultant = await signIn(staffOf(tenant, ['consultant']));
    expect((await post(`/api/v1/support-grants/${id}/approve`, consultant.headers, {})).statusCode).toBe(403);
    expect((await post(`/api/v1/support-grants/${id}/token`, engineer.headers)).statusCode).toBe(409);
  });

  it('gives no token for a denied grant', async () => {
    const bare = await requestGrant();
    expect((await post(`/api/v1/support-grants/${bare}/deny`, admin.headers)).json().status).toBe('denied');
    const id = await requestGrant();
    const denied = await post(`/api/v1/support-grants/${id}/deny`, admin.headers, { note: 'not today' });
    expect(denied.json()).toMatchObject({ status: 'denied', active: false, decisionNote: 'not today' });
    expect((await post(`/api/v1/support-grants/${id}/token`, engineer.headers)).statusCode).toBe(409);
    expect((await post(`/api/v1/support-grants/${id}/approve`, admin.headers, {})).statusCode).toBe(409);
  });

  it('gives another engineer no token for someone else’s grant (404)', async () => {
    const id = await requestGrant();
    await post(`/api/v1/support-grants/${id}/approve`, admin.headers, {});
    const colleague = await signIn({ kind: 'support', roles: ['support'] });
    expect((await post(`/api/v1/support-grants/${id}/token`, colleague.headers)).statusCode).toBe(404);
  });

  it('stops working at the next request once expired, with no job running', async () => {
    const { id, token } = await approvedGrant({ durationMinutes: 30 });
    expect((await get('/api/v1/legal-entities', bearer(token))).statusCode).toBe(200);
    const start = clock;
    clock = new Date(start.getTime() + 30 * 60_000 + 1);
    try {
      expect((await get('/api/v1/legal-entities', bearer(token))).statusCode).toBe(401);
      expect((await get(`/api/v1/support-grants/${id}`, admin.headers)).json()).toMatchObject({
        status: 'expired',
        active: false,
      });
      expect((await post(`/api/v1/support-grants/${id}/token`, engineer.headers)).statusCode).toBe(409);
    } finally {
      clock = new Date();
    }
  });

  it('stops working at the next request once a tenant admin revokes it', async () => {
    const { id, token } = await approvedGrant();
    expect((await get('/api/v1/legal-entities', bearer(token))).statusCode).toBe(200);
    const revoked = await post(`/api/v1/support-grants/${id}/revoke`, admin.headers);
    expect(revoked.json()).toMatchObject({ status: 'revoked', revokedBy: admin.userId });
    expect((await get('/api/v1/legal-entities', bearer(token))).statusCode).toBe(401);
    expect((await post(`/api/v1/support-grants/${id}/revoke`, admin.headers)).statusCode).toBe(409);
  });

  it('refuses a grant token while the tenant is suspended', async () => {
    const { token } = await approvedGrant();
    await t.tessera.control.changeTenantStatus(tenant, 'suspended', ['active']);
    try {
      const refused = await get('/api/v1/legal-entities', bearer(token));
      expect(refused.statusCode).toBe(403);
      expect(refused.json().code).toBe('TENANT_NOT_ACTIVE');
    } finally {
      await t.tessera.control.changeTenantStatus(tenant, 'active', ['suspended']);
    }
    expect((await get('/api/v1/legal-entities', bearer(token))).statusCode).toBe(200);
  });

  it('lets the engineer end their own grant, recorded with the grant id in the tenant’s chain', async () => {
    const { id, token } = await approvedGrant();
    expect((await post(`/api/v1/support-grants/${id}/revoke`, bearer(token))).statusCode).toBe(200);
    expect((await get('/api/v1/legal-entities', bearer(token))).statusCode).toBe(401);
    const audit = await get(
      `/api/v1/audit/events?resourceKind=support_grant&resourceId=${id}`,
      admin.headers,
    );
    const revocation = audit
      .json()
      .items.find((e: { action: string }) => e.action === 'support_grant.revoked');
    expect(revocation).toMatchObject({ grantId: id, actor: { kind: 'support', id: engineer.userId } });
  });

  it('opens a break-glass grant at once and alerts the tenant through its outbox and audit chain', async () => {
    const response = await post('/api/v1/support-grants', engineer.headers, {
      tenantId: tenant,
      reason: 'Production outage: ledger postings failing',
      durationMinutes: 15,
      breakGlass: true,
    });
    expect(response.statusCode).toBe(201);
    const grant = response.json();
    expect(grant).toMatchObject({
      status: 'approved',
      active: true,
      breakGlass: true,
      decidedBy: engineer.userId,
    });
    const exchanged = await post(`/api/v1/support-grants/${grant.id}/token`, engineer.headers);
    expect((await get('/api/v1/legal-entities', bearer(exchanged.json().accessToken))).statusCode).toBe(200);

    const outbox = await t.tessera.withTenant(
      systemContext(tenant, 'test'),
      async (tx) =>
        (
          await sql<{ topic: string; payload: { grantId: string; reason: string } }>`
            SELECT topic, payload FROM outbox_events WHERE resource_id = ${grant.id}`.execute(tx.db)
        ).rows,
      { readOnly: true },
    );
    expect(outbox).toEqual([
      {
        topic: 'support_grant.break_glass',
        payload: expect.objectContaining({
          grantId: grant.id,
          reason: 'Production outage: ledger postings failing',
        }),
      },
    ]);
    const audit = await get(
      `/api/v1/audit/events?resourceKind=support_grant&resourceId=${grant.id}`,
      admin.headers,
    );
    expect(audit.json().items).toEqual([
      expect.objectContaining({ action: 'support_grant.break_glass', grantId: grant.id }),
    ]);
    const verified = await get('/api/v1/audit/verify', admin.headers);
    expect(verified.json().verified).toBe(true);
  });

  it('records every request made under a grant, reads and refused attempts included', async () => {
    const { id, token } = await approvedGrant();
    await get('/api/v1/legal-entities?limit=5', bearer(token));
    await get(`/api/v1/legal-entities/${entityId}`, bearer(token));
    await post('/api/v1/legal-entities', bearer(token), {
      name: 'X',
      country: 'US',
      functionalCurrency: 'USD',
    });
    const uses = await get(`/api/v1/support-grants/${id}/uses`, admin.headers);
    expect(uses.statusCode).toBe(200);
    expect(uses.json().items.map((u: { method: string; url: string }) => `${u.method} ${u.url}`)).toEqual([
      'POST /api/v1/legal-entities',
      `GET /api/v1/legal-entities/${entityId}`,
      'GET /api/v1/legal-entities?limit=5',
    ]);
    expect((await get(`/api/v1/support-grants/${id}/uses`, otherAdmin.headers)).statusCode).toBe(404);
  });

  it('narrows the engineer to the grant’s scope and permissions', async () => {
    const { token } = await approvedGrant({
      permissions: ['read:organization'],
      scope: { legal_entity: [], practice: 'all', region: 'all', client: 'all', portfolio: 'all' },
    });
    expect((await get('/api/v1/legal-entities', bearer(token))).statusCode).toBe(403);
    const me = (await get('/api/v1/auth/me', bearer(token))).json();
    expect(me.permissions.sort()).toEqual(['read:organization', 'use:session']);
    expect(me.scope.legal_entity).toEqual([]);
  });

  it('refuses write permissions, a short reason and a duration above the platform maximum', async () => {
    const writes = await post('/api/v1/support-grants', engineer.headers, {
      tenantId: tenant,
      reason: 'Need to fix a legal entity',
      permissions: ['read:legal-entities', 'write:legal-entities', 'read:cost'],
    });
    expect(writes.statusCode).toBe(422);
    expect(writes.json().detail).toContain('write:legal-entities, read:cost');
    const short = await post('/api/v1/support-grants', engineer.headers, {
      tenantId: tenant,
      reason: 'because',
    });
    expect(short.statusCode).toBe(400);
    const long = await post('/api/v1/support-grants', engineer.headers, {
      tenantId: tenant,
      reason: 'A very long investigation',
      durationMinutes: 481,
    });
    expect(long.statusCode).toBe(400);
    const tenantAsks = await post('/api/v1/support-grants', admin.headers, {
      tenantId: tenant,
      reason: 'A tenant admin cannot ask',
    });
    expect(tenantAsks.statusCode).toBe(403);
  });

  it('cannot approve a request older than a day', async () => {
    const id = await requestGrant();
    clock = new Date(Date.now() + 25 * 60 * 60_000);
    try {
      expect((await post(`/api/v1/support-grants/${id}/approve`, admin.headers, {})).statusCode).toBe(409);
    } finally {
      clock = new Date();
    }
  });

  it('lists an engineer’s own grants', async () => {
    const id = await requestGrant();
    const mine = (await get('/api/v1/support-grants/mine', engineer.headers)).json();
    expect(mine.items[0]).toMatchObject({
      id,
      status: 'requested',
      requestedBy: { userId: engineer.userId },
    });
    const colleague = await signIn({ kind: 'support', roles: ['support'] });
    expect((await get('/api/v1/support-grants/mine', colleague.headers)).json().items).toEqual([]);
  });
});
