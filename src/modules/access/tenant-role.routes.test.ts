import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestApp, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';

let t: TestTessera;
let app: HttpApp;
let signIn: Awaited<ReturnType<typeof openTestApp>>['signIn'];
let tenant: string;
let admin: TestIdentity;
let otherAdmin: TestIdentity;

beforeAll(async () => {
  t = await openTestTessera();
  ({ app, signIn } = await openTestApp(t));
  tenant = await createTestTenant(t.tessera, { name: 'Brightpath' });
  const other = await createTestTenant(t.tessera, { name: 'Kestrel' });
  admin = await signIn(staffOf(tenant, ['tenant-admin']));
  otherAdmin = await signIn(staffOf(other, ['tenant-admin']));
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const createRole = (who: TestIdentity, body: object) =>
  app.inject({ method: 'POST', url: '/api/v1/roles', headers: who.headers, payload: body });
const all = { legal_entity: 'all', practice: 'all', region: 'all', client: 'all', portfolio: 'all' };

describe('tenant roles', () => {
  it('defines a custom role that a member then holds, effective at their next request', async () => {
    const created = await createRole(admin, {
      key: 'custom:entity-clerk',
      name: 'Entity clerk',
      permissions: ['read:legal-entities', 'write:legal-entities'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      key: 'custom:entity-clerk',
      builtIn: false,
      clearance: 'internal',
    });
    const roles = (await app.inject({ method: 'GET', url: '/api/v1/roles', headers: admin.headers })).json()
      .items;
    expect(roles.map((r: { key: string }) => r.key)).toEqual(
      expect.arrayContaining(['tenant-admin', 'consultant', 'custom:entity-clerk']),
    );
    expect(roles.map((r: { key: string }) => r.key)).not.toContain('partner-admin');

    const member = await signIn(staffOf(tenant, ['consultant']));
    const write = () =>
      app.inject({
        method: 'POST',
        url: '/api/v1/legal-entities',
        headers: member.headers,
        payload: { name: 'Brightpath Ltd', country: 'GB', functionalCurrency: 'GBP' },
      });
    expect((await write()).statusCode).toBe(403);
    const assigned = await app.inject({
      method: 'PATCH',
      url: `/api/v1/memberships/${member.membershipId}`,
      headers: admin.headers,
      payload: { roles: ['custom:entity-clerk'] },
    });
    expect(assigned.statusCode).toBe(200);
    expect((await write()).statusCode).toBe(201);
  });

  it('refuses a permission outside the catalogue or outside the tenant realm with 422, naming them', async () => {
    const response = await createRole(admin, {
      key: 'custom:overreach',
      name: 'Overreach',
      permissions: ['read:legal-entities', 'delete:everything', 'write:tenants', 'read:cells'],
    });
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.detail).toBe(
      'Not tenant permissions of the catalogue: delete:everything, write:tenants, read:cells',
    );
    expect(problem.errors.map((e: { path: string }) => e.path)).toEqual([
      '/body/permissions/1',
      '/body/permissions/2',
      '/body/permissions/3',
    ]);
    const listed = (await app.inject({ method: 'GET', url: '/api/v1/roles', headers: admin.headers })).json()
      .items;
    expect(listed.map((r: { key: string }) => r.key)).not.toContain('custom:overreach');
  });

  it('refuses a key without the custom: prefix and a duplicate key', async () => {
    expect(
      (await createRole(admin, { key: 'finance', name: 'Finance 2', permissions: ['read:audit'] }))
        .statusCode,
    ).toBe(400);
    const body = { key: 'custom:auditor-lite', name: 'Auditor lite', permissions: ['read:audit'] };
    expect((await createRole(admin, body)).statusCode).toBe(201);
    expect((await createRole(admin, body)).statusCode).toBe(409);
    expect((await createRole(otherAdmin, body)).statusCode).toBe(201);
  });

  it('keeps a tenant’s custom roles to itself: another tenant cannot assign them', async () => {
    await createRole(admin, {
      key: 'custom:brightpath-only',
      name: 'Only here',
      permissions: ['read:audit'],
    });
    const theirs = (
      await app.inject({ method: 'GET', url: '/api/v1/roles', headers: otherAdmin.headers })
    ).json();
    expect(theirs.items.map((r: { key: string }) => r.key)).not.toContain('custom:brightpath-only');
    const invite = await app.inject({
      method: 'POST',
      url: '/api/v1/memberships',
      headers: otherAdmin.headers,
      payload: { email: 'x@kestrel.example', kind: 'staff', roles: ['custom:brightpath-only'], scope: all },
    });
    expect(invite.statusCode).toBe(422);
  });

  it('lets only holders of write:roles define roles', async () => {
    const consultant = await signIn(staffOf(tenant, ['consultant']));
    expect(
      (await createRole(consultant, { key: 'custom:mine', name: 'Mine', permissions: ['read:audit'] }))
        .statusCode,
    ).toBe(403);
  });
});
