import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { headerPrincipal, sendAs } from '../../../test/support/header-principal.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { buildTestApp } from '../../platform/http/http-test-fixture.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { createContract } from '../contracts/index.ts';
import { createChart, createFxRate, getJournalEntry } from '../ledger/index.ts';
import { seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { revenueRoutes } from './revenue.routes.ts';

let t: TestTessera;
let app: HttpApp;
let tenantId: string;
let inc: string;
let contractId: string;
let foreignContractId: string;

const FINANCE = ['read:revenue', 'run:revenue-recognition'];

/** Signed in by test headers (test/support/header-principal.ts). */
const authenticate = headerPrincipal({ tenantId: () => tenantId });

const send = sendAs(() => app);

const contract = (legalEntityId: string, clientId: string, practiceId: string) => ({
  name: 'Globex subscriptions',
  clientId,
  legalEntityId,
  practiceId,
  currency: 'JPY',
  billingModel: 'subscription' as const,
  startsOn: '2026-01-01',
  status: 'active' as const,
});

beforeAll(async () => {
  t = await openTestTessera();
  tenantId = await createTestTenant(t.tessera, { name: 'Brightpath' });
  const b = await seedBrightpath(t.tessera, tenantId);
  inc = b.inc;
  await t.tessera.withTenant(staff(tenantId), async (tx) => {
    await createChart(tx, { legalEntityId: b.inc });
    await createFxRate(tx, {
      base: 'JPY',
      quote: 'USD',
      date: '2026-01-01',
      rate: '0.0067000000',
      source: 'test',
    });
    contractId = (await createContract(tx, contract(b.inc, b.globex, b.pricing))).id;
  });
  const otherTenantId = await createTestTenant(t.tessera, { name: 'Kestrel' });
  const k = await seedBrightpath(t.tessera, otherTenantId, 'Kestrel ');
  await t.tessera.withTenant(staff(otherTenantId), async (tx) => {
    foreignContractId = (await createContract(tx, contract(k.inc, k.globex, k.pricing))).id;
  });
  app = await buildTestApp({ authenticate, modules: [revenueRoutes(t.tessera.withTenant)] });
}, 120_000);
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

const month = (name: string, ssp: number) => ({
  name,
  kind: 'ratable',
  standaloneSellingPriceMinor: ssp,
  serviceStart: '2026-01-01',
  serviceEnd: '2026-01-31',
});

describe('the revenue routes', () => {
  it('allocate a bundle of standalone prices ¥20/¥30/¥40 sold for ¥80 as ¥18/¥27/¥35', async () => {
    const url = `/api/v1/contracts/${contractId}/performance-obligations`;
    const body = {
      priceMinor: 80,
      obligations: [month('Basic', 20), month('Support', 30), month('Hosting', 40)],
    };
    expect((await send('POST', url, ['read:revenue'], body)).statusCode).toBe(403);
    const created = await send('POST', url, FINANCE, body);
    expect(created.statusCode).toBe(201);
    expect(
      created
        .json()
        .items.map((o: { name: string; allocatedPriceMinor: number }) => [o.name, o.allocatedPriceMinor]),
    ).toEqual([
      ['Basic', 18],
      ['Support', 27],
      ['Hosting', 35],
    ]);
    const listed = await send('GET', url, FINANCE);
    expect(listed.json().items).toHaveLength(3);
    expect((await send('GET', url, ['read:invoices'])).statusCode).toBe(403);
  });

  it('answer 404 for another tenant’s contract, 400 for an undeclared field and 422 naming each bad field', async () => {
    const foreign = `/api/v1/contracts/${foreignContractId}/performance-obligations`;
    expect((await send('GET', foreign, FINANCE)).statusCode).toBe(404);
    expect(
      (await send('POST', foreign, FINANCE, { priceMinor: 1, obligations: [month('x', 1)] })).statusCode,
    ).toBe(404);
    expect(
      (await send('GET', `/api/v1/revenue/schedules?contractId=${foreignContractId}`, FINANCE)).statusCode,
    ).toBe(404);
    const url = `/api/v1/contracts/${contractId}/performance-obligations`;
    const extra = await send('POST', url, FINANCE, { priceMinor: 1, obligations: [month('x', 1)], tenantId });
    expect(extra.statusCode).toBe(400);
    const bad = await send('POST', url, FINANCE, {
      obligations: [{ name: 'No days', kind: 'ratable', standaloneSellingPriceMinor: 5 }],
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json()
        .errors.map((e: { path: string }) => e.path)
        .sort(),
    ).toEqual(['/body/obligations/0/serviceEnd', '/body/obligations/0/serviceStart', '/body/priceMinor']);
  });

  it('run recognition under an Idempotency-Key, posting in the contract currency, and replay it', async () => {
    const url = '/api/v1/revenue/recognition-runs';
    const body = { legalEntityId: inc, asOf: '2026-01-31' };
    expect((await send('POST', url, FINANCE, body)).statusCode).toBe(400);
    expect((await send('POST', url, ['read:revenue'], body, { 'idempotency-key': 'r1' })).statusCode).toBe(
      403,
    );
    const first = await send('POST', url, FINANCE, body, { 'idempotency-key': 'r1' });
    expect(first.statusCode).toBe(201);
    const recognitions = first.json().recognitions as { amountMinor: number; journalEntryId: string }[];
    expect(recognitions.map((r) => r.amountMinor).sort()).toEqual([18, 27, 35]);
    const entry = await t.tessera.withTenant(staff(tenantId), (tx) =>
      getJournalEntry(tx, recognitions[0]?.journalEntryId as string),
    );
    expect(entry.lines.every((line) => line.amount.currency === 'JPY')).toBe(true);
    const again = await send('POST', url, FINANCE, body, { 'idempotency-key': 'r1' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ replayed: true });
    expect(again.json().recognitions).toHaveLength(3);
    const reused = await send(
      'POST',
      url,
      FINANCE,
      { ...body, asOf: '2026-02-28' },
      { 'idempotency-key': 'r1' },
    );
    expect(reused.statusCode).toBe(409);
  });

  it('show the schedules and, unbilled, the recognized revenue as the contract asset', async () => {
    const schedules = await send('GET', `/api/v1/revenue/schedules?contractId=${contractId}`, FINANCE);
    expect(schedules.statusCode).toBe(200);
    expect(
      schedules
        .json()
        .items.map((s: { lines: { amountMinor: number; status: string }[] }) => s.lines.map((l) => l.status)),
    ).toEqual([['recognized'], ['recognized'], ['recognized']]);
    const balances = await send(
      'GET',
      `/api/v1/revenue/balances?legalEntityId=${inc}&asOf=2026-01-31`,
      FINANCE,
    );
    expect(balances.statusCode).toBe(200);
    expect(balances.json().totals).toEqual([
      { currency: 'JPY', recognizedMinor: 80, billedMinor: 0, unbilledMinor: 80, deferredMinor: 0 },
    ]);
    const before = await send(
      'GET',
      `/api/v1/revenue/balances?legalEntityId=${inc}&asOf=2026-01-30`,
      FINANCE,
    );
    expect(before.json().totals).toEqual([
      { currency: 'JPY', recognizedMinor: 0, billedMinor: 0, unbilledMinor: 0, deferredMinor: 0 },
    ]);
    expect((await send('GET', `/api/v1/revenue/balances?legalEntityId=${inc}`, FINANCE)).statusCode).toBe(
      400,
    );
    expect(
      (await send('GET', `/api/v1/revenue/balances?legalEntityId=${uuidv7()}&asOf=2026-01-31`, FINANCE))
        .statusCode,
    ).toBe(404);
  });
});
