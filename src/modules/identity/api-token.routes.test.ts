import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { bearer, openTestApp, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { hashSecret, parseApiToken } from './api-token-secret.ts';

let t: TestTessera;
let app: HttpApp;
let signIn: Awaited<ReturnType<typeof openTestApp>>['signIn'];
let tenant: string;
let other: string;
let clock = new Date();

beforeAll(async () => {
  t = await openTestTessera();
  ({ app, signIn } = await openTestApp(t, { now: () => clock }));
  tenant = await createTestTenant(t.tessera, { name: 'Osprey' });
  other = await createTestTenant(t.tessera, { name: 'Kestrel' });
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const createToken = (who: TestIdentity, body: Record<string, unknown>) =>
  app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers: who.headers, payload: body });
const listTokens = (who: TestIdentity, query = '') =>
  app.inject({ method: 'GET', url: `/api/v1/api-tokens${query}`, headers: who.headers });
const revoke = (who: TestIdentity, id: string) =>
  app.inject({ method: 'POST', url: `/api/v1/api-tokens/${id}/revoke`, headers: who.headers });
const legalEntities = (headers: Record<string, string>) =>
  app.inject({ method: 'GET', url: '/api/v1/legal-entities', headers });
const tokenRows = (membershipId: string) =>
  t.tessera.control.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('membership_id', '=', membershipId)
    .execute();

async function newToken(who: TestIdentity, body: Record<string, unknown> = {}) {
  const response = await createToken(who, { name: 'Integration', scopes: ['read:legal-entities'], ...body });
  expect(response.statusCode).toBe(201);
  return response.json() as { id: string; token: string; [key: string]: unknown };
}

describe('creating an API token', () => {
  it('shows the secret once, stores only its hash and never lists it', async () => {
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    const created = await newToken(admin, { rateLimitTier: 'high' });
    expect(created).toMatchObject({
      name: 'Integration',
      membershipId: admin.membershipId,
      scopes: ['read:legal-entities'],
      segmentRestriction: {},
      rateLimitTier: 'high',
      status: 'active',
      expiresAt: null,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(created.token).toMatch(new RegExp(`^tsr_${created.id}_[A-Za-z0-9_-]{43}$`));
    const [row] = await tokenRows(admin.membershipId);
    const secret = parseApiToken(created.token)?.secret as string;
    expect(row?.secret_hash).toBe(hashSecret(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    const listed = await listTokens(admin);
    expect(listed.statusCode).toBe(200);
    const { token: _secret, ...shown } = created;
    expect(listed.json().items).toEqual([shown]);
    expect(listed.body).not.toContain(secret);
  });

  it('refuses scopes beyond what the creator holds, naming them, and creates nothing', async () => {
    const consultant = await signIn(staffOf(tenant, ['consultant']));
    const response = await createToken(consultant, {
      name: 'Too much',
      scopes: ['read:legal-entities', 'write:legal-entities', 'use:session', 'read:tenants'],
    });
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual([
      '/body/scopes/1',
      '/body/scopes/2',
      '/body/scopes/3',
    ]);
    expect(problem.detail).toContain('write:legal-entities');
    expect(await tokenRows(consultant.membershipId)).toEqual([]);
  });

  it('refuses an expiry in the past and undeclared fields', async () => {
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    const past = await createToken(admin, {
      name: 'Old',
      scopes: ['read:legal-entities'],
      expiresAt: new Date(clock.getTime() - 1000).toISOString(),
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors).toEqual([{ path: '/body/expiresAt', message: 'must be in the future' }]);
    const extra = await createToken(admin, {
      name: 'Mine',
      scopes: ['read:legal-entities'],
      membershipId: admin.membershipId,
    });
    expect(extra.statusCode).toBe(400);
    expect(await tokenRows(admin.membershipId)).toEqual([]);
  });

  it('takes a signed-in session: a token cannot create, list or revoke tokens', async () => {
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    const { id, token } = await newToken(admin);
    const asToken = { ...admin, headers: bearer(token) };
    expect((await createToken(asToken, { name: 'Child', scopes: ['read:legal-entities'] })).statusCode).toBe(
      403,
    );
    expect((await listTokens(asToken)).statusCode).toBe(403);
    expect((await revoke(asToken, id)).statusCode).toBe(403);
  });
});

describe('authenticating with an API token', () => {
  it('works where its scopes allow, and is 403 where they do not even though its creator could', async () => {
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    const { token } = await newToken(admin);
    expect((await legalEntities(bearer(token))).statusCode).toBe(200);
    const entity = { name: `Osprey ${Date.now()}`, country: 'DE', functionalCurrency: 'EUR' };
    const post = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/api/v1/legal-entities', headers, payload: entity });
    expect((await post(bearer(token))).statusCode).toBe(403);
    expect((await post(admin.headers)).statusCode).toBe(201);
  });

  it('records when it was last used', async () => {
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    const { id, token } = await newToken(admin);
    expect((await legalEntities(bearer(token))).statusCode).toBe(200);
    const listed = (await listTokens(admin)).json().items.find((item: { id: string }) => item.id === id);
    expect(listed.lastUsedAt).toBe(clock.toISOString());
  });

  it('stops working at the next request once revoked', async () => {
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    const { id, token } = await newToken(admin);
    expect((await legalEntities(bearer(token))).statusCode).toBe(200);
    const revoked = await revoke(admin, id);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ id, status: 'revoked' });
    const refused = await legalEntities(bearer(token));
    expect(refused.statusCode).toBe(401);
    expect(refused.json().code).toBe('UNAUTHENTICATED');
  });

  it('is 401 once expired', async () => {
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    const expiresAt = new Date(clock.getTime() + 60 * 60_000);
    const { token } = await newToken(admin, { expiresAt: expiresAt.toISOString() });
    expect((await legalEntities(bearer(token))).statusCode).toBe(200);
    clock = new Date(expiresAt.getTime() + 1);
    try {
      const refused = await legalEntities(bearer(token));
      expect(refused.statusCode).toBe(401);
      expect(refused.json().detail).toMatch(/expired/);
    } finally {
      clock = new Date();
    }
  });

  it('is 401 with a wrong secret, a malformed token, or once its membership is suspended', async () => {
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    const { id, token } = await newToken(admin);
    const forged = `tsr_${id}_${'A'.repeat(43)}`;
    expect((await legalEntities(bearer(forged))).statusCode).toBe(401);
    expect((await legalEntities(bearer('tsr_not-a-token'))).statusCode).toBe(401);
    await t.tessera.control.db
      .updateTable('memberships')
      .set({ status: 'suspended' })
      .where('id', '=', admin.membershipId)
      .execute();
    expect((await legalEntities(bearer(token))).statusCode).toBe(401);
  });

  it('loses a permission its membership loses', async () => {
    const consultant = await signIn(staffOf(tenant, ['consultant']));
    const { token } = await newToken(consultant);
    expect((await legalEntities(bearer(token))).statusCode).toBe(200);
    await t.tessera.control.db
      .deleteFrom('membership_roles')
      .where('membership_id', '=', consultant.membershipId)
      .execute();
    expect((await legalEntities(bearer(token))).statusCode).toBe(403);
  });

  it('sees only the segments of its restriction (RLS through the scope settings)', async () => {
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    const create = async (name: string) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/legal-entities',
        headers: admin.headers,
        payload: { name, country: 'FR', functionalCurrency: 'EUR' },
      });
      expect(response.statusCode).toBe(201);
      return response.json().id as string;
    };
    const paris = await create(`Osprey Paris ${Date.now()}`);
    const lyon = await create(`Osprey Lyon ${Date.now()}`);
    const { token } = await newToken(admin, { segmentRestriction: { legal_entity: [paris] } });
    const seen = (await legalEntities(bearer(token))).json().items.map((e: { id: string }) => e.id);
    expect(seen).toEqual([paris]);
    const all = (await legalEntities(admin.headers)).json().items.map((e: { id: string }) => e.id);
    expect(all).toEqual(expect.arrayContaining([paris, lyon]));
    const hidden = await app.inject({
      method: 'GET',
      url: `/api/v1/legal-entities/${lyon}`,
      headers: bearer(token),
    });
    expect(hidden.statusCode).toBe(404);
  });
});

describe('listing and revoking', () => {
  it('lists your own tokens; read:api-tokens lists the tenant’s, never another tenant’s', async () => {
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    const consultant = await signIn(staffOf(tenant, ['consultant']));
    const auditor = await signIn(staffOf(tenant, ['auditor']));
    const foreignAdmin = await signIn(staffOf(other, ['tenant-admin']));
    const mine = await newToken(consultant);
    const admins = await newToken(admin);
    const ids = async (who: TestIdentity) =>
      (await listTokens(who, '?limit=200')).json().items.map((item: { id: string }) => item.id);
    expect(await ids(consultant)).toEqual([mine.id]);
    expect(await ids(auditor)).toEqual(expect.arrayContaining([mine.id, admins.id]));
    expect(await ids(foreignAdmin)).not.toContain(mine.id);
  });

  it('pages with a cursor, and refuses a page larger than 200', async () => {
    const admin = await signIn(staffOf(other, ['tenant-admin']));
    for (let i = 0; i < 3; i += 1) await newToken(admin, { name: `Page ${i}` });
    const consultant = await signIn(staffOf(other, ['consultant']));
    for (let i = 0; i < 3; i += 1) await newToken(consultant, { name: `Mine ${i}` });
    const first = (await listTokens(consultant, '?limit=2')).json();
    expect(first.items).toHaveLength(2);
    const second = (await listTokens(consultant, `?limit=2&cursor=${first.nextCursor}`)).json();
    expect(second).toMatchObject({ items: [{ name: 'Mine 2' }], nextCursor: null });
    expect((await listTokens(consultant, '?limit=201')).statusCode).toBe(400);
    const tooMany = await app.inject({
      method: 'GET',
      url: '/api/v1/legal-entities?limit=201',
      headers: admin.headers,
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0].path).toBe('/query/limit');
  });

  it("answers 404 for another tenant's token, and leaves it working", async () => {
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    const foreignAdmin = await signIn(staffOf(other, ['tenant-admin']));
    const { id, token } = await newToken(admin);
    const response = await revoke(foreignAdmin, id);
    expect(response.statusCode).toBe(404);
    expect((await legalEntities(bearer(token))).statusCode).toBe(200);
  });

  it("lets a member revoke only their own tokens, an admin anyone's, and an auditor none but theirs", async () => {
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    const consultant = await signIn(staffOf(tenant, ['consultant']));
    const auditor = await signIn(staffOf(tenant, ['auditor']));
    const admins = await newToken(admin);
    const consultants = await newToken(consultant);
    expect((await revoke(consultant, admins.id)).statusCode).toBe(404);
    expect((await revoke(auditor, admins.id)).statusCode).toBe(403);
    expect((await legalEntities(bearer(admins.token))).statusCode).toBe(200);
    expect((await revoke(admin, consultants.id)).statusCode).toBe(200);
    expect((await revoke(admin, consultants.id)).json().status).toBe('revoked');
    expect((await legalEntities(bearer(consultants.token))).statusCode).toBe(401);
    const events = await t.tessera.control.db
      .selectFrom('auth_events')
      .select(['event', 'membership_id'])
      .where('subject', '=', consultants.id)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { event: 'api-token.created', membership_id: consultant.membershipId },
      { event: 'api-token.revoked', membership_id: admin.membershipId },
    ]);
  });
});
