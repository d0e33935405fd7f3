import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { Permission, Principal } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/index.ts';
import { buildHttpApp, type HttpApp } from '../../platform/http/index.ts';
import { type Classification, FULL_SCOPE, type SegmentScope } from '../../platform/tenancy/tenant-context.ts';
import { type BrightpathSegments, seedBrightpath } from '../organization/segments-test-fixture.ts';
import { contractsRoutes } from './contracts.routes.ts';

// The composition root does not register this module yet: the suite serves it alone, with
// principals looked up by a test bearer key.
let t: TestTessera;
let app: HttpApp;
let brightpath: string;
let kestrel: string;
let b: BrightpathSegments;
const principals = new Map<string, Principal>();

function caller(
  tenantId: string,
  permissions: readonly Permission[],
  options: { scope?: Partial<SegmentScope>; clearance?: Classification } = {},
): { authorization: string } {
  const key = `key-${principals.size + 1}`;
  principals.set(key, {
    kind: 'tenant',
    tenantId,
    userId: `user-${key}`,
    membershipId: '01900000-0000-7000-8000-00000000000a',
    permissions: new Set(permissions),
    via: 'session',
    scope: { ...FULL_SCOPE, ...options.scope },
    clearance: options.clearance ?? 'internal',
    grantId: null,
  });
  return { authorization: `Bearer ${key}` };
}

const rw = ['read:organization', 'write:organization'] as const;
let admin: { authorization: string };
let confidentialAdmin: { authorization: string };
let otherTenant: { authorization: string };

const get = (url: string, headers: { authorization: string }) => app.inject({ method: 'GET', url, headers });
const send = (method: 'POST' | 'PATCH', url: string, headers: { authorization: string }, payload: object) =>
  app.inject({ method, url, headers, payload });
const contractBody = () => ({
  clientId: b.globex,
  legalEntityId: b.inc,
  practiceId: b.strategy,
  name: 'Globex transformation',
  currency: 'USD',
  billingModel: 'time_and_materials',
  startsOn: '2026-01-01',
  endsOn: '2026-12-31',
  cap: { amountMinor: 50_000_00, currency: 'USD' },
  budgetMinutes: 60_000,
  clientApprovalRequired: true,
});

beforeAll(async () => {
  t = await openTestTessera();
  brightpath = await createTestTenant(t.tessera, { name: 'Brightpath' });
  kestrel = await createTestTenant(t.tessera, { name: 'Kestrel' });
  b = await seedBrightpath(t.tessera, brightpath);
  await seedBrightpath(t.tessera, kestrel, 'Kestrel ');
  admin = caller(brightpath, rw);
  confidentialAdmin = caller(brightpath, rw, { clearance: 'confidential' });
  otherTenant = caller(kestrel, rw, { clearance: 'restricted' });
  app = await buildHttpApp({
    logger: false,
    readiness: async () => ({ ready: true, checks: {} }),
    authenticate: async (request) => {
      const header = request.headers.authorization;
      if (header === undefined) return null;
      const principal = principals.get(header.replace(/^Bearer /, ''));
      if (!principal) throw new AppError('UNAUTHENTICATED');
      return principal;
    },
    modules: [contractsRoutes(t.tessera.withTenant)],
  });
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('contacts', () => {
  it('are created under a client, carry its segments, and mask email and phone below confidential', async () => {
    const created = await send('POST', '/api/v1/contacts', confidentialAdmin, {
      clientId: b.globex,
      name: 'Dana Whit',
      email: 'dana@globex.example',
      phone: '+1 555 0100',
      title: 'CFO',
      isApprover: true,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      clientId: b.globex,
      legalEntityId: b.inc,
      regionId: b.us,
      isApprover: true,
    });
    const { id } = created.json();
    const masked = await get(`/api/v1/contacts/${id}`, admin);
    expect(masked.json()).toMatchObject({ id, name: 'Dana Whit', title: 'CFO' });
    expect(masked.body).not.toContain('dana@globex.example');
    expect(masked.body).not.toContain('0100');
    expect((await get(`/api/v1/contacts/${id}`, confidentialAdmin)).json().email).toBe('dana@globex.example');
    expect((await send('PATCH', `/api/v1/contacts/${id}`, admin, { email: 'x@y.example' })).statusCode).toBe(
      403,
    );
    expect((await send('PATCH', `/api/v1/contacts/${id}`, admin, { title: 'CEO' })).json().title).toBe('CEO');
    const usOnly = caller(brightpath, rw, { scope: { region: [b.ukEu] } });
    expect((await get(`/api/v1/contacts/${id}`, usOnly)).statusCode).toBe(404);
  });
});

describe('contracts', () => {
  it('are created, read, changed and listed with money as { amountMinor, currency }', async () => {
    const created = await send('POST', '/api/v1/contracts', admin, contractBody());
    expect(created.statusCode).toBe(201);
    const { id } = created.json();
    expect(created.json()).toMatchObject({ ...contractBody(), regionId: b.us, status: 'draft' });
    const changed = await send('PATCH', `/api/v1/contracts/${id}`, admin, {
      status: 'active',
      cap: { amountMinor: 60_000_00, currency: 'USD' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      status: 'active',
      cap: { amountMinor: 60_000_00, currency: 'USD' },
    });
    const listed = (await get('/api/v1/contracts', admin)).json().items.map((c: { id: string }) => c.id);
    expect(listed).toContain(id);
  });

  it('refuse a cap in another currency, and an end before the start, with 422', async () => {
    const cap = await send('POST', '/api/v1/contracts', admin, {
      ...contractBody(),
      cap: { amountMinor: 100, currency: 'EUR' },
    });
    expect(cap.statusCode).toBe(422);
    expect(cap.json().errors).toEqual([{ path: '/body/cap/currency', message: 'must be USD' }]);
    const dates = await send('POST', '/api/v1/contracts', admin, { ...contractBody(), endsOn: '2026-01-01' });
    expect(dates.statusCode).toBe(422);
    expect(dates.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/endsOn']);
  });

  it('reject unknown and invalid fields with 400, naming each', async () => {
    const response = await send('POST', '/api/v1/contracts', admin, {
      ...contractBody(),
      name: '',
      currency: 'usd',
      billingModel: 'hourly',
      startsOn: '2026-13-01',
      cap: { amountMinor: -1, currency: 'USD' },
      tenantId: brightpath,
    });
    expect(response.statusCode).toBe(400);
    const paths = new Set(response.json().errors.map((e: { path: string }) => e.path));
    for (const path of [
      '/body/name',
      '/body/currency',
      '/body/billingModel',
      '/body/startsOn',
      '/body/cap',
      '/body/tenantId',
    ])
      expect(paths, path).toContain(path);
  });
});

describe('rate cards', () => {
  it('take rates in their currency, refusing overlaps (422) and listing what they hold', async () => {
    const contract = (
      await send('POST', '/api/v1/contracts', admin, { ...contractBody(), name: 'With card' })
    ).json();
    const card = await send('POST', '/api/v1/rate-cards', admin, { name: 'Card', contractId: contract.id });
    expect(card.statusCode).toBe(201);
    expect(card.json()).toMatchObject({ contractId: contract.id, currency: 'USD' });
    const rates = `/api/v1/rate-cards/${card.json().id}/rates`;
    const rate = (body: object) => send('POST', rates, admin, body);
    const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
    expect(
      (
        await rate({
          role: 'consultant',
          hourlyRate: usd(15000),
          validFrom: '2026-01-01',
          validUntil: '2026-06-30',
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (await rate({ role: 'consultant', hourlyRate: usd(16000), validFrom: '2026-07-01' })).statusCode,
    ).toBe(201);
    for (const overlap of [
      { validFrom: '2026-06-30', validUntil: '2026-06-30' },
      { validFrom: '2025-01-01' },
      { validFrom: '2027-01-01' },
      { validFrom: '2026-01-01', validUntil: '2026-01-31' },
    ]) {
      const refused = await rate({ role: 'consultant', hourlyRate: usd(1), ...overlap });
      expect(refused.statusCode, JSON.stringify(overlap)).toBe(422);
      expect(refused.json().errors).toEqual([{ path: '/body/validFrom', message: expect.any(String) }]);
    }
    expect(
      (await rate({ role: 'partner', hourlyRate: usd(30000), validFrom: '2026-03-01' })).statusCode,
    ).toBe(201);
    const gbp = await rate({
      role: 'analyst',
      hourlyRate: { amountMinor: 1, currency: 'GBP' },
      validFrom: '2026-01-01',
    });
    expect(gbp.statusCode).toBe(422);
    expect(gbp.json().errors).toEqual([{ path: '/body/hourlyRate/currency', message: 'must be USD' }]);
    const both = await rate({ role: 'x', personId: b.inc, hourlyRate: usd(1), validFrom: '2026-01-01' });
    expect(both.statusCode).toBe(400);
    const listed = (await get(rates, admin)).json().items;
    expect(listed.map((r: { role: string; validFrom: string }) => `${r.role}@${r.validFrom}`)).toEqual([
      'consultant@2026-01-01',
      'consultant@2026-07-01',
      'partner@2026-03-01',
    ]);
    expect(listed[0].hourlyRate).toEqual(usd(15000));
    const twin = await send('POST', '/api/v1/rate-cards', admin, { name: 'Twin', contractId: contract.id });
    expect(twin.statusCode).toBe(409);
  });

  it('allow one default card per currency, needing a currency', async () => {
    expect(
      (await send('POST', '/api/v1/rate-cards', admin, { name: 'Default EUR', currency: 'EUR' })).statusCode,
    ).toBe(201);
    expect(
      (await send('POST', '/api/v1/rate-cards', admin, { name: 'Again', currency: 'EUR' })).statusCode,
    ).toBe(409);
    const none = await send('POST', '/api/v1/rate-cards', admin, { name: 'No currency' });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors).toEqual([{ path: '/body/currency', message: expect.any(String) }]);
  });
});

describe('another tenant', () => {
  it("gets 404 for this tenant's contacts, contracts and rate cards, reads and writes alike", async () => {
    const contract = (
      await send('POST', '/api/v1/contracts', admin, { ...contractBody(), name: 'Secret' })
    ).json();
    const contact = (
      await send('POST', '/api/v1/contacts', admin, { clientId: b.initech, name: 'Secret person' })
    ).json();
    const card = (
      await send('POST', '/api/v1/rate-cards', admin, { name: 'Secret card', contractId: contract.id })
    ).json();
    const cases = [
      [`/api/v1/contracts/${contract.id}`, { name: 'Mine' }],
      [`/api/v1/contacts/${contact.id}`, { name: 'Mine' }],
      [`/api/v1/rate-cards/${card.id}`, { name: 'Mine' }],
    ] as const;
    for (const [url, patch] of cases) {
      expect((await get(url, otherTenant)).statusCode, url).toBe(404);
      expect((await send('PATCH', url, otherTenant, patch)).statusCode, url).toBe(404);
    }
    expect((await get(`/api/v1/rate-cards/${card.id}/rates`, otherTenant)).statusCode).toBe(404);
    const rate = await send('POST', `/api/v1/rate-cards/${card.id}/rates`, otherTenant, {
      role: 'x',
      hourlyRate: { amountMinor: 1, currency: 'USD' },
      validFrom: '2026-01-01',
    });
    expect(rate.statusCode).toBe(404);
    // Creating under another tenant's client or contract: the reference does not exist.
    expect(
      (await send('POST', '/api/v1/contacts', otherTenant, { clientId: b.globex, name: 'X' })).statusCode,
    ).toBe(422);
    expect(
      (await send('POST', '/api/v1/rate-cards', otherTenant, { name: 'X', contractId: contract.id }))
        .statusCode,
    ).toBe(422);
    for (const list of ['/api/v1/contracts', '/api/v1/contacts', '/api/v1/rate-cards']) {
      const body = (await get(list, otherTenant)).body;
      expect(body).not.toContain('Secret');
    }
  });
});
