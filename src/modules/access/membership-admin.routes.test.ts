import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestApp, requestsAs, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { systemContext } from '../../platform/tenancy/tenant-context.ts';

let t: TestTessera;
let app: HttpApp;
let signIn: Awaited<ReturnType<typeof openTestApp>>['signIn'];
let tenant: string;
let priya: TestIdentity;
let otherAdmin: TestIdentity;
let inc: string;
let ltd: string;
let globex: string;
let invitations = 0;
let clock = new Date();

beforeAll(async () => {
  t = await openTestTessera();
  ({ app, signIn } = await openTestApp(t, { now: () => clock }));
  tenant = await createTestTenant(t.tessera, { name: 'Brightpath' });
  const other = await createTestTenant(t.tessera, { name: 'Kestrel' });
  priya = await signIn(staffOf(tenant, ['tenant-admin']));
  otherAdmin = await signIn(staffOf(other, ['tenant-admin']));
  const entity = async (name: string, country: string, currency: string) =>
    (
      await post('/api/v1/legal-entities', priya.headers, { name, country, functionalCurrency: currency })
    ).json().id as string;
  inc = await entity('Brightpath Inc.', 'US', 'USD');
  ltd = await entity('Brightpath Ltd', 'GB', 'GBP');
  const client = await post('/api/v1/clients', priya.headers, { name: 'Globex', legalEntityId: inc });
  expect(client.statusCode, client.body).toBe(201);
  globex = client.json().id;
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const { get, patch, post } = requestsAs(() => app);
const all = { legal_entity: 'all', practice: 'all', region: 'all', client: 'all', portfolio: 'all' };

/** Invites a person and signs them in with the one-time password the invitation returned. */
async function invite(
  body: Record<string, unknown>,
): Promise<{ id: string; headers: { authorization: string } }> {
  invitations += 1;
  const email = `invitee-${invitations}@brightpath.example`;
  const response = await post('/api/v1/memberships', priya.headers, { email, ...body });
  expect(response.statusCode, response.body).toBe(201);
  const { membership, initialPassword } = response.json();
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { email, password: initialPassword },
  });
  expect(login.statusCode).toBe(200);
  return { id: membership.id, headers: { authorization: `Bearer ${login.json().accessToken}` } };
}

const entitiesSeenBy = async (who: { authorization: string }) =>
  (await get('/api/v1/legal-entities', who)).json().items.map((e: { id: string }) => e.id);

describe('tenant memberships', () => {
  it('invites staff with roles and a per-dimension scope that the new member works under', async () => {
    const tom = await invite({ kind: 'staff', roles: ['finance'], scope: { ...all, legal_entity: [ltd] } });
    expect(await entitiesSeenBy(tom.headers)).toEqual([ltd]);
    const read = (await get(`/api/v1/memberships/${tom.id}`, priya.headers)).json();
    expect(read).toMatchObject({
      kind: 'staff',
      staffType: 'employee',
      roles: ['finance'],
      status: 'active',
    });
    expect(read.scope.legal_entity).toEqual([{ id: ltd, validFrom: null, validUntil: null }]);
    expect(read.scope.practice).toBe('all');
  });

  it('applies a scope change and a role change at the member’s next request', async () => {
    const member = await invite({
      kind: 'staff',
      roles: ['consultant'],
      scope: { ...all, legal_entity: [ltd] },
    });
    expect(await entitiesSeenBy(member.headers)).toEqual([ltd]);
    const changed = await patch(`/api/v1/memberships/${member.id}`, priya.headers, {
      scope: { ...all, legal_entity: [inc] },
    });
    expect(changed.statusCode).toBe(200);
    expect(await entitiesSeenBy(member.headers)).toEqual([inc]);
    await patch(`/api/v1/memberships/${member.id}`, priya.headers, { roles: ['subcontractor'] });
    expect((await get('/api/v1/legal-entities', member.headers)).statusCode).toBe(403);
  });

  it('honours validFrom and validUntil of a scope entry', async () => {
    const until = new Date(clock.getTime() + 60 * 60_000);
    const member = await invite({
      kind: 'staff',
      roles: ['consultant'],
      scope: { ...all, legal_entity: [inc, { id: ltd, validUntil: until.toISOString() }] },
    });
    expect((await entitiesSeenBy(member.headers)).sort()).toEqual([inc, ltd].sort());
    clock = new Date(until.getTime() + 1);
    try {
      expect(await entitiesSeenBy(member.headers)).toEqual([inc]);
    } finally {
      clock = new Date();
    }
    const backwards = await post('/api/v1/memberships', priya.headers, {
      email: 'backwards@brightpath.example',
      kind: 'staff',
      roles: ['consultant'],
      scope: {
        ...all,
        legal_entity: [{ id: ltd, validFrom: until.toISOString(), validUntil: clock.toISOString() }],
      },
    });
    expect(backwards.statusCode).toBe(400);
  });

  it('invites a client approver whose scope is their one client', async () => {
    const ava = await invite({ kind: 'client', clientId: globex });
    const read = (await get(`/api/v1/memberships/${ava.id}`, priya.headers)).json();
    expect(read).toMatchObject({ kind: 'client', staffType: null, roles: ['client-approver'] });
    expect(read.scope).toMatchObject({ ...all, client: [{ id: globex, validFrom: null, validUntil: null }] });
    const me = (await get('/api/v1/auth/me', ava.headers)).json();
    expect(me.scope.client).toEqual([globex]);
    const unknown = await post('/api/v1/memberships', priya.headers, {
      email: 'nobody@globex.example',
      kind: 'client',
      clientId: '01900000-0000-7000-8000-0000000000ff',
    });
    expect(unknown.statusCode).toBe(422);
    const admin = await post('/api/v1/memberships', priya.headers, {
      email: 'boss@globex.example',
      kind: 'client',
      clientId: globex,
      roles: ['tenant-admin'],
    });
    expect(admin.statusCode).toBe(422);
    const widened = await patch(`/api/v1/memberships/${ava.id}`, priya.headers, { scope: all });
    expect(widened.statusCode).toBe(400);
  });

  it('refuses roles that do not exist or belong to another realm, naming them', async () => {
    const response = await post('/api/v1/memberships', priya.headers, {
      email: 'someone@brightpath.example',
      kind: 'staff',
      roles: ['consultant', 'wizard', 'platform-admin', 'custom:nope'],
      scope: all,
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toBe('No such tenant role: wizard, platform-admin, custom:nope');
    const noScope = await post('/api/v1/memberships', priya.headers, {
      email: 'someone@brightpath.example',
      kind: 'staff',
      roles: ['consultant'],
    });
    expect(noScope.statusCode).toBe(400);
  });

  it('revokes a membership: the member is refused at the next request', async () => {
    const member = await invite({ kind: 'staff', roles: ['consultant'], scope: all });
    expect((await get('/api/v1/legal-entities', member.headers)).statusCode).toBe(200);
    const revoked = await post(`/api/v1/memberships/${member.id}/revoke`, priya.headers);
    expect(revoked.json().status).toBe('revoked');
    expect((await get('/api/v1/legal-entities', member.headers)).statusCode).toBe(401);
    expect((await post(`/api/v1/memberships/${member.id}/revoke`, priya.headers)).statusCode).toBe(409);
  });

  it('answers 404 for another tenant’s membership', async () => {
    const member = await invite({ kind: 'staff', roles: ['consultant'], scope: all });
    expect((await get(`/api/v1/memberships/${member.id}`, otherAdmin.headers)).statusCode).toBe(404);
    expect(
      (await patch(`/api/v1/memberships/${member.id}`, otherAdmin.headers, { roles: ['consultant'] }))
        .statusCode,
    ).toBe(404);
    expect((await post(`/api/v1/memberships/${member.id}/revoke`, otherAdmin.headers)).statusCode).toBe(404);
    const theirs = (await get('/api/v1/memberships?limit=200', otherAdmin.headers)).json().items;
    expect(theirs.map((m: { id: string }) => m.id)).toEqual([otherAdmin.membershipId]);
  });

  it('does not let an admin change their own membership, nor a member without the permission', async () => {
    expect(
      (await patch(`/api/v1/memberships/${priya.membershipId}`, priya.headers, { roles: ['consultant'] }))
        .statusCode,
    ).toBe(403);
    const consultant = await signIn(staffOf(tenant, ['consultant']));
    const attempt = await post('/api/v1/memberships', consultant.headers, {
      email: 'friend@brightpath.example',
      kind: 'staff',
      roles: ['tenant-admin'],
      scope: all,
    });
    expect(attempt.statusCode).toBe(403);
  });

  it('records every change in the control plane and in the tenant’s audit chain', async () => {
    const member = await invite({ kind: 'staff', roles: ['consultant'], scope: all });
    await patch(`/api/v1/memberships/${member.id}`, priya.headers, { roles: ['project-manager'] });
    await post(`/api/v1/memberships/${member.id}/revoke`, priya.headers);
    const control = await t.tessera.control.db
      .selectFrom('auth_events')
      .select(['event', 'user_id'])
      .where('subject', '=', member.id)
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    expect(control).toEqual([
      { event: 'membership.changed', user_id: priya.userId },
      { event: 'membership.revoked', user_id: priya.userId },
    ]);
    const chain = await t.tessera.withTenant(
      systemContext(tenant, 'test'),
      async (tx) =>
        (
          await sql<{ action: string; actor_id: string; changes: { after: { roles?: string[] } } }>`
            SELECT action, actor_id, changes FROM audit_events WHERE resource_id = ${member.id} ORDER BY seq`.execute(
            tx.db,
          )
        ).rows,
      { readOnly: true },
    );
    expect(chain.map((e) => [e.action, e.actor_id])).toEqual([
      ['membership.created', priya.userId],
      ['membership.changed', priya.userId],
      ['membership.revoked', priya.userId],
    ]);
    expect(chain[1]?.changes.after.roles).toEqual(['project-manager']);
  });

  it('lists memberships page by page', async () => {
    const first = (await get('/api/v1/memberships?limit=2', priya.headers)).json();
    expect(first.items).toHaveLength(2);
    const second = (
      await get(`/api/v1/memberships?limit=2&cursor=${first.nextCursor}`, priya.headers)
    ).json();
    expect(second.items[0].id > first.items[1].id).toBe(true);
  });
});

describe('granting', () => {
  it('never hands out more than the granting administrator holds', async () => {
    const role = await post('/api/v1/roles', priya.headers, {
      key: 'custom:people-admin',
      name: 'People administrator',
      permissions: ['read:memberships', 'write:memberships', 'write:roles', 'read:organization'],
      clearance: 'internal',
    });
    expect(role.statusCode, role.body).toBe(201);
    const peopleAdmin = await invite({ kind: 'staff', roles: ['custom:people-admin'], scope: all });
    const finance = await post('/api/v1/memberships', peopleAdmin.headers, {
      email: 'escalation@brightpath.example',
      kind: 'staff',
      roles: ['finance'],
      scope: all,
    });
    expect(finance.statusCode).toBe(403);
    expect(finance.json()).toMatchObject({ code: 'PRIVILEGE_ESCALATION' });
    const costRole = await post('/api/v1/roles', peopleAdmin.headers, {
      key: 'custom:cost-reader',
      name: 'Cost reader',
      permissions: ['read:cost'],
      clearance: 'restricted',
    });
    expect(costRole.statusCode).toBe(403);
    const withinReach = await post('/api/v1/memberships', peopleAdmin.headers, {
      email: 'allowed@brightpath.example',
      kind: 'staff',
      roles: ['custom:people-admin'],
      scope: all,
    });
    expect(withinReach.statusCode, withinReach.body).toBe(201);
  });
});
