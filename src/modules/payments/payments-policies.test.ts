import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { SegmentScope } from '../../platform/tenancy/tenant-context.ts';
import { member } from '../timesheets/time-test-fixture.ts';
import { recordPayment, voidPayment } from './payment.service.ts';
import { allocatePayment } from './payment-allocation.service.ts';
import { getPayment, listPayments } from './payment-query.ts';
import { type PaymentWorld, seedPaymentWorld } from './payments-test-fixture.ts';

let t: TestTessera;
let w: PaymentWorld;
let globexPayment: string;
let initechPayment: string;

const as = (scope: Partial<SegmentScope>) => member(w, uuidv7(), scope);

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedPaymentWorld(t);
  const globex = await w.issuedInvoice('globex', '2026-03-02', 60);
  const initech = await w.issuedInvoice('initech', '2026-03-03', 60);
  globexPayment = (
    await w.inTenant((tx) =>
      recordPayment(tx, 'policies-1', {
        legalEntityId: w.b.inc,
        clientId: w.b.globex,
        amount: { amountMinor: 5000, currency: 'USD' },
        receivedOn: '2026-03-20',
        allocations: [{ invoiceId: globex.id, amountMinor: 5000 }],
      }),
    )
  ).payment.id;
  initechPayment = (
    await w.inTenant((tx) =>
      recordPayment(tx, 'policies-2', {
        legalEntityId: w.b.ltd,
        clientId: w.b.initech,
        amount: { amountMinor: 7000, currency: 'USD' },
        receivedOn: '2026-03-20',
        allocations: [{ invoiceId: initech.id, amountMinor: 7000 }],
      }),
    )
  ).payment.id;
}, 120_000);
afterAll(() => t.cleanup());

// No tenant or segment filter on purpose: only the policies decide what comes back.
async function visible(
  table: 'payments' | 'payment_allocations',
  scope: Partial<SegmentScope>,
  tenantId?: string,
) {
  const ctx = { ...as(scope), ...(tenantId ? { tenantId } : {}) };
  return t.tessera.withTenant(
    ctx,
    async (tx) =>
      (
        await sql<{ id: string }>`SELECT ${sql.ref(table === 'payments' ? 'id' : 'payment_id')} AS id
          FROM ${sql.table(table)} ORDER BY 1`.execute(tx.db)
      ).rows.map((row) => row.id),
    { readOnly: true },
  );
}

describe('payments under row-level security', () => {
  it('shows each scope exactly the payments and allocations of its segments', async () => {
    const both = [globexPayment, initechPayment].sort();
    for (const table of ['payments', 'payment_allocations'] as const) {
      expect(await visible(table, {}), table).toEqual(both);
      expect(await visible(table, { legal_entity: [w.b.ltd] }), table).toEqual([initechPayment]);
      expect(await visible(table, { client: [w.b.globex] }), table).toEqual([globexPayment]);
      expect(await visible(table, { region: [w.b.ukEu] }), table).toEqual([initechPayment]);
      expect(await visible(table, { legal_entity: [] }), table).toEqual([]);
      expect(await visible(table, {}, w.otherTenantId), table).toEqual([]);
    }
    // Payments carry no practice; their allocations carry the invoice's (Globex: Pricing).
    expect(await visible('payments', { practice: [w.b.cloud] })).toEqual(both);
    expect(await visible('payment_allocations', { practice: [w.b.cloud] })).toEqual([initechPayment]);
    expect(await visible('payment_allocations', { practice: [w.b.pricing] })).toEqual([globexPayment]);
  });

  it('answers NOT_FOUND to finance scoped to another legal entity, on read and on write', async () => {
    const ltdFinance = as({ legal_entity: [w.b.ltd] });
    await expect(
      t.tessera.withTenant(ltdFinance, (tx) => getPayment(tx, globexPayment)),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      (await t.tessera.withTenant(ltdFinance, (tx) => listPayments(tx, { limit: 50 }))).items.map(
        (p) => p.id,
      ),
    ).toEqual([initechPayment]);
    await expect(
      t.tessera.withTenant(ltdFinance, (tx) => voidPayment(tx, globexPayment)),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      t.tessera.withTenant(ltdFinance, (tx) =>
        allocatePayment(tx, globexPayment, [{ invoiceId: uuidv7(), amountMinor: 1 }]),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.tessera.withTenant(ltdFinance, (tx) =>
        recordPayment(tx, 'policies-out-of-scope', {
          legalEntityId: w.b.inc,
          clientId: w.b.globex,
          amount: { amountMinor: 100, currency: 'USD' },
          receivedOn: '2026-03-21',
        }),
      ),
    ).rejects.toMatchObject({ code: 'REFERENCE_NOT_FOUND' });
    // Raw SQL under the same scope cannot write Inc's payments either.
    await expect(
      t.tessera.withTenant(ltdFinance, async (tx) => {
        await sql`INSERT INTO payments (tenant_id, id, legal_entity_id, client_id, region_id, currency, amount_minor,
            received_on, idempotency_key, request_digest)
          VALUES (${w.tenantId}, ${uuidv7()}, ${w.b.inc}, ${w.b.initech}, ${w.b.ukEu}, 'USD', 1, '2026-03-21', 'raw', 'raw')`.execute(
          tx.db,
        );
        tx.audit({ action: 'test.raw', resourceKind: 'payment', resourceId: null });
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows a practice-scoped reader only the allocations of invoices they see', async () => {
    const cloud = as({ practice: [w.b.cloud] });
    const payment = await t.tessera.withTenant(cloud, (tx) => getPayment(tx, globexPayment), {
      readOnly: true,
    });
    // The payment itself is visible (no practice), fully allocated, but not to which invoice.
    expect(payment).toMatchObject({ allocated: { amountMinor: 5000 }, allocations: [] });
    // Nor can they void it: they cannot remove what they cannot see.
    await expect(t.tessera.withTenant(cloud, (tx) => voidPayment(tx, globexPayment))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await w.inTenant((tx) => getPayment(tx, globexPayment))).status).toBe('recorded');
  });
});
