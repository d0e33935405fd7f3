import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { insertTimeOf } from '../../../test/support/time-fixture.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { addRate, createRateCard } from '../contracts/index.ts';
import {
  accountBalance,
  accountForRole,
  createChart,
  createFxRate,
  getJournalEntry,
  trialBalance,
} from '../ledger/index.ts';
import { updateClient } from '../organization/index.ts';
import { staff } from '../organization/segments-test-fixture.ts';
import { seedTimeFixture, type TimeWorld } from '../timesheets/time-test-fixture.ts';
import { runBilling } from './billing-run.service.ts';
import { createCreditNote } from './credit-note.service.ts';
import { approveInvoice, type Invoice, issueInvoice, listInvoices, voidInvoice } from './invoice.service.ts';
import { addInvoiceAllowance, removeInvoiceAllowance } from './invoice-allowances.service.ts';
import { documentPostingLines } from './invoice-posting.ts';
import { determineVat, getTaxSettings, putTaxSettings } from './tax-settings.service.ts';

let t: TestTessera;
let w: TimeWorld;

const inTenant = <T>(work: (tx: TenantTransaction) => Promise<T>) =>
  t.tessera.withTenant(staff(w.tenantId), work);

/** Inserts an approved, billable time entry of a person on a project. */
const timeEntry = (personId: string, projectId: string, workDate: string, minutes: number) =>
  inTenant((tx) => insertTimeOf(tx, { personId, projectId, workDate, minutes }));

/** One draft invoice from a billing run of a month, with the VAT of the tax settings. */
async function draftOf(legalEntityId: string, month: string): Promise<Invoice> {
  const run = await inTenant((tx) =>
    runBilling(tx, `docs-${legalEntityId}-${month}`, {
      legalEntityId,
      periodFrom: `${month}-01`,
      periodTo: `${month}-28`,
    }),
  );
  expect(run.invoices).toHaveLength(1);
  return run.invoices[0] as Invoice;
}

const issue = async (id: string, issueDate: string) => {
  await inTenant((tx) => approveInvoice(tx, id));
  return inTenant((tx) => issueInvoice(tx, id, { issueDate }));
};

const entryLines = async (id: string | null) =>
  (await inTenant((tx) => getJournalEntry(tx, id as string))).lines.map(
    (line) => [line.side, line.accountId, line.amount.amountMinor] as const,
  );

const settings = {
  standardVatRate: '25',
  defaultVatCategory: 'S',
  defaultExemptionReason: null,
  defaultExemptionCode: null,
  reverseChargeAbroad: true,
} as const;

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedTimeFixture(t);
  await inTenant(async (tx) => {
    await createChart(tx, { legalEntityId: w.b.inc });
    await createChart(tx, { legalEntityId: w.b.ltd });
    await createFxRate(tx, {
      base: 'USD',
      quote: 'GBP',
      date: '2026-01-01',
      rate: '0.8000000000',
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
    // Globex is domestic for Inc (US); Initech is a British client of Ltd (GB) with a VAT id.
    await updateClient(tx, w.b.globex, { country: 'US', city: 'Springfield' });
    await updateClient(tx, w.b.initech, { country: 'GB', vatId: 'GB123456789' });
    await putTaxSettings(tx, w.b.inc, settings);
    await putTaxSettings(tx, w.b.ltd, { ...settings, standardVatRate: '20' });
  });
}, 120_000);
afterAll(() => t.cleanup());

describe('tax determination per legal entity and client', () => {
  it('gives a domestic client S at the standard rate, a foreign one with a VAT id AE, an exempt one E', async () => {
    // Inc is American: Initech (GB, with a VAT id) is abroad, Globex (US) domestic, Hooli has no country.
    await expect(inTenant((tx) => determineVat(tx, w.b.inc, w.b.globex))).resolves.toEqual({
      category: 'S',
      rate: '25',
      exemptionReason: null,
      exemptionCode: null,
    });
    await expect(inTenant((tx) => determineVat(tx, w.b.inc, w.b.initech))).resolves.toEqual({
      category: 'AE',
      rate: '0',
      exemptionReason: 'Reverse charge',
      exemptionCode: 'VATEX-EU-AE',
    });
    await expect(inTenant((tx) => determineVat(tx, w.b.inc, w.b.hooli))).resolves.toMatchObject({
      category: 'S',
      rate: '25',
    });
    // Ltd is British: Initech is domestic.
    await expect(inTenant((tx) => determineVat(tx, w.b.ltd, w.b.initech))).resolves.toMatchObject({
      category: 'S',
      rate: '20',
    });
    // A client treatment overrides the rules: Hooli's services are exempt, with the reason.
    const exempt = await inTenant((tx) =>
      putTaxSettings(tx, w.b.inc, {
        ...settings,
        clientTreatments: [
          {
            clientId: w.b.hooli,
            vatCategory: 'E',
            vatRate: null,
            exemptionReason: 'Exempt medical services',
            exemptionCode: 'VATEX-EU-132-1C',
          },
        ],
      }),
    );
    expect(exempt.clientTreatments).toHaveLength(1);
    await expect(inTenant((tx) => determineVat(tx, w.b.inc, w.b.hooli))).resolves.toEqual({
      category: 'E',
      rate: '0',
      exemptionReason: 'Exempt medical services',
      exemptionCode: 'VATEX-EU-132-1C',
    });
    // Without the opt-in there is no reverse charge.
    await inTenant((tx) => putTaxSettings(tx, w.b.inc, { ...settings, reverseChargeAbroad: false }));
    await expect(inTenant((tx) => determineVat(tx, w.b.inc, w.b.initech))).resolves.toMatchObject({
      category: 'S',
    });
    await inTenant((tx) => putTaxSettings(tx, w.b.inc, settings));
    expect((await inTenant((tx) => getTaxSettings(tx, w.b.inc))).clientTreatments).toEqual([]);
  });

  it('refuses an exempt treatment without a reason, and an S one with a reason, naming the field', async () => {
    const refused = inTenant((tx) =>
      putTaxSettings(tx, w.b.inc, {
        ...settings,
        defaultVatCategory: 'E',
        clientTreatments: [
          {
            clientId: w.b.globex,
            vatCategory: 'S',
            vatRate: null,
            exemptionReason: 'No',
            exemptionCode: null,
          },
          { clientId: uuidv7(), vatCategory: 'Z', vatRate: null, exemptionReason: null, exemptionCode: null },
        ],
      }),
    );
    await expect(refused).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fieldProblems: [
        { path: '/body/defaultExemptionReason' },
        { path: '/body/clientTreatments/0/exemptionReason' },
      ],
    });
    const unknownClient = inTenant((tx) =>
      putTaxSettings(tx, w.b.inc, {
        ...settings,
        clientTreatments: [
          { clientId: uuidv7(), vatCategory: 'Z', vatRate: null, exemptionReason: null, exemptionCode: null },
        ],
      }),
    );
    await expect(unknownClient).rejects.toMatchObject({
      code: 'REFERENCE_NOT_FOUND',
      fieldProblems: [{ path: '/body/clientTreatments/0/clientId' }],
    });
  });

  it('makes a billing run use the client’s VAT: reverse charge with its reason on the invoice', async () => {
    await inTenant((tx) => updateClient(tx, w.b.globex, { country: 'DE', vatId: 'DE123456789' }));
    try {
      await timeEntry(w.people.jin, w.projects.globex, '2026-01-05', 60);
      const invoice = await draftOf(w.b.inc, '2026-01');
      expect(invoice).toMatchObject({
        netMinor: 10000,
        vatMinor: 0,
        grossMinor: 10000,
        vatExemptionReason: 'Reverse charge',
        vatExemptionCode: 'VATEX-EU-AE',
        vatBreakdown: [{ category: 'AE', rate: '0', taxableMinor: 10000, vatMinor: 0 }],
      });
      expect(invoice.lines.map((line) => [line.vatCategory, line.vatRate])).toEqual([['AE', '0']]);
      await inTenant((tx) => voidInvoice(tx, invoice.id));
    } finally {
      await inTenant((tx) => updateClient(tx, w.b.globex, { country: 'US', vatId: null }));
    }
  });
});

describe('the worked example and a full credit note', () => {
  let invoice: Invoice;

  it('lines of 100 and 50 with a document allowance of 10 at 25% VAT: 140.00 net, 35.00 VAT, 175.00 gross', async () => {
    await timeEntry(w.people.jin, w.projects.globex, '2026-02-02', 60);
    await timeEntry(w.people.elena, w.projects.globex, '2026-02-03', 60);
    const draft = await draftOf(w.b.inc, '2026-02');
    expect(draft.lines.map((line) => [line.netMinor, line.vatCategory, line.vatRate])).toEqual([
      [10000, 'S', '25'],
      [5000, 'S', '25'],
    ]);
    expect([draft.netMinor, draft.vatMinor, draft.grossMinor]).toEqual([15000, 3750, 18750]);

    // A charge added and removed again leaves the totals as they were.
    const charged = await inTenant((tx) =>
      addInvoiceAllowance(tx, draft.id, { kind: 'charge', reason: 'Handling', amountMinor: 200n }),
    );
    expect([charged.netMinor, charged.vatMinor, charged.grossMinor]).toEqual([15200, 3800, 19000]);
    await inTenant((tx) => removeInvoiceAllowance(tx, draft.id, charged.allowances[0]?.id as string));

    invoice = await inTenant((tx) =>
      addInvoiceAllowance(tx, draft.id, {
        kind: 'allowance',
        reason: 'Loyalty discount',
        reasonCode: '95',
        amountMinor: 1000n,
      }),
    );
    expect(invoice).toMatchObject({
      lineNetMinor: 15000,
      allowanceTotalMinor: 1000,
      chargeTotalMinor: 0,
      netMinor: 14000,
      vatMinor: 3500,
      grossMinor: 17500,
      vatBreakdown: [{ category: 'S', rate: '25', taxableMinor: 14000, vatMinor: 3500 }],
      allowances: [
        {
          kind: 'allowance',
          reason: 'Loyalty discount',
          reasonCode: '95',
          amountMinor: 1000,
          vatCategory: 'S',
        },
      ],
    });
    // The stored totals are the ones read back.
    const stored = await inTenant(
      async (tx) =>
        (
          await sql<{ n: string; v: string; g: string }>`SELECT net_minor::text AS n, vat_minor::text AS v,
            gross_minor::text AS g FROM invoices WHERE tenant_id = ${w.tenantId} AND id = ${draft.id}`.execute(
            tx.db,
          )
        ).rows[0],
    );
    expect(stored).toEqual({ n: '14000', v: '3500', g: '17500' });

    // An allowance in a category the invoice has no lines of is refused, naming the field.
    await expect(
      inTenant((tx) =>
        addInvoiceAllowance(tx, draft.id, {
          kind: 'allowance',
          reason: 'x',
          amountMinor: 1n,
          vatCategory: 'Z',
        }),
      ),
    ).rejects.toMatchObject({
      code: 'BUSINESS_RULE_VIOLATED',
      fieldProblems: [{ path: '/body/vatCategory' }],
    });
    // More than the lines is refused too.
    await expect(
      inTenant((tx) =>
        addInvoiceAllowance(tx, draft.id, { kind: 'allowance', reason: 'x', amountMinor: 20000n }),
      ),
    ).rejects.toMatchObject({
      code: 'BUSINESS_RULE_VIOLATED',
      fieldProblems: [{ path: '/body/amountMinor' }],
    });

    const issued = await issue(draft.id, '2026-03-01');
    invoice = issued;
    expect(issued).toMatchObject({ status: 'issued', number: 1, grossMinor: 17500 });
    const receivables = await inTenant((tx) => accountForRole(tx, w.b.inc, 'receivables'));
    const revenue = await inTenant((tx) => accountForRole(tx, w.b.inc, 'revenue_services'));
    const vat = await inTenant((tx) => accountForRole(tx, w.b.inc, 'vat_payable'));
    expect(await entryLines(issued.journalEntryId)).toEqual([
      ['debit', receivables.id, 17500],
      ['credit', revenue.id, 14000],
      ['credit', vat.id, 3500],
    ]);
    // Issued: no more allowances.
    await expect(
      inTenant((tx) =>
        addInvoiceAllowance(tx, draft.id, { kind: 'charge', reason: 'late', amountMinor: 1n }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('credits it in full: the mirror posting, and receivables back to zero', async () => {
    const { creditNote } = await inTenant((tx) =>
      createCreditNote(tx, invoice.id, { reason: 'Cancelled engagement', full: true }),
    );
    expect(creditNote).toMatchObject({
      kind: 'credit_note',
      status: 'draft',
      correctsInvoiceId: invoice.id,
      creditReason: 'Cancelled engagement',
      number: null,
      netMinor: 14000,
      vatMinor: 3500,
      grossMinor: 17500,
      allowances: [{ kind: 'allowance', reason: 'Loyalty discount', amountMinor: 1000 }],
    });
    expect(creditNote.lines.map((line) => [line.correctsLineId, line.netMinor, line.quantity])).toEqual(
      invoice.lines.map((line) => [line.id, line.netMinor, line.quantity]),
    );
    // Nothing is left to credit.
    await expect(
      inTenant((tx) => createCreditNote(tx, invoice.id, { reason: 'again', full: true })),
    ).rejects.toMatchObject({ code: 'BUSINESS_RULE_VIOLATED', fieldProblems: [{ path: '/body/full' }] });

    const issued = await issue(creditNote.id, '2026-03-05');
    expect(issued).toMatchObject({ kind: 'credit_note', status: 'issued', number: 1 });
    const original = await entryLines(invoice.journalEntryId);
    const mirror = await entryLines(issued.journalEntryId);
    expect(mirror).toEqual(
      original.map(([side, account, amount]) => [side === 'debit' ? 'credit' : 'debit', account, amount]),
    );
    const receivables = await inTenant((tx) => accountForRole(tx, w.b.inc, 'receivables'));
    const balance = await inTenant((tx) => accountBalance(tx, receivables.id, '2026-12-31'));
    expect(balance.currencies).toEqual([
      { currency: 'USD', debitMinor: 17500, creditMinor: 17500, balanceMinor: 0 },
    ]);
    expect(balance.functional.balanceMinor).toBe(0);
    // The trial balance of the period: receivables, revenue and VAT moved and came back to zero.
    const trial = await inTenant((tx) =>
      trialBalance(tx, { legalEntityId: w.b.inc, from: '2026-03-01', to: '2026-03-31' }),
    );
    const closing = (id: string) => trial.accounts.find((row) => row.accountId === id)?.functional;
    const revenue = await inTenant((tx) => accountForRole(tx, w.b.inc, 'revenue_services'));
    const vat = await inTenant((tx) => accountForRole(tx, w.b.inc, 'vat_payable'));
    expect(closing(receivables.id)).toEqual({
      openingMinor: 0,
      debitMinor: 17500,
      creditMinor: 17500,
      closingMinor: 0,
    });
    expect(closing(revenue.id)).toEqual({
      openingMinor: 0,
      debitMinor: 14000,
      creditMinor: 14000,
      closingMinor: 0,
    });
    expect(closing(vat.id)).toEqual({
      openingMinor: 0,
      debitMinor: 3500,
      creditMinor: 3500,
      closingMinor: 0,
    });
    expect(trial.totals.functional.debitMinor).toBe(trial.totals.functional.creditMinor);
    expect(
      (await inTenant((tx) => listInvoices(tx, { limit: 50 }, { kind: 'credit_note' }))).items,
    ).toHaveLength(1);
  });
});

describe('partial credit notes', () => {
  it('credit lines up to what is left of them, in their own gapless sequence per legal entity', async () => {
    await timeEntry(w.people.lee, w.projects.initech, '2026-04-06', 60);
    await timeEntry(w.people.lee, w.projects.initech, '2026-04-07', 30);
    const draft = await draftOf(w.b.ltd, '2026-04');
    expect([draft.netMinor, draft.vatMinor, draft.grossMinor]).toEqual([18000, 3600, 21600]);
    const [first, second] = draft.lines;
    if (!first || !second) throw new Error('two lines expected');
    // A draft cannot be credited.
    await expect(
      inTenant((tx) => createCreditNote(tx, draft.id, { reason: 'x', full: true })),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const invoice = await issue(draft.id, '2026-05-01');
    expect(invoice.number).toBe(1);

    const credit = (lines: { lineId: string; amountMinor: bigint }[], key?: string) =>
      inTenant((tx) =>
        createCreditNote(tx, invoice.id, {
          reason: 'Hours billed in error',
          lines,
          ...(key ? { idempotencyKey: key } : {}),
        }),
      );
    const a = (await credit([{ lineId: first.id, amountMinor: 5000n }], 'cn-a')).creditNote;
    expect(a).toMatchObject({ netMinor: 5000, vatMinor: 1000, grossMinor: 6000 });
    expect(a.lines).toMatchObject([
      { correctsLineId: first.id, netMinor: 5000, quantity: 1, unitPriceMinor: 5000 },
    ]);
    // The same key again returns the same credit note; another body under it is refused.
    const replay = await credit([{ lineId: first.id, amountMinor: 5000n }], 'cn-a');
    expect(replay).toMatchObject({ replayed: true, creditNote: { id: a.id } });
    await expect(credit([{ lineId: first.id, amountMinor: 4000n }], 'cn-a')).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });

    // 12000 − 5000 = 7000 left of the first line: 8000 is refused, naming the field.
    await expect(
      credit([
        { lineId: second.id, amountMinor: 100n },
        { lineId: first.id, amountMinor: 8000n },
      ]),
    ).rejects.toMatchObject({
      code: 'BUSINESS_RULE_VIOLATED',
      status: 422,
      fieldProblems: [
        { path: '/body/lines/1/amountMinor', message: 'exceeds what is left to credit of the line (7000)' },
      ],
    });
    await expect(credit([{ lineId: uuidv7(), amountMinor: 1n }])).rejects.toMatchObject({
      fieldProblems: [{ path: '/body/lines/0/lineId' }],
    });
    const b = (await credit([{ lineId: first.id, amountMinor: 7000n }])).creditNote;
    await expect(credit([{ lineId: first.id, amountMinor: 1n }])).rejects.toMatchObject({
      fieldProblems: [{ path: '/body/lines/0/amountMinor' }],
    });
    // The database refuses an over-credit too, whatever the service checked.
    await expect(
      inTenant(async (tx) => {
        await sql`INSERT INTO invoice_lines (tenant_id, id, invoice_id, legal_entity_id, client_id, practice_id, region_id,
            line_no, origin_kind, origin_ids, description, quantity, unit_price_minor, net_minor, vat_category, vat_rate,
            corrects_line_id)
          SELECT tenant_id, ${uuidv7()}, ${b.id}, legal_entity_id, client_id, practice_id, region_id, 2, origin_kind,
            origin_ids, description, 1, 1, 1, vat_category, vat_rate, id
          FROM invoice_lines WHERE tenant_id = ${w.tenantId} AND id = ${first.id}`.execute(tx.db);
        tx.audit({ action: 'test.raw', resourceKind: 'invoice_line', resourceId: null });
      }),
    ).rejects.toMatchObject({
      code: 'BUSINESS_RULE_VIOLATED',
      detail: 'The amount credited exceeds the line it corrects',
    });

    // Voiding a draft credit note frees what it credited.
    await inTenant((tx) => voidInvoice(tx, b.id));
    const c = (await credit([{ lineId: first.id, amountMinor: 7000n }])).creditNote;

    // Numbers: credit notes 1, 2 of Ltd (the void one never got one); Ltd's invoices go on at 2.
    const issuedA = await issue(a.id, '2026-05-02');
    expect(issuedA.number).toBe(1);
    expect((await issue(c.id, '2026-05-03')).number).toBe(2);
    await timeEntry(w.people.lee, w.projects.initech, '2026-06-01', 60);
    const next = await draftOf(w.b.ltd, '2026-06');
    expect((await issue(next.id, '2026-06-30')).number).toBe(2);

    // Concurrent credit notes of the second line (60.00): of two for 40.00 each, one is refused.
    const raced = await Promise.allSettled(
      [1, 2].map(() => credit([{ lineId: second.id, amountMinor: 4000n }])),
    );
    expect(raced.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(raced.find((r) => r.status === 'rejected')).toMatchObject({
      reason: { code: 'BUSINESS_RULE_VIOLATED', fieldProblems: [{ path: '/body/lines/0/amountMinor' }] },
    });

    // Each posting balances and mirrors the invoice's shape.
    const entry = await inTenant((tx) => getJournalEntry(tx, issuedA.journalEntryId as string));
    const debit = entry.lines.filter((l) => l.side === 'debit').reduce((s, l) => s + l.amount.amountMinor, 0);
    const creditSum = entry.lines
      .filter((l) => l.side === 'credit')
      .reduce((s, l) => s + l.amount.amountMinor, 0);
    expect([debit, creditSum]).toEqual([6000, 6000]);
    expect(
      documentPostingLines({
        kind: 'credit_note',
        currency: 'USD',
        vatMinor: 1000n,
        grossMinor: 6000n,
        lines: [{ originKind: 'time', netMinor: 5000n }],
        allowances: [],
      }).map((l) => [l.side, 'role' in l.account ? l.account.role : '', l.amountMinor]),
    ).toEqual([
      ['credit', 'receivables', 6000n],
      ['debit', 'revenue_services', 5000n],
      ['debit', 'vat_payable', 1000n],
    ]);
  });
});

describe('segment scope', () => {
  it('answers a finance member scoped to Ltd as if an Inc invoice did not exist', async () => {
    const incInvoice = (
      await inTenant((tx) => listInvoices(tx, { limit: 50 }, { legalEntityId: w.b.inc, kind: 'invoice' }))
    ).items[0];
    expect(incInvoice).toBeDefined();
    const ltdFinance = staff(w.tenantId, { legal_entity: [w.b.ltd] });
    // The service reads the invoice by id only: row-level security alone hides it.
    await expect(
      t.tessera.withTenant(ltdFinance, (tx) =>
        createCreditNote(tx, incInvoice?.id as string, { reason: 'x', full: true }),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.tessera.withTenant(ltdFinance, (tx) => getTaxSettings(tx, w.b.inc), { readOnly: true }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const seen = await t.tessera.withTenant(
      ltdFinance,
      async (tx) =>
        (
          await sql<{ legal_entity_id: string }>`SELECT DISTINCT legal_entity_id FROM invoice_allowances
            UNION SELECT DISTINCT legal_entity_id FROM legal_entity_tax_settings`.execute(tx.db)
        ).rows.map((row) => row.legal_entity_id),
      { readOnly: true },
    );
    expect(seen).toEqual([w.b.ltd]);
  });
});
