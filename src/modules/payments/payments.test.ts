import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackend } from '../../../test/support/test-databases.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { getInvoice } from '../billing/index.ts';
import { getJournalEntry } from '../ledger/index.ts';
import { openAmounts } from './invoice-open-amount.ts';
import { recordPayment, voidPayment } from './payment.service.ts';
import { allocatePayment, removeAllocation } from './payment-allocation.service.ts';
import { getPayment } from './payment-query.ts';
import { type PaymentWorld, seedPaymentWorld } from './payments-test-fixture.ts';

let t: TestTessera;
let w: PaymentWorld;
let keys = 0;
const key = () => `payment-test-${++keys}`;

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedPaymentWorld(t);
}, 120_000);
afterAll(() => t.cleanup());

const globexPayment = (amountMinor: number, receivedOn: string, more: object = {}) => ({
  legalEntityId: w.b.inc,
  clientId: w.b.globex,
  amount: { amountMinor, currency: 'USD' },
  receivedOn,
  ...more,
});

describe('payments of an issued invoice', () => {
  it('takes a partial payment, then the rest: the invoice is paid, receivables back to 0', async () => {
    // 60 minutes at USD 100/h, 25% VAT: 100.00 + 25.00 = 125.00.
    const invoice = await w.issuedInvoice('globex', '2026-03-02', 60);
    expect(invoice).toMatchObject({ status: 'issued', grossMinor: 12500 });
    expect(await w.balanceOf(w.b.inc, 'receivables', 'USD')).toEqual({
      transaction: 12500,
      functional: 12500,
    });

    const first = await w.inTenant((tx) =>
      recordPayment(tx, key(), globexPayment(5000, '2026-03-20', { reference: 'WIRE-1' })),
    );
    expect(first.payment).toMatchObject({
      status: 'recorded',
      amount: { amountMinor: 5000, currency: 'USD' },
      allocated: { amountMinor: 0, currency: 'USD' },
      unallocated: { amountMinor: 5000, currency: 'USD' },
      method: 'bank_transfer',
      reference: 'WIRE-1',
    });
    const entry = await w.inTenant((tx) => getJournalEntry(tx, first.payment.journalEntryId as string));
    expect(entry).toMatchObject({
      entryDate: '2026-03-20',
      source: { kind: 'payment', id: first.payment.id, purpose: 'receipt' },
    });
    expect(entry.lines.map((l) => [l.side, l.amount.amountMinor, l.amount.currency])).toEqual([
      ['debit', 5000, 'USD'],
      ['credit', 5000, 'USD'],
    ]);
    expect(await w.balanceOf(w.b.inc, 'cash', 'USD')).toEqual({ transaction: 5000, functional: 5000 });

    const partly = await w.inTenant((tx) =>
      allocatePayment(tx, first.payment.id, [{ invoiceId: invoice.id, amountMinor: 5000 }]),
    );
    expect(partly).toMatchObject({ allocated: { amountMinor: 5000 }, unallocated: { amountMinor: 0 } });
    expect(partly.allocations).toEqual([
      expect.objectContaining({
        invoiceId: invoice.id,
        amountMinor: 5000,
        createdByMembershipId: w.finance.actor.membershipId,
      }),
    ]);
    expect((await w.inTenant((tx) => getInvoice(tx, invoice.id))).status).toBe('issued');
    expect((await w.inTenant((tx) => openAmounts(tx, [invoice.id]))).get(invoice.id)?.openMinor).toBe(7500n);

    // The rest, recorded and allocated in one request.
    const rest = await w.inTenant((tx) =>
      recordPayment(
        tx,
        key(),
        globexPayment(7500, '2026-03-25', { allocations: [{ invoiceId: invoice.id, amountMinor: 7500 }] }),
      ),
    );
    expect(rest.payment.unallocated.amountMinor).toBe(0);
    const paid = await w.inTenant((tx) =>
      sql<{ status: string; paid_at: Date | null; paid_by_membership_id: string | null }>`
        SELECT status, paid_at, paid_by_membership_id FROM invoices WHERE tenant_id = ${w.tenantId} AND id = ${invoice.id}`.execute(
        tx.db,
      ),
    );
    expect(paid.rows[0]).toMatchObject({
      status: 'paid',
      paid_by_membership_id: w.finance.actor.membershipId,
    });
    expect(paid.rows[0]?.paid_at).toBeInstanceOf(Date);
    expect(await w.balanceOf(w.b.inc, 'receivables', 'USD')).toEqual({ transaction: 0, functional: 0 });
    expect(await w.balanceOf(w.b.inc, 'cash', 'USD')).toEqual({ transaction: 12500, functional: 12500 });
    expect(await w.ledgerBalanced(w.b.inc)).toBe(true);

    // Un-allocating reopens it; allocating again pays it again.
    const reopened = await w.inTenant((tx) =>
      removeAllocation(tx, first.payment.id, partly.allocations[0]?.id as string),
    );
    expect(reopened).toMatchObject({ allocated: { amountMinor: 0 }, allocations: [] });
    const afterRemoval = await w.inTenant((tx) => getInvoice(tx, invoice.id));
    expect(afterRemoval.status).toBe('issued');
    await w.inTenant((tx) =>
      allocatePayment(tx, first.payment.id, [{ invoiceId: invoice.id, amountMinor: 5000 }]),
    );
    expect((await w.inTenant((tx) => getInvoice(tx, invoice.id))).status).toBe('paid');
  });

  it('refuses allocations beyond the open amount or the unallocated amount, naming the field', async () => {
    const invoice = await w.issuedInvoice('globex', '2026-03-03', 30); // 50.00 + 12.50 = 62.50
    const { payment } = await w.inTenant((tx) =>
      recordPayment(tx, key(), globexPayment(10000, '2026-03-21')),
    );
    const refusal = (allocations: { invoiceId: string; amountMinor: number }[]) =>
      w.inTenant((tx) => allocatePayment(tx, payment.id, allocations));

    await expect(refusal([{ invoiceId: invoice.id, amountMinor: 6251 }])).rejects.toMatchObject({
      code: 'BUSINESS_RULE_VIOLATED',
      status: 422,
      fieldProblems: [
        { path: '/body/allocations/0/amountMinor', message: "exceeds the invoice's open amount (6250)" },
      ],
    });
    const other = await w.issuedInvoice('globex', '2026-03-04', 60); // 125.00
    await expect(
      refusal([
        { invoiceId: invoice.id, amountMinor: 6250 },
        { invoiceId: other.id, amountMinor: 3751 },
      ]),
    ).rejects.toMatchObject({
      fieldProblems: [
        {
          path: '/body/allocations/1/amountMinor',
          message: "exceeds the payment's unallocated amount (3750)",
        },
      ],
    });
    // Refused as a whole: nothing was allocated.
    expect((await w.inTenant((tx) => getPayment(tx, payment.id))).allocations).toEqual([]);

    const initech = await w.issuedInvoice('initech', '2026-03-05', 60);
    await expect(refusal([{ invoiceId: initech.id, amountMinor: 100 }])).rejects.toMatchObject({
      fieldProblems: [
        { path: '/body/allocations/0/invoiceId', message: "is not of the payment's legal entity" },
        { path: '/body/allocations/0/invoiceId', message: "is not of the payment's client" },
      ],
    });
    await expect(refusal([{ invoiceId: w.b.globex, amountMinor: 100 }])).rejects.toMatchObject({
      code: 'REFERENCE_NOT_FOUND',
      fieldProblems: [{ path: '/body/allocations/0/invoiceId', message: 'no such invoice' }],
    });
    await expect(
      refusal([
        { invoiceId: other.id, amountMinor: 100 },
        { invoiceId: other.id, amountMinor: 100 },
      ]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });

    const draft = await w.draftInvoice('globex', '2026-03-07', 60);
    await expect(refusal([{ invoiceId: draft.id, amountMinor: 100 }])).rejects.toMatchObject({
      fieldProblems: [
        { path: '/body/allocations/0/invoiceId', message: 'is draft: only issued invoices take payments' },
      ],
    });

    const fits = await refusal([
      { invoiceId: invoice.id, amountMinor: 6250 },
      { invoiceId: other.id, amountMinor: 3750 },
    ]);
    expect(fits.unallocated.amountMinor).toBe(0);
    expect((await w.inTenant((tx) => getInvoice(tx, invoice.id))).status).toBe('paid');
    expect((await w.inTenant((tx) => getInvoice(tx, other.id))).status).toBe('issued');
  });

  it('returns the first payment on a retry under the same key, and refuses the key for another payment', async () => {
    const k = key();
    const input = globexPayment(1234, '2026-03-22', { reference: 'RETRY' });
    const first = await w.inTenant((tx) => recordPayment(tx, k, input));
    const again = await w.inTenant((tx) => recordPayment(tx, k, input));
    expect(again).toMatchObject({ replayed: true, payment: { id: first.payment.id } });
    await expect(
      w.inTenant((tx) => recordPayment(tx, k, { ...input, amount: { amountMinor: 1235, currency: 'USD' } })),
    ).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      status: 409,
    });
    const count = await w.inTenant(
      async (tx) =>
        (
          await sql<{ n: bigint }>`SELECT count(*) AS n FROM payments WHERE idempotency_key = ${k}`.execute(
            tx.db,
          )
        ).rows[0]?.n,
    );
    expect(count).toBe(1n);
    // Concurrent retries of one key record it once.
    const k2 = key();
    const both = await Promise.all([
      w.inTenant((tx) => recordPayment(tx, k2, input)),
      w.inTenant((tx) => recordPayment(tx, k2, input)),
    ]);
    expect(both[0].payment.id).toBe(both[1].payment.id);
    expect(both.map((r) => r.replayed).sort()).toEqual([false, true]);
  });

  it('voids a payment: its allocations go, the invoice is issued again, the entry is reversed', async () => {
    const before = await w.balanceOf(w.b.inc, 'receivables', 'USD');
    const invoice = await w.issuedInvoice('globex', '2026-03-06', 60);
    const { payment } = await w.inTenant((tx) =>
      recordPayment(
        tx,
        key(),
        globexPayment(12500, '2026-03-23', { allocations: [{ invoiceId: invoice.id, amountMinor: 12500 }] }),
      ),
    );
    expect((await w.inTenant((tx) => getInvoice(tx, invoice.id))).status).toBe('paid');
    expect(await w.balanceOf(w.b.inc, 'receivables', 'USD')).toEqual(before);

    const voided = await w.inTenant((tx) => voidPayment(tx, payment.id));
    expect(voided).toMatchObject({
      status: 'void',
      allocations: [],
      allocated: { amountMinor: 0 },
      voidedByMembershipId: w.finance.actor.membershipId,
    });
    const reversal = await w.inTenant((tx) => getJournalEntry(tx, voided.voidJournalEntryId as string));
    expect(reversal).toMatchObject({ reversalOf: payment.journalEntryId, entryDate: '2026-03-23' });
    const reopened = await w.inTenant((tx) => getInvoice(tx, invoice.id));
    expect(reopened.status).toBe('issued');
    expect(await w.balanceOf(w.b.inc, 'receivables', 'USD')).toEqual({
      transaction: before.transaction + 12500,
      functional: before.functional + 12500,
    });
    expect(await w.ledgerBalanced(w.b.inc)).toBe(true);
    const trail = await w.inTenant(async (tx) => ({
      audit: (
        await sql<{ action: string }>`SELECT action FROM audit_events
          WHERE resource_id = ${payment.id} OR resource_id = ${invoice.id} ORDER BY seq`.execute(tx.db)
      ).rows.map((row) => row.action),
      outbox: (
        await sql<{ topic: string }>`SELECT topic FROM outbox_events
          WHERE resource_id = ${payment.id} OR resource_id = ${invoice.id} ORDER BY seq`.execute(tx.db)
      ).rows.map((row) => row.topic),
    }));
    expect(trail.audit).toEqual([
      'invoice.drafted',
      'invoice.approved',
      'invoice.issued',
      'payment.recorded',
      'invoice.paid',
      'invoice.reopened',
      'payment.voided',
    ]);
    expect(trail.outbox).toEqual([
      'invoice.approved',
      'invoice.issued',
      'payment.recorded',
      'payment.allocated',
      'invoice.paid',
      'payment.unallocated',
      'invoice.reopened',
      'payment.voided',
    ]);
    await expect(w.inTenant((tx) => voidPayment(tx, payment.id))).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      w.inTenant((tx) => allocatePayment(tx, payment.id, [{ invoiceId: invoice.id, amountMinor: 1 }])),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses a payment of an unknown client', async () => {
    await expect(
      w.inTenant((tx) =>
        recordPayment(tx, key(), { ...globexPayment(100, '2026-03-24'), clientId: w.b.inc }),
      ),
    ).rejects.toMatchObject({
      code: 'REFERENCE_NOT_FOUND',
      fieldProblems: [{ path: '/body/clientId', message: 'no such client' }],
    });
  });

  it('settles a USD invoice of the GBP entity at the payment date rate, posting the realised FX loss', async () => {
    // 60 minutes at USD 120/h + 25% VAT = USD 150.00, issued on 10 March at GBP/USD 1.25: £120.00.
    const invoice = await w.issuedInvoice('initech', '2026-03-10', 60);
    expect(invoice).toMatchObject({ currency: 'USD', grossMinor: 15000 });
    const before = await w.balanceOf(w.b.ltd, 'receivables', 'USD');
    const fxBefore = await w.balanceOf(w.b.ltd, 'fx_gains_losses', 'USD');
    const initech = {
      legalEntityId: w.b.ltd,
      clientId: w.b.initech,
      amount: { amountMinor: 15000, currency: 'USD' },
      receivedOn: '2026-04-20',
    };
    // Received on 20 April at GBP/USD 1.30: USD 150.00 × 0.7692307692 = £115.38.
    const { payment } = await w.inTenant((tx) => recordPayment(tx, key(), initech));
    const receipt = await w.inTenant((tx) => getJournalEntry(tx, payment.journalEntryId as string));
    expect(receipt.lines.map((l) => [l.side, l.amount.amountMinor, l.functionalAmount.amountMinor])).toEqual([
      ['debit', 15000, 11538],
      ['credit', 15000, 11538],
    ]);

    // In two parts: 100.00 settles £80.00 booked against £76.92 received (−3.08), 50.00 settles
    // £40.00 against £38.46 (−1.54): a realised loss of £4.62 = 120.00 − 115.38.
    const first = await w.inTenant((tx) =>
      allocatePayment(tx, payment.id, [{ invoiceId: invoice.id, amountMinor: 10000 }]),
    );
    await w.inTenant((tx) => allocatePayment(tx, payment.id, [{ invoiceId: invoice.id, amountMinor: 5000 }]));
    expect((await w.inTenant((tx) => getInvoice(tx, invoice.id))).status).toBe('paid');
    const shares = await w.inTenant(
      async (tx) =>
        (
          await sql<{ a: bigint; i: bigint; p: bigint }>`
            SELECT amount_minor AS a, invoice_functional_minor AS i, payment_functional_minor AS p
            FROM payment_allocations WHERE payment_id = ${payment.id} ORDER BY id`.execute(tx.db)
        ).rows,
    );
    expect(shares).toEqual([
      { a: 10000n, i: 8000n, p: 7692n },
      { a: 5000n, i: 4000n, p: 3846n },
    ]);
    const after = await w.balanceOf(w.b.ltd, 'receivables', 'USD');
    expect(after.transaction - before.transaction).toBe(-15000);
    expect(after.functional - before.functional).toBe(-12000);
    const fx = await w.balanceOf(w.b.ltd, 'fx_gains_losses', 'USD');
    expect(fx.functional - fxBefore.functional).toBe(462);
    expect(fx.transaction - fxBefore.transaction).toBe(0);
    expect(await w.ledgerBalanced(w.b.ltd)).toBe(true);

    // Removing the first part reverses its difference; allocating it again posts it again.
    await w.inTenant((tx) => removeAllocation(tx, payment.id, first.allocations[0]?.id as string));
    expect((await w.balanceOf(w.b.ltd, 'fx_gains_losses', 'USD')).functional - fxBefore.functional).toBe(154);
    await w.inTenant((tx) =>
      allocatePayment(tx, payment.id, [{ invoiceId: invoice.id, amountMinor: 10000 }]),
    );
    expect((await w.balanceOf(w.b.ltd, 'receivables', 'USD')).functional - before.functional).toBe(-12000);

    // Voiding takes everything back: receivables as issued, no FX result.
    await w.inTenant((tx) => voidPayment(tx, payment.id));
    expect(await w.balanceOf(w.b.ltd, 'receivables', 'USD')).toEqual(before);
    expect(await w.balanceOf(w.b.ltd, 'fx_gains_losses', 'USD')).toEqual(fxBefore);
    expect((await w.inTenant((tx) => getInvoice(tx, invoice.id))).status).toBe('issued');
    expect(await w.ledgerBalanced(w.b.ltd)).toBe(true);
  });

  it(`lets exactly one of two concurrent allocations that together exceed the open amount succeed (${testBackend})`, async () => {
    for (const [round, day] of ['2026-03-09', '2026-03-10', '2026-03-11'].entries()) {
      const invoice = await w.issuedInvoice('globex', day, 60); // 125.00
      const [p1, p2] = await Promise.all(
        [0, 1].map(
          async () =>
            (await w.inTenant((tx) => recordPayment(tx, key(), globexPayment(8000, '2026-03-26')))).payment,
        ),
      );
      const outcomes = await Promise.allSettled(
        [p1, p2].map((p) =>
          w.inTenant((tx) =>
            allocatePayment(tx, (p as { id: string }).id, [{ invoiceId: invoice.id, amountMinor: 8000 }]),
          ),
        ),
      );
      expect(
        outcomes.filter((o) => o.status === 'fulfilled'),
        `round ${round}`,
      ).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({
        code: 'BUSINESS_RULE_VIOLATED',
        fieldProblems: [
          { path: '/body/allocations/0/amountMinor', message: "exceeds the invoice's open amount (4500)" },
        ],
      });
      expect((await w.inTenant((tx) => openAmounts(tx, [invoice.id]))).get(invoice.id)).toMatchObject({
        grossMinor: 12500n,
        allocatedMinor: 8000n,
        openMinor: 4500n,
      });
    }
  });

  it(`lets exactly one of two concurrent allocations of one payment beyond its amount succeed (${testBackend})`, async () => {
    const a = await w.issuedInvoice('globex', '2026-03-12', 60);
    const b = await w.issuedInvoice('globex', '2026-03-13', 60);
    const { payment } = await w.inTenant((tx) =>
      recordPayment(tx, key(), globexPayment(10000, '2026-03-27')),
    );
    const outcomes = await Promise.allSettled(
      [a, b].map((invoice) =>
        w.inTenant((tx) => allocatePayment(tx, payment.id, [{ invoiceId: invoice.id, amountMinor: 6000 }])),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
      fieldProblems: [
        {
          path: '/body/allocations/0/amountMinor',
          message: "exceeds the payment's unallocated amount (4000)",
        },
      ],
    });
    expect((await w.inTenant((tx) => getPayment(tx, payment.id))).allocated.amountMinor).toBe(6000);
  });
});
