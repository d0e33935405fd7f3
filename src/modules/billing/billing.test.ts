import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { insertTimeOf } from '../../../test/support/time-fixture.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { addRate, createRateCard } from '../contracts/index.ts';
import { createChart, createFxRate, getJournalEntry } from '../ledger/index.ts';
import { staff } from '../organization/segments-test-fixture.ts';
import { seedTimeFixture, type TimeWorld } from '../timesheets/time-test-fixture.ts';
import { runBilling } from './billing-run.service.ts';
import { approveInvoice, getInvoice, issueInvoice, listInvoices, voidInvoice } from './invoice.service.ts';

let t: TestTessera;
let w: TimeWorld;

const inTenant = <T>(work: (tx: TenantTransaction) => Promise<T>) =>
  t.tessera.withTenant(staff(w.tenantId), work);
const vat = { vatCategory: 'S', vatRate: '25' } as const;

/** Inserts an approved (unless told otherwise), billable time entry of a person on a project. */
const timeEntry = (
  personId: string,
  projectId: string,
  workDate: string,
  minutes: number,
  more: { billable?: boolean; approved?: boolean } = {},
) =>
  inTenant((tx) =>
    insertTimeOf(tx, {
      personId,
      projectId,
      workDate,
      minutes,
      billable: more.billable ?? true,
      status: (more.approved ?? true) ? 'approved' : 'submitted',
    }),
  );

async function billingOf(ids: readonly string[]) {
  return inTenant(
    async (tx) =>
      (
        await sql<{
          id: string;
          billing_state: string;
          invoice_id: string | null;
          invoice_line_id: string | null;
        }>`
          SELECT id, billing_state, invoice_id, invoice_line_id FROM time_entries
          WHERE tenant_id = ${w.tenantId} AND id = ANY(${ids as string[]}::uuid[]) ORDER BY id`.execute(tx.db)
      ).rows,
  );
}

const countInvoices = () =>
  inTenant(async (tx) =>
    Number((await sql<{ n: string }>`SELECT count(*) AS n FROM invoices`.execute(tx.db)).rows[0]?.n ?? 0),
  );

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedTimeFixture(t);
  await inTenant(async (tx) => {
    await createChart(tx, { legalEntityId: w.b.inc });
    await createChart(tx, { legalEntityId: w.b.ltd });
    await createFxRate(tx, {
      base: 'GBP',
      quote: 'USD',
      date: '2026-01-01',
      rate: '1.2500000000',
      source: 'test',
    });
    const globex = await createRateCard(tx, { name: 'Globex rates', contractId: w.contracts.globex });
    await addRate(tx, globex.id, {
      personId: w.people.jin,
      hourlyRate: { amountMinor: 10000, currency: 'USD' },
      validFrom: '2026-01-01',
    });
    await addRate(tx, globex.id, {
      personId: w.people.elena,
      hourlyRate: { amountMinor: 5000, currency: 'USD' },
      validFrom: '2026-01-01',
    });
    const initech = await createRateCard(tx, { name: 'Initech rates', contractId: w.contracts.initech });
    await addRate(tx, initech.id, {
      personId: w.people.lee,
      hourlyRate: { amountMinor: 12000, currency: 'USD' },
      validFrom: '2026-01-01',
    });
  });
}, 120_000);
afterAll(() => t.cleanup());

describe('billing runs', () => {
  it('previews, then drafts one invoice per contract at rate card rates: 100 + 50 at 25% VAT is 187.50', async () => {
    const billed = [
      await timeEntry(w.people.jin, w.projects.globex, '2026-03-02', 60),
      await timeEntry(w.people.elena, w.projects.globex, '2026-03-03', 60),
    ];
    const notBilled = [
      await timeEntry(w.people.jin, w.projects.globex, '2026-03-04', 60, { billable: false }),
      await timeEntry(w.people.jin, w.projects.globex, '2026-03-05', 60, { approved: false }),
      await timeEntry(w.people.jin, w.projects.globex, '2026-04-06', 60),
    ];
    const input = { legalEntityId: w.b.inc, periodFrom: '2026-03-01', periodTo: '2026-03-31', ...vat };

    const preview = await inTenant((tx) => runBilling(tx, 'march-inc', { ...input, dryRun: true }));
    expect(preview.preview).toHaveLength(1);
    expect(
      preview.preview[0]?.lines.map((line) => [line.quantity, line.unitPriceMinor, line.netMinor]),
    ).toEqual([
      [60, 10000n, 10000n],
      [60, 5000n, 5000n],
    ]);
    expect(await countInvoices()).toBe(0);
    expect((await billingOf(billed)).every((row) => row.billing_state === 'unbilled')).toBe(true);

    const run = await inTenant((tx) => runBilling(tx, 'march-inc', input));
    expect(run.replayed).toBe(false);
    expect(run.invoices).toHaveLength(1);
    const invoice = run.invoices[0];
    expect(invoice).toMatchObject({
      status: 'draft',
      contractId: w.contracts.globex,
      currency: 'USD',
      number: null,
      netMinor: 15000,
      vatMinor: 3750,
      grossMinor: 18750,
      vatBreakdown: [{ category: 'S', rate: '25', taxableMinor: 15000, vatMinor: 3750 }],
    });
    expect(invoice?.lines.map((line) => [line.originKind, line.originIds[0], line.netMinor])).toEqual([
      ['time', billed[0], 10000],
      ['time', billed[1], 5000],
    ]);
    const rows = await billingOf(billed);
    for (const row of rows) {
      expect(row.billing_state).toBe('billed');
      expect(row.invoice_id).toBe(invoice?.id);
      expect(invoice?.lines.map((line) => line.id)).toContain(row.invoice_line_id);
    }
    expect((await billingOf(notBilled)).every((row) => row.billing_state === 'unbilled')).toBe(true);

    // The same key again: the same invoice, nothing new.
    const again = await inTenant((tx) => runBilling(tx, 'march-inc', input));
    expect(again.replayed).toBe(true);
    expect(again.invoices.map((i) => i.id)).toEqual([invoice?.id]);
    expect(await countInvoices()).toBe(1);
    // The same key for another period is refused.
    await expect(
      inTenant((tx) => runBilling(tx, 'march-inc', { ...input, periodTo: '2026-03-30' })),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    // Another key over the same period finds nothing left to bill.
    const other = await inTenant((tx) => runBilling(tx, 'march-inc-2', input));
    expect(other.invoices).toHaveLength(0);
  });

  it('never bills one entry twice under concurrent runs (property, fixed seed)', async () => {
    let round = 0;
    const entry = fc.record({
      elena: fc.boolean(),
      day: fc.integer({ min: 1, max: 28 }),
      minutes: fc.integer({ min: 15, max: 495 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(entry, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 2, max: 4 }),
        async (entries, runners) => {
          // A month of its own per round: earlier rounds leave nothing unbilled in it.
          const month = `2026-${String(5 + round++).padStart(2, '0')}`;
          const ids: string[] = [];
          for (const e of entries)
            ids.push(
              await timeEntry(
                e.elena ? w.people.elena : w.people.jin,
                w.projects.globex,
                `${month}-${String(e.day).padStart(2, '0')}`,
                e.minutes,
              ),
            );
          const input = {
            legalEntityId: w.b.inc,
            periodFrom: `${month}-01`,
            periodTo: `${month}-28`,
            ...vat,
          };
          const runs = await Promise.allSettled(
            Array.from({ length: runners }, (_, k) =>
              inTenant((tx) => runBilling(tx, `concurrent-${month}-${k}`, input)),
            ),
          );
          const origins = runs.flatMap((r) =>
            r.status === 'fulfilled'
              ? r.value.invoices.flatMap((i) => i.lines.flatMap((l) => l.originIds))
              : [],
          );
          // Billed at most once across the runs, and every entry billed by one of them.
          expect(new Set(origins).size).toBe(origins.length);
          expect([...origins].sort()).toEqual([...ids].sort());
          const rows = await billingOf(ids);
          expect(rows.every((row) => row.billing_state === 'billed')).toBe(true);
        },
      ),
      { seed: 20260301, numRuns: 4 },
    );
  });
});

describe('the invoice lifecycle', () => {
  it('approves and issues with gapless numbers per legal entity, posting a balanced entry; voids a draft', async () => {
    const first = await timeEntry(w.people.lee, w.projects.initech, '2026-09-01', 60);
    const second = await timeEntry(w.people.lee, w.projects.initech, '2026-10-01', 30);
    const third = await timeEntry(w.people.lee, w.projects.initech, '2026-11-02', 30);
    const run = (month: string, key: string) =>
      inTenant((tx) =>
        runBilling(tx, key, {
          legalEntityId: w.b.ltd,
          periodFrom: `${month}-01`,
          periodTo: `${month}-28`,
          ...vat,
        }),
      );
    const [a] = (await run('2026-09', 'ltd-09')).invoices;
    const [b] = (await run('2026-10', 'ltd-10')).invoices;
    const [c] = (await run('2026-11', 'ltd-11')).invoices;
    if (!a || !b || !c) throw new Error('expected three invoices');

    await expect(inTenant((tx) => issueInvoice(tx, a.id))).rejects.toMatchObject({ code: 'CONFLICT' });
    const approved = await inTenant((tx) => approveInvoice(tx, a.id));
    expect(approved.status).toBe('approved');
    expect(approved.approvedAt).not.toBeNull();
    const issued = await inTenant((tx) => issueInvoice(tx, a.id, { issueDate: '2026-10-05' }));
    expect(issued).toMatchObject({
      status: 'issued',
      number: 1,
      issueDate: '2026-10-05',
      dueDate: '2026-11-04',
    });
    expect(issued.grossMinor).toBe(15000);
    const entry = await inTenant((tx) => getJournalEntry(tx, issued.journalEntryId as string));
    expect(entry.lines.map((line) => [line.side, line.amount.amountMinor])).toEqual([
      ['debit', 15000],
      ['credit', 12000],
      ['credit', 3000],
    ]);

    // A failed issue leaves no gap: the next issued invoice is number 2.
    await inTenant((tx) => approveInvoice(tx, b.id));
    await expect(
      inTenant((tx) => issueInvoice(tx, b.id, { issueDate: '2026-10-05', dueDate: '2026-10-01' })),
    ).rejects.toMatchObject({ code: 'BUSINESS_RULE_VIOLATED' });
    expect((await inTenant((tx) => issueInvoice(tx, b.id, { issueDate: '2026-10-06' }))).number).toBe(2);
    await expect(inTenant((tx) => voidInvoice(tx, b.id))).rejects.toMatchObject({ code: 'CONFLICT' });

    // Voiding a draft releases its entries.
    const voided = await inTenant((tx) => voidInvoice(tx, c.id));
    expect(voided.status).toBe('void');
    expect(await billingOf([third])).toMatchObject([{ billing_state: 'unbilled', invoice_id: null }]);
    expect((await billingOf([first, second])).every((row) => row.billing_state === 'billed')).toBe(true);
    const rebilled = await run('2026-11', 'ltd-11-again');
    expect(rebilled.invoices[0]?.lines[0]?.originIds).toEqual([third]);
  });
});

describe('segment scope', () => {
  it('finance scoped to one legal entity sees only its invoices', async () => {
    const all = await inTenant((tx) => listInvoices(tx, { limit: 100 }));
    const incInvoice = all.items.find((invoice) => invoice.legalEntityId === w.b.inc);
    const ltdCount = all.items.filter((invoice) => invoice.legalEntityId === w.b.ltd).length;
    expect(incInvoice).toBeDefined();
    expect(ltdCount).toBeGreaterThan(0);
    const ltdFinance = staff(w.tenantId, { legal_entity: [w.b.ltd] });
    const seen = await t.tessera.withTenant(ltdFinance, (tx) => listInvoices(tx, { limit: 100 }), {
      readOnly: true,
    });
    expect(seen.items.map((invoice) => invoice.legalEntityId)).toEqual(Array(ltdCount).fill(w.b.ltd));
    await expect(
      t.tessera.withTenant(ltdFinance, (tx) => getInvoice(tx, incInvoice?.id as string), { readOnly: true }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
