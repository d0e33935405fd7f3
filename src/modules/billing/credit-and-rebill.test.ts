import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { insertTimeOf } from '../../../test/support/time-fixture.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { addRate, createRateCard } from '../contracts/index.ts';
import { accountBalance, accountForRole, createChart } from '../ledger/index.ts';
import { staff } from '../organization/segments-test-fixture.ts';
import { seedTimeFixture, type TimeWorld } from '../timesheets/time-test-fixture.ts';
import { runBilling } from './billing-run.service.ts';
import { createCreditNote } from './credit-note.service.ts';
import { rebillCreditedInvoice } from './credit-rebill.service.ts';
import { approveInvoice, getInvoice, type Invoice, issueInvoice, voidInvoice } from './invoice.service.ts';
import { putTaxSettings } from './tax-settings.service.ts';

let t: TestTessera;
let w: TimeWorld;
let globexCard: string;

const inTenant = <T>(work: (tx: TenantTransaction) => Promise<T>) =>
  t.tessera.withTenant(staff(w.tenantId), work);

const run = (key: string) =>
  inTenant((tx) =>
    runBilling(tx, key, { legalEntityId: w.b.inc, periodFrom: '2026-06-01', periodTo: '2026-06-30' }),
  );

const issue = async (id: string, issueDate: string) => {
  await inTenant((tx) => approveInvoice(tx, id));
  return inTenant((tx) => issueInvoice(tx, id, { issueDate }));
};

/** Where each time entry stands: its billing state and the invoice it is billed on. */
const billingOf = (ids: readonly string[]) =>
  inTenant(async (tx) =>
    (
      await sql<{ id: string; billing_state: string; invoice_id: string | null }>`
        SELECT id, billing_state, invoice_id FROM time_entries
        WHERE tenant_id = ${tx.ctx.tenantId} AND id = ANY(${ids}::uuid[]) ORDER BY id`.execute(tx.db)
    ).rows.map((row) => [row.billing_state, row.invoice_id]),
  );

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedTimeFixture(t);
  await inTenant(async (tx) => {
    await createChart(tx, { legalEntityId: w.b.inc });
    // Globex's card lacks Jin: his June hours are first rated from the firm's default card.
    const fallback = await createRateCard(tx, { name: 'Default USD', currency: 'USD' });
    await addRate(tx, fallback.id, {
      personId: w.people.jin,
      hourlyRate: { amountMinor: 10000, currency: 'USD' },
      validFrom: '2026-01-01',
    });
    const card = await createRateCard(tx, { name: 'Globex rates', contractId: w.contracts.globex });
    globexCard = card.id;
    await addRate(tx, card.id, {
      personId: w.people.elena,
      hourlyRate: { amountMinor: 5000, currency: 'USD' },
      validFrom: '2026-01-01',
    });
    await putTaxSettings(tx, w.b.inc, {
      standardVatRate: '25',
      defaultVatCategory: 'S',
      defaultExemptionReason: null,
      defaultExemptionCode: null,
      reverseChargeAbroad: true,
    });
  });
}, 120_000);
afterAll(() => t.cleanup());

describe('credit and rebill', () => {
  let invoice: Invoice;
  let entries: string[];

  it('bills June: Jin 2 h at 100.00 and Elena 1 h at 50.00, issued as 250.00 net', async () => {
    entries = [
      await inTenant((tx) =>
        insertTimeOf(tx, {
          personId: w.people.jin,
          projectId: w.projects.globex,
          workDate: '2026-06-01',
          minutes: 120,
        }),
      ),
      await inTenant((tx) =>
        insertTimeOf(tx, {
          personId: w.people.elena,
          projectId: w.projects.globex,
          workDate: '2026-06-02',
          minutes: 60,
        }),
      ),
    ].sort();
    const drafted = await run('june-1');
    expect(drafted.invoices).toHaveLength(1);
    invoice = await issue(drafted.invoices[0]?.id as string, '2026-07-01');
    expect(invoice).toMatchObject({ status: 'issued', netMinor: 25000, vatMinor: 6250, grossMinor: 31250 });
    expect(await billingOf(entries)).toEqual([
      ['billed', invoice.id],
      ['billed', invoice.id],
    ]);
  });

  it('refuses rebill on a credit note of some lines, naming the field', async () => {
    await expect(
      inTenant((tx) =>
        createCreditNote(tx, invoice.id, {
          reason: 'Wrong rate',
          rebill: true,
          lines: [{ lineId: invoice.lines[0]?.id as string, amountMinor: 100n }],
        }),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', fieldProblems: [{ path: '/body/rebill' }] });
  });

  it('releases nothing while the credit note is a draft, nor when that draft is voided', async () => {
    const { creditNote } = await inTenant((tx) =>
      createCreditNote(tx, invoice.id, { reason: 'Wrong rate', full: true, rebill: true }),
    );
    expect(creditNote).toMatchObject({ kind: 'credit_note', status: 'draft', rebill: true, netMinor: 25000 });
    expect(await billingOf(entries)).toEqual([
      ['billed', invoice.id],
      ['billed', invoice.id],
    ]);
    await inTenant((tx) => voidInvoice(tx, creditNote.id));
    expect(await billingOf(entries)).toEqual([
      ['billed', invoice.id],
      ['billed', invoice.id],
    ]);
    // The work is still billed: a run of June finds nothing to bill.
    expect((await run('june-2')).invoices).toHaveLength(0);
  });

  it('refuses to issue it for someone who does not see all of the work, and changes nothing', async () => {
    const { creditNote } = await inTenant((tx) =>
      createCreditNote(tx, invoice.id, { reason: 'Wrong rate', full: true, rebill: true }),
    );
    await inTenant((tx) => approveInvoice(tx, creditNote.id));
    // Finance scoped to another portfolio sees the invoice (it carries no portfolio), not its time.
    const elsewhere = staff(w.tenantId, { portfolio: [uuidv7()] });
    await expect(
      t.tessera.withTenant(elsewhere, (tx) => issueInvoice(tx, creditNote.id, { issueDate: '2026-07-04' })),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await inTenant((tx) => getInvoice(tx, creditNote.id))).toMatchObject({
      status: 'approved',
      number: null,
    });
    expect(await billingOf(entries)).toEqual([
      ['billed', invoice.id],
      ['billed', invoice.id],
    ]);
    await inTenant((tx) => voidInvoice(tx, creditNote.id));
  });

  it('issuing a full credit note with rebill makes the work unbilled, audited on the invoice', async () => {
    const { creditNote } = await inTenant((tx) =>
      createCreditNote(tx, invoice.id, {
        reason: 'Wrong rate',
        full: true,
        rebill: true,
        idempotencyKey: 'cr-1',
      }),
    );
    // The same key with another body is refused: rebill is part of what the key made.
    await expect(
      inTenant((tx) =>
        createCreditNote(tx, invoice.id, { reason: 'Wrong rate', full: true, idempotencyKey: 'cr-1' }),
      ),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    const issued = await issue(creditNote.id, '2026-07-05');
    expect(issued).toMatchObject({ kind: 'credit_note', status: 'issued', rebill: true, grossMinor: 31250 });
    expect(await billingOf(entries)).toEqual([
      ['unbilled', null],
      ['unbilled', null],
    ]);
    // The invoice is settled by its credit note and keeps its lines (history).
    const corrected = await inTenant((tx) => getInvoice(tx, invoice.id));
    expect(corrected.status).toBe('paid');
    expect(corrected.lines.flatMap((line) => line.originIds).sort()).toEqual(entries);
    const released = await inTenant(
      async (tx) =>
        (
          await sql<{ changes: { after: Record<string, unknown> } }>`SELECT changes FROM audit_events
            WHERE tenant_id = ${tx.ctx.tenantId} AND resource_id = ${invoice.id} AND action = 'invoice.work_released'`.execute(
            tx.db,
          )
        ).rows,
    );
    expect(released.map((row) => row.changes.after)).toEqual([
      { creditNoteId: creditNote.id, timeEntries: 2, expenses: 0, milestones: 0, feePeriods: 0 },
    ]);
  });

  it('bills the released work again at the corrected rate, once', async () => {
    // Globex agreed 110.00 for Jin: his rate is added to the contract's card, then billed anew.
    await inTenant((tx) =>
      addRate(tx, globexCard, {
        personId: w.people.jin,
        hourlyRate: { amountMinor: 11000, currency: 'USD' },
        validFrom: '2026-06-01',
      }),
    );
    const rebilled = await run('june-3');
    expect(rebilled.invoices).toHaveLength(1);
    const again = rebilled.invoices[0] as Invoice;
    expect(again.id).not.toBe(invoice.id);
    // Jin's 2 h at the corrected 110.00, Elena's hour as before: the same entries, billed anew.
    expect(again.lines.map((line) => line.netMinor)).toEqual([22000, 5000]);
    expect(again.lines.flatMap((line) => line.originIds).sort()).toEqual(entries);
    expect(again).toMatchObject({ netMinor: 27000, vatMinor: 6750, grossMinor: 33750 });
    expect(await billingOf(entries)).toEqual([
      ['billed', again.id],
      ['billed', again.id],
    ]);
    expect((await run('june-4')).invoices).toHaveLength(0);

    // In the ledger: the first invoice and its credit note cancel out; receivables hold the new one.
    await issue(again.id, '2026-07-06');
    const receivables = await inTenant((tx) => accountForRole(tx, w.b.inc, 'receivables'));
    const balance = await inTenant((tx) => accountBalance(tx, receivables.id, '2026-12-31'));
    expect(balance.currencies).toEqual([
      { currency: 'USD', debitMinor: 31250 + 33750, creditMinor: 31250, balanceMinor: 33750 },
    ]);
  });

  it('sends the work of an invoice credited in full without rebill back to billing afterwards, once', async () => {
    const [again] = (
      await inTenant((tx) =>
        runBilling(tx, 'june-3', {
          legalEntityId: w.b.inc,
          periodFrom: '2026-06-01',
          periodTo: '2026-06-30',
        }),
      )
    ).invoices;
    if (!again) throw new Error('expected the replayed run’s invoice');
    const { creditNote: draft } = await inTenant((tx) =>
      createCreditNote(tx, again.id, { reason: 'Cancelled engagement', full: true }),
    );
    await expect(inTenant((tx) => rebillCreditedInvoice(tx, draft.id))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const note = await issue(draft.id, '2026-07-07');
    expect(note).toMatchObject({ status: 'issued', rebill: false });
    // Credited without rebill: the work stays billed on the credited invoice.
    expect(await billingOf(entries)).toEqual([
      ['billed', again.id],
      ['billed', again.id],
    ]);
    // Only through a credit note: the invoice itself is refused.
    await expect(inTenant((tx) => rebillCreditedInvoice(tx, again.id))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await inTenant((tx) => rebillCreditedInvoice(tx, note.id))).toMatchObject({
      kind: 'credit_note',
      rebill: true,
    });
    expect(await billingOf(entries)).toEqual([
      ['unbilled', null],
      ['unbilled', null],
    ]);
    await expect(inTenant((tx) => rebillCreditedInvoice(tx, note.id))).rejects.toMatchObject({
      code: 'CONFLICT',
      detail: "The invoice's work has been sent back to billing already",
    });
  });

  it('refuses while the invoice is credited only in part, and changes nothing', async () => {
    const [third] = (await run('june-5')).invoices;
    if (!third) throw new Error('expected the work billed a third time');
    await issue(third.id, '2026-07-08');
    const { creditNote: part } = await inTenant((tx) =>
      createCreditNote(tx, third.id, {
        reason: 'Goodwill',
        lines: [{ lineId: third.lines[0]?.id as string, amountMinor: 1000n }],
      }),
    );
    const issuedPart = await issue(part.id, '2026-07-09');
    await expect(inTenant((tx) => rebillCreditedInvoice(tx, issuedPart.id))).rejects.toMatchObject({
      code: 'CONFLICT',
      detail:
        'The invoice is not credited in full (1000 of 27000 net): issue or void its other credit notes before its work is billed again',
    });
    expect(await inTenant((tx) => getInvoice(tx, issuedPart.id))).toMatchObject({ rebill: false });
    expect(await billingOf(entries)).toEqual([
      ['billed', third.id],
      ['billed', third.id],
    ]);
  });
});
