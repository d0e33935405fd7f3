import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestApp, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { type BrightpathSegments, seedBrightpath } from '../organization/segments-test-fixture.ts';

let t: TestTessera;
let app: HttpApp;
let b: BrightpathSegments;
let admin: TestIdentity;
let globexApprover: TestIdentity;
let initechApprover: TestIdentity;
let kestrelApprover: TestIdentity;
let consultant: TestIdentity;

const send = (url: string, payload: object) =>
  app.inject({ method: 'PATCH', url, headers: admin.headers, payload });
const contact = async (clientId: string, name: string) =>
  (
    await app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: admin.headers,
      payload: { clientId, name },
    })
  ).json().id as string;

beforeAll(async () => {
  t = await openTestTessera();
  const brightpath = await createTestTenant(t.tessera, { name: 'Brightpath' });
  const kestrel = await createTestTenant(t.tessera, { name: 'Kestrel' });
  b = await seedBrightpath(t.tessera, brightpath);
  const k = await seedBrightpath(t.tessera, kestrel, 'Kestrel ');
  const opened = await openTestApp(t);
  app = opened.app;
  admin = await opened.signIn(staffOf(brightpath, ['tenant-admin']));
  const approver = (tenantId: string, client: string) =>
    opened.signIn({
      kind: 'client',
      tenantId,
      roles: ['client-approver'],
      scope: { legal_entity: 'all', practice: 'all', region: 'all', client: [client], portfolio: 'all' },
    });
  globexApprover = await approver(brightpath, b.globex);
  initechApprover = await approver(brightpath, b.initech);
  kestrelApprover = await approver(kestrel, k.globex);
  consultant = await opened.signIn(staffOf(brightpath, ['consultant']));
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe("a contact's membership", () => {
  it("links the contact to its client's approver, once", async () => {
    const dana = await contact(b.globex, 'Dana');
    const linked = await send(`/api/v1/contacts/${dana}`, { membershipId: globexApprover.membershipId });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().membershipId).toBe(globexApprover.membershipId);
    const again = await send(`/api/v1/contacts/${dana}`, { membershipId: globexApprover.membershipId });
    expect(again.statusCode).toBe(200);
    const twin = await contact(b.globex, 'Twin');
    const duplicate = await send(`/api/v1/contacts/${twin}`, { membershipId: globexApprover.membershipId });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'DUPLICATE', errors: [{ path: '/body/membershipId' }] });
    expect(duplicate.json().detail).toContain(dana);
    expect((await send(`/api/v1/contacts/${dana}`, { membershipId: null })).json().membershipId).toBeNull();
    expect(
      (await send(`/api/v1/contacts/${twin}`, { membershipId: globexApprover.membershipId })).statusCode,
    ).toBe(200);
  });

  it("must be an active client membership of this tenant scoped to the contact's client (422 alike)", async () => {
    const dana = await contact(b.globex, 'Dana 2');
    for (const membershipId of [
      initechApprover.membershipId,
      kestrelApprover.membershipId,
      consultant.membershipId,
      admin.membershipId,
      '01900000-0000-7000-8000-0000000000ff',
    ]) {
      const refused = await send(`/api/v1/contacts/${dana}`, { membershipId });
      expect(refused.statusCode, membershipId).toBe(422);
      expect(refused.json()).toMatchObject({
        code: 'REFERENCE_NOT_FOUND',
        errors: [{ path: '/body/membershipId' }],
      });
    }
  });
});
