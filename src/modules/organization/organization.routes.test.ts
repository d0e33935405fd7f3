import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestApp, staffOf } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';

let t: TestTessera;
let app: HttpApp;
let adminOfA: string;
let adminOfB: string;
let readerOfA: string;
let tenantA: string;

const as = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await openTestTessera();
  const testApp = await openTestApp(t);
  app = testApp.app;
  tenantA = await createTestTenant(t.tessera, { name: 'Osprey' });
  const tenantB = await createTestTenant(t.tessera, { name: 'Kestrel' });
  adminOfA = (await testApp.signIn(staffOf(tenantA, ['tenant-admin']))).token;
  adminOfB = (await testApp.signIn(staffOf(tenantB, ['tenant-admin']))).token;
  readerOfA = (await testApp.signIn(staffOf(tenantA, ['consultant']))).token;
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const create = (token: string, body: unknown) =>
  app.inject({ method: 'POST', url: '/api/v1/legal-entities', headers: as(token), payload: body as object });

describe('legal entities over HTTP', () => {
  it('creates, reads, changes and lists a legal entity of the caller’s tenant', async () => {
    const created = await create(adminOfA, { name: 'Osprey GmbH', country: 'DE', functionalCurrency: 'EUR' });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/legal-entities/${id}`,
      headers: as(readerOfA),
    });
    expect(read.json()).toMatchObject({
      id,
      name: 'Osprey GmbH',
      country: 'DE',
      functionalCurrency: 'EUR',
      taxId: null,
    });
    const changed = await app.inject({
      method: 'PATCH',
      url: `/api/v1/legal-entities/${id}`,
      headers: as(adminOfA),
      payload: { taxId: 'DE123456789' },
    });
    expect(changed.json().taxId).toBe('DE123456789');
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/legal-entities?limit=10',
      headers: as(readerOfA),
    });
    expect(list.json()).toMatchObject({ items: [{ id, taxId: 'DE123456789' }], nextCursor: null });
  });

  it("answers 404 for another tenant's legal entity, for reads and writes alike", async () => {
    const id = (
      await create(adminOfA, { name: 'Osprey Holding', country: 'DE', functionalCurrency: 'EUR' })
    ).json().id;
    const read = await app.inject({
      method: 'GET',
      url: `/api/v1/legal-entities/${id}`,
      headers: as(adminOfB),
    });
    const write = await app.inject({
      method: 'PATCH',
      url: `/api/v1/legal-entities/${id}`,
      headers: as(adminOfB),
      payload: { name: 'Mine now' },
    });
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/legal-entities/01900000-0000-7000-8000-0000000000ff',
      headers: as(adminOfB),
    });
    for (const response of [read, write, missing]) {
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect(read.json()).toEqual({
      ...missing.json(),
      instance: read.json().instance,
      requestId: read.json().requestId,
    });
    const list = await app.inject({ method: 'GET', url: '/api/v1/legal-entities', headers: as(adminOfB) });
    expect(list.json().items.map((e: { id: string }) => e.id)).not.toContain(id);
  });

  it('lists every invalid field and changes nothing', async () => {
    const before = (
      await app.inject({ method: 'GET', url: '/api/v1/legal-entities', headers: as(adminOfA) })
    ).json().items.length;
    const response = await create(adminOfA, {
      name: '',
      country: 'Germany',
      functionalCurrency: 'eur',
      tenantId: tenantA,
    });
    expect(response.statusCode).toBe(400);
    expect(
      response
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/body/country', '/body/functionalCurrency', '/body/name', '/body/tenantId']);
    const after = (
      await app.inject({ method: 'GET', url: '/api/v1/legal-entities', headers: as(adminOfA) })
    ).json().items.length;
    expect(after).toBe(before);
  });

  it('refuses a write without the write permission', async () => {
    expect(
      (await create(readerOfA, { name: 'Nope', country: 'DE', functionalCurrency: 'EUR' })).statusCode,
    ).toBe(403);
  });

  it('answers a duplicate name with 409 naming no other record', async () => {
    await create(adminOfA, { name: 'Twin GmbH', country: 'DE', functionalCurrency: 'EUR' });
    const again = await create(adminOfA, { name: 'Twin GmbH', country: 'DE', functionalCurrency: 'EUR' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'DUPLICATE' });
    expect(JSON.stringify(again.json())).not.toContain('Twin');
  });

  it('shows the audit trail of the changes and verifies it', async () => {
    const events = await app.inject({
      method: 'GET',
      url: '/api/v1/audit/events?resourceKind=legal_entity',
      headers: as(adminOfA),
    });
    expect(events.statusCode).toBe(200);
    expect(events.json().items.map((e: { action: string }) => e.action)).toContain('legal_entity.updated');
    const verify = await app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: as(adminOfA) });
    expect(verify.json()).toMatchObject({ tenantId: tenantA, verified: true, firstBreak: null });
  });
});
