import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { createContract, updateContract } from '../contracts/index.ts';
import { createChart } from '../ledger/index.ts';
import { createClient, createLegalEntity } from '../organization/index.ts';
import { type BrightpathSegments, seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { runBilling } from './billing-run.service.ts';
import { createCreditNote } from './credit-note.service.ts';
import { addContractFee, listContractFees } from './fee-schedule.service.ts';
import { approveInvoice, getInvoice, issueInvoice, voidInvoice } from './invoice.service.ts';

let t: TestTessera;
let tenantId: string;
let b: BrightpathSegments;

const inTenant = <T>(work: (tx: TenantTransaction) => Promise<T>) =>
  t.tessera.withTenant(staff(tenantId), work);
const vat = { vatCategory: 'S', vatRate: '25' } as const;
const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

/** A legal entity of its own (billing runs are per entity), a client in it and a contract. */
async function contractWorld(
  name: string,
  more: { billingModel?: 'subscription' | 'retainer' | 'time_and_materials'; startsOn?: string } = {},
) {
  return inTenant(async (tx) => {
    const entity = await createLegalEntity(tx, {
      name: `${name} LLC`,
      country: 'US',
      functionalCurrency: 'USD',
    });
    await createChart(tx, { legalEntityId: entity.id });
    const client = await createClient(tx, {
      name: `${name} client`,
      legalEntityId: entity.id,
      regionId: b.us,
    });
    const contract = await createContract(tx, {
      name: `${name} plan`,
      clientId: client.id,
      legalEntityId: entity.id,
      practiceId: b.pricing,
      currency: 'USD',
      billingModel: more.billingModel ?? 'subscription',
      startsOn: more.startsOn ?? '2026-01-01',
      status: 'active',
    });
    return { entityId: entity.id, contractId: contract.id };
  });
}

const run = (entityId: string, key: string, month: string, more: { dryRun?: boolean } = {}) =>
  inTenant((tx) =>
    runBilling(tx, key, {
      legalEntityId: entityId,
      periodFrom: `${month}-01`,
      periodTo: new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0))
        .toISOString()
        .slice(0, 10),
      ...vat,
      ...more,
    }),
  );

const feeLines = (result: Awaited<ReturnType<typeof run>>) =>
  result.invoices.flatMap((invoice) =>
    invoice.lines
      .filter((line) => line.originKind === 'fee')
      .map((line) => [line.description, line.netMinor]),
  );

const billings = (contractId: string) =>
  inTenant(async (tx) =>
    (
      await sql<{
        period_from: string;
        revision: number;
        kind: string;
        amount_minor: bigint;
        released: boolean;
      }>`
          SELECT period_from, revision, kind, amount_minor, released_at IS NOT NULL AS released
          FROM contract_fee_billings WHERE tenant_id = ${tenantId} AND contract_id = ${contractId}
          ORDER BY period_from, revision, created_at`.execute(tx.db)
    ).rows.map((r) => [
      String(r.period_from).slice(0, 10),
      r.revision,
      r.kind,
      Number(r.amount_minor),
      r.released,
    ]),
  );

beforeAll(async () => {
  t = await openTestTessera();
  tenantId = await createTestTenant(t.tessera, { name: 'Brightpath fees' });
  b = await seedBrightpath(t.tessera, tenantId);
}, 120_000);
afterAll(() => t.cleanup());

describe('recurring fees in billing runs', () => {
  it('bills a $10/month plan switched to $20 on 16 June as 1000 and an explicit +500 adjustment, then 2000', async () => {
    const w = await contractWorld('Worked');
    await inTenant(async (tx) => {
      await addContractFee(tx, w.contractId, {
        amount: usd(1000),
        interval: 'month',
        effectiveFrom: '2026-06-01',
      });
      await addContractFee(tx, w.contractId, {
        amount: usd(2000),
        interval: 'month',
        effectiveFrom: '2026-06-16',
      });
    });
    const juneRun = await run(w.entityId, 'worked-06', '2026-06');
    expect(juneRun.invoices).toHaveLength(1);
    expect(feeLines(juneRun)).toEqual([
      ['Subscription, 2026-06-01 to 2026-06-30', 1000],
      ['Subscription: change effective 2026-06-16, 2026-06-01 to 2026-06-30 (15/30 days)', 500],
    ]);
    expect(juneRun.invoices[0]).toMatchObject({ netMinor: 1500, vatMinor: 375, grossMinor: 1875 });
    expect(juneRun.invoices[0]?.lines.map((l) => [l.quantity, l.unitPriceMinor])).toEqual([
      [1, 1000],
      [1, 500],
    ]);
    const julyRun = await run(w.entityId, 'worked-07', '2026-07');
    expect(feeLines(julyRun)).toEqual([['Subscription, 2026-07-01 to 2026-07-31', 2000]]);
    expect(await billings(w.contractId)).toEqual([
      ['2026-06-01', 1, 'period', 1000, false],
      ['2026-06-01', 2, 'adjustment', 500, false],
      ['2026-07-01', 1, 'period', 1000, false],
      ['2026-07-01', 2, 'period', 1000, false],
    ]);
  });

  it('bills a change recorded after its period was billed on the next run: +500 for June with July at 2000', async () => {
    const w = await contractWorld('Later');
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(1000), interval: 'month', effectiveFrom: '2026-06-01' }),
    );
    expect(feeLines(await run(w.entityId, 'later-06', '2026-06'))).toEqual([
      ['Subscription, 2026-06-01 to 2026-06-30', 1000],
    ]);
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(2000), interval: 'month', effectiveFrom: '2026-06-16' }),
    );
    expect(feeLines(await run(w.entityId, 'later-07', '2026-07'))).toEqual([
      ['Subscription: change effective 2026-06-16, 2026-06-01 to 2026-06-30 (15/30 days)', 500],
      ['Subscription, 2026-07-01 to 2026-07-31', 2000],
    ]);
  });

  it('prorates the first period of a fee starting mid-month: $31 from 15 May is $17, then $31', async () => {
    const w = await contractWorld('Midway', { startsOn: '2026-05-15' });
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, {
        amount: usd(3100),
        interval: 'month',
        effectiveFrom: '2026-05-15',
        description: 'Advisory retainer',
      }),
    );
    expect(feeLines(await run(w.entityId, 'midway-05', '2026-05'))).toEqual([
      ['Advisory retainer, 2026-05-01 to 2026-05-31 (17/31 days)', 1700],
    ]);
    expect(feeLines(await run(w.entityId, 'midway-06', '2026-06'))).toEqual([
      ['Advisory retainer, 2026-06-01 to 2026-06-30', 3100],
    ]);
  });

  it('credits a downgrade on the next invoice, which still issues with its positive net', async () => {
    const w = await contractWorld('Downgrade');
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(2000), interval: 'month', effectiveFrom: '2026-06-01' }),
    );
    await run(w.entityId, 'down-06', '2026-06');
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(1000), interval: 'month', effectiveFrom: '2026-07-16' }),
    );
    const july = await run(w.entityId, 'down-07', '2026-07');
    expect(feeLines(july)).toEqual([
      ['Subscription, 2026-07-01 to 2026-07-31', 2000],
      ['Subscription: change effective 2026-07-16, 2026-07-01 to 2026-07-31 (16/31 days)', -516],
    ]);
    const invoice = july.invoices[0];
    if (!invoice) throw new Error('expected an invoice');
    expect(invoice.netMinor).toBe(1484);
    await inTenant((tx) => approveInvoice(tx, invoice.id));
    const issued = await inTenant((tx) => issueInvoice(tx, invoice.id, { issueDate: '2026-07-01' }));
    expect(issued).toMatchObject({ status: 'issued', netMinor: 1484, vatMinor: 371, grossMinor: 1855 });
  });

  it('bills a fee period once: a second run of the period, a replay and a dry run add nothing', async () => {
    const w = await contractWorld('Once');
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, {
        amount: usd(5000),
        interval: 'quarter',
        effectiveFrom: '2026-07-01',
      }),
    );
    const preview = await run(w.entityId, 'once-dry', '2026-07', { dryRun: true });
    expect(preview.preview.flatMap((d) => d.lines.map((l) => [l.originKind, l.netMinor]))).toEqual([
      ['fee', 5000n],
    ]);
    expect(await billings(w.contractId)).toEqual([]);
    const first = await run(w.entityId, 'once-1', '2026-07');
    expect(feeLines(first)).toEqual([['Subscription, 2026-07-01 to 2026-09-30', 5000]]);
    const replay = await run(w.entityId, 'once-1', '2026-07');
    expect(replay.replayed).toBe(true);
    expect(replay.invoices.map((i) => i.id)).toEqual(first.invoices.map((i) => i.id));
    expect((await run(w.entityId, 'once-2', '2026-07')).invoices).toEqual([]);
    // August and September are inside the quarter billed in advance.
    expect((await run(w.entityId, 'once-3', '2026-08')).invoices).toEqual([]);
    expect((await run(w.entityId, 'once-4', '2026-09')).invoices).toEqual([]);
    expect(feeLines(await run(w.entityId, 'once-5', '2026-10'))).toEqual([
      ['Subscription, 2026-10-01 to 2026-12-31', 5000],
    ]);
    expect((await run(w.entityId, 'once-dry-2', '2026-10', { dryRun: true })).preview).toEqual([]);
  });

  it('bills each fee period once under concurrent runs', async () => {
    const w = await contractWorld('Concurrent');
    await inTenant(async (tx) => {
      await addContractFee(tx, w.contractId, {
        amount: usd(1000),
        interval: 'month',
        effectiveFrom: '2026-03-01',
      });
      await addContractFee(tx, w.contractId, {
        amount: usd(2000),
        interval: 'month',
        effectiveFrom: '2026-04-16',
      });
    });
    for (const month of ['2026-04', '2026-05']) {
      const runs = await Promise.allSettled(
        [1, 2, 3, 4].map((k) => run(w.entityId, `conc-${month}-${k}`, month)),
      );
      const lines = runs.flatMap((r) => (r.status === 'fulfilled' ? feeLines(r.value) : []));
      if (month === '2026-04')
        // March and April (catching up from the first fee), April's change: once each.
        expect(lines.map(([, net]) => Number(net)).sort((x, y) => x - y)).toEqual([500, 1000, 1000]);
      else expect(lines.map(([, net]) => net)).toEqual([2000]);
      expect(runs.some((r) => r.status === 'fulfilled')).toBe(true);
    }
    const rows = await billings(w.contractId);
    const keys = rows.map(([period, revision]) => `${period}|${revision}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(rows.reduce((sum, row) => sum + Number(row[3]), 0)).toBe(1000 + 1000 + 500 + 2000);
  });

  it('leaves a contract another open run is billing to that run, and the unique key backs it', async () => {
    const w = await contractWorld('Overlap');
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(900), interval: 'month', effectiveFrom: '2026-08-01' }),
    );
    // The first run holds its transaction open until the second has finished (or, on PGlite,
    // whose one session runs them one after the other, for a moment).
    let secondDone: () => void = () => {};
    const second = new Promise<void>((resolve) => {
      secondDone = resolve;
    });
    const first = inTenant(async (tx) => {
      const result = await runBilling(tx, 'overlap-1', {
        legalEntityId: w.entityId,
        periodFrom: '2026-08-01',
        periodTo: '2026-08-31',
        ...vat,
      });
      await Promise.race([second, new Promise((resolve) => setTimeout(resolve, 300))]);
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const other = await run(w.entityId, 'overlap-2', '2026-08').finally(secondDone);
    expect(feeLines(other)).toEqual([]);
    expect(feeLines(await first)).toEqual([['Subscription, 2026-08-01 to 2026-08-31', 900]]);
    expect(await billings(w.contractId)).toEqual([['2026-08-01', 1, 'period', 900, false]]);
    // The key itself: a second claim of the same share is refused by the database.
    await expect(
      inTenant((tx) =>
        sql`INSERT INTO contract_fee_billings (tenant_id, id, contract_id, contract_fee_id, revision,
            period_from, period_to, kind, amount_minor, invoice_id, invoice_line_id, legal_entity_id, client_id,
            practice_id, region_id)
          SELECT tenant_id, ${uuidv7()}, contract_id, contract_fee_id, revision, period_from, period_to, kind,
            amount_minor, invoice_id, invoice_line_id, legal_entity_id, client_id, practice_id, region_id
          FROM contract_fee_billings WHERE tenant_id = ${tenantId} AND contract_id = ${w.contractId}`.execute(
          tx.db,
        ),
      ),
    ).rejects.toMatchObject({ code: 'DUPLICATE' });
  });

  it('bills a period again when the invoice that billed it is voided', async () => {
    const w = await contractWorld('Voided');
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(1200), interval: 'month', effectiveFrom: '2026-06-01' }),
    );
    const [invoice] = (await run(w.entityId, 'void-06', '2026-06')).invoices;
    if (!invoice) throw new Error('expected an invoice');
    await inTenant((tx) => voidInvoice(tx, invoice.id));
    expect(feeLines(await run(w.entityId, 'void-06-again', '2026-06'))).toEqual([
      ['Subscription, 2026-06-01 to 2026-06-30', 1200],
    ]);
    expect(await billings(w.contractId)).toEqual([
      ['2026-06-01', 1, 'period', 1200, true],
      ['2026-06-01', 1, 'period', 1200, false],
    ]);
    expect((await run(w.entityId, 'void-06-third', '2026-06')).invoices).toEqual([]);
  });

  it('bills a period again once an issued invoice is credited in full with rebill', async () => {
    const w = await contractWorld('Rebilled');
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(1200), interval: 'month', effectiveFrom: '2026-06-01' }),
    );
    const [invoice] = (await run(w.entityId, 'rebill-06', '2026-06')).invoices;
    if (!invoice) throw new Error('expected an invoice');
    await inTenant((tx) => approveInvoice(tx, invoice.id));
    await inTenant((tx) => issueInvoice(tx, invoice.id, { issueDate: '2026-07-01' }));
    const { creditNote } = await inTenant((tx) =>
      createCreditNote(tx, invoice.id, { reason: 'Wrong plan', full: true, rebill: true }),
    );
    // Drafted, not issued: the period stays billed.
    expect((await run(w.entityId, 'rebill-06-draft', '2026-06')).invoices).toEqual([]);
    await inTenant((tx) => approveInvoice(tx, creditNote.id));
    await inTenant((tx) => issueInvoice(tx, creditNote.id, { issueDate: '2026-07-02' }));
    expect(feeLines(await run(w.entityId, 'rebill-06-again', '2026-06'))).toEqual([
      ['Subscription, 2026-06-01 to 2026-06-30', 1200],
    ]);
    expect(await billings(w.contractId)).toEqual([
      ['2026-06-01', 1, 'period', 1200, true],
      ['2026-06-01', 1, 'period', 1200, false],
    ]);
    expect((await run(w.entityId, 'rebill-06-third', '2026-06')).invoices).toEqual([]);
  });
});

describe('the fee schedule', () => {
  it('keeps changes as history rows and refuses what it cannot bill, naming the field', async () => {
    const w = await contractWorld('Rules');
    const tm = await contractWorld('Hourly', { billingModel: 'time_and_materials' });
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(1000), interval: 'month', effectiveFrom: '2026-03-10' }),
    );
    const refusal = (contractId: string, input: Parameters<typeof addContractFee>[2]) =>
      inTenant((tx) => addContractFee(tx, contractId, input)).then(
        () => null,
        (error: { code: string; fieldProblems?: { path: string }[] }) => [
          error.code,
          (error.fieldProblems ?? []).map((p) => p.path),
        ],
      );
    expect(
      await refusal(tm.contractId, { amount: usd(1), interval: 'month', effectiveFrom: '2026-03-01' }),
    ).toEqual(['BUSINESS_RULE_VIOLATED', ['/params/id']]);
    expect(
      await refusal(w.contractId, { amount: usd(1), interval: 'month', effectiveFrom: '2026-03-09' }),
    ).toEqual(['BUSINESS_RULE_VIOLATED', ['/body/effectiveFrom']]);
    expect(
      await refusal(w.contractId, { amount: usd(1), interval: 'year', effectiveFrom: '2026-04-01' }),
    ).toEqual(['BUSINESS_RULE_VIOLATED', ['/body/interval']]);
    expect(
      await refusal(w.contractId, {
        amount: { amountMinor: 1, currency: 'EUR' },
        interval: 'month',
        effectiveFrom: '2026-04-01',
      }),
    ).toEqual(['BUSINESS_RULE_VIOLATED', ['/body/amount/currency']]);
    expect(
      await refusal(w.contractId, { amount: usd(1), interval: 'month', effectiveFrom: '2025-12-31' }),
    ).toEqual(['BUSINESS_RULE_VIOLATED', ['/body/effectiveFrom', '/body/effectiveFrom']]);
    // A correction on the same day is a new row; the rows are never updated.
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(1500), interval: 'month', effectiveFrom: '2026-03-10' }),
    );
    const fees = await inTenant((tx) => listContractFees(tx, w.contractId));
    expect(fees.map((f) => [f.revision, f.amount.amountMinor, f.effectiveFrom, f.interval])).toEqual([
      [1, 1000, '2026-03-10', 'month'],
      [2, 1500, '2026-03-10', 'month'],
    ]);
    await expect(
      inTenant((tx) =>
        sql`UPDATE contract_fees SET amount_minor = 1 WHERE tenant_id = ${tenantId}`.execute(tx.db),
      ),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('is visible only within the contract’s segments (row-level security)', async () => {
    const w = await contractWorld('Scoped');
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(700), interval: 'month', effectiveFrom: '2026-02-01' }),
    );
    await run(w.entityId, 'scoped-02', '2026-02');
    // No WHERE on the segment: only the policies can hide the rows.
    const counts = (scope: Parameters<typeof staff>[1]) =>
      t.tessera.withTenant(
        staff(tenantId, scope),
        async (tx) => {
          const fees = await sql<{ n: string }>`SELECT count(*) AS n FROM contract_fees
            WHERE contract_id = ${w.contractId}`.execute(tx.db);
          const billed = await sql<{ n: string }>`SELECT count(*) AS n FROM contract_fee_billings
            WHERE contract_id = ${w.contractId}`.execute(tx.db);
          return [Number(fees.rows[0]?.n), Number(billed.rows[0]?.n)];
        },
        { readOnly: true },
      );
    expect(await counts({})).toEqual([1, 1]);
    expect(await counts({ legal_entity: [b.inc] })).toEqual([0, 0]);
    expect(await counts({ region: [b.ukEu] })).toEqual([0, 0]);
    expect(await counts({ practice: [b.technology] })).toEqual([0, 0]);
    await expect(
      t.tessera.withTenant(
        staff(tenantId, { legal_entity: [b.inc] }),
        (tx) => listContractFees(tx, w.contractId),
        {
          readOnly: true,
        },
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('fee credits that no invoice can carry', () => {
  const stopAfterJune = async (name: string, issueJune: boolean) => {
    const w = await contractWorld(name);
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(2000), interval: 'month', effectiveFrom: '2026-06-01' }),
    );
    const june = (await run(w.entityId, `${name}-06`, '2026-06')).invoices[0];
    if (!june) throw new Error('expected an invoice');
    if (issueJune) {
      await inTenant((tx) => approveInvoice(tx, june.id));
      await inTenant((tx) => issueInvoice(tx, june.id, { issueDate: '2026-06-01' }));
    }
    // Stopped from 16 June, after June was billed in advance: 2000 × 15/30 = 1000 to credit.
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(0), interval: 'month', effectiveFrom: '2026-06-16' }),
    );
    return { ...w, june };
  };

  it('go to a credit note of the invoice that billed the period, on its fee line', async () => {
    const w = await stopAfterJune('Stopped', true);
    const preview = await run(w.entityId, 'stopped-07-preview', '2026-07', { dryRun: true });
    expect(preview.preview).toMatchObject([
      {
        kind: 'credit_note',
        correctsInvoiceId: w.june.id,
        netMinor: 1000n,
        vatMinor: 250n,
        grossMinor: 1250n,
      },
    ]);
    const july = await run(w.entityId, 'stopped-07', '2026-07');
    expect(july.invoices).toHaveLength(1);
    const [note] = july.invoices;
    expect(note).toMatchObject({
      kind: 'credit_note',
      status: 'draft',
      correctsInvoiceId: w.june.id,
      creditReason: 'Subscription: change effective 2026-06-16, 2026-06-01 to 2026-06-30 (15/30 days)',
      netMinor: 1000,
      grossMinor: 1250,
    });
    expect(note?.lines.map((line) => [line.correctsLineId, line.netMinor])).toEqual([
      [w.june.lines[0]?.id, 1000],
    ]);
    expect(await billings(w.contractId)).toEqual([
      ['2026-06-01', 1, 'period', 2000, false],
      ['2026-06-01', 2, 'adjustment', -1000, false],
    ]);
    // Issued, it settles part of June; the credit is billed once: another run finds nothing.
    await inTenant((tx) => approveInvoice(tx, note?.id as string));
    expect(
      await inTenant((tx) => issueInvoice(tx, note?.id as string, { issueDate: '2026-07-01' })),
    ).toMatchObject({
      status: 'issued',
      grossMinor: 1250,
    });
    expect((await run(w.entityId, 'stopped-07-again', '2026-07')).invoices).toEqual([]);
  });

  it('are released with the invoice they credit when it is credited in full with rebill', async () => {
    const w = await stopAfterJune('Restarted', true);
    const [stopCredit] = (await run(w.entityId, 'restarted-07', '2026-07')).invoices;
    if (!stopCredit) throw new Error('expected the stop’s credit note');
    // June's remainder (2000 − the 1000 the stop credits), with rebill: not while that credit is a
    // draft — June would be billed afresh with part of it still owed.
    const { creditNote: rest } = await inTenant((tx) =>
      createCreditNote(tx, w.june.id, { reason: 'Restart June', full: true, rebill: true }),
    );
    expect(rest.netMinor).toBe(1000);
    await inTenant((tx) => approveInvoice(tx, rest.id));
    await expect(
      inTenant((tx) => issueInvoice(tx, rest.id, { issueDate: '2026-07-02' })),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await inTenant((tx) => approveInvoice(tx, stopCredit.id));
    await inTenant((tx) => issueInvoice(tx, stopCredit.id, { issueDate: '2026-07-02' }));
    await inTenant((tx) => issueInvoice(tx, rest.id, { issueDate: '2026-07-02' }));
    // Both of June's billings are released, the stop's credit with the charge it credited …
    expect(await billings(w.contractId)).toEqual([
      ['2026-06-01', 1, 'period', 2000, true],
      ['2026-06-01', 2, 'adjustment', -1000, true],
    ]);
    // … so June is billed afresh with the stop: 2000 − 1000, and 2000 − 1000 − 1000 + 1000 in all.
    expect(feeLines(await run(w.entityId, 'restarted-06-again', '2026-06'))).toEqual([
      ['Subscription, 2026-06-01 to 2026-06-30', 2000],
      ['Subscription: change effective 2026-06-16, 2026-06-01 to 2026-06-30 (15/30 days)', -1000],
    ]);
  });

  it('stay on a draft while the period is billed only on a draft invoice (void it and run again)', async () => {
    const w = await stopAfterJune('Unissued', false);
    const july = await run(w.entityId, 'unissued-07', '2026-07');
    expect(july.invoices.map((invoice) => [invoice.kind, invoice.netMinor])).toEqual([['invoice', -1000]]);
    await inTenant((tx) => voidInvoice(tx, w.june.id));
    await inTenant((tx) => voidInvoice(tx, july.invoices[0]?.id as string));
    // Billed afresh, June nets its half month: the charge and the stop on one invoice.
    expect(feeLines(await run(w.entityId, 'unissued-06-again', '2026-06'))).toEqual([
      ['Subscription, 2026-06-01 to 2026-06-30', 2000],
      ['Subscription: change effective 2026-06-16, 2026-06-01 to 2026-06-30 (15/30 days)', -1000],
    ]);
  });
});

describe('the period a contract ends in', () => {
  const endOn = (contractId: string, endsOn: string | null) =>
    inTenant((tx) => updateContract(tx, contractId, { endsOn }));
  const issue = async (id: string, issueDate: string) => {
    await inTenant((tx) => approveInvoice(tx, id));
    return inTenant((tx) => issueInvoice(tx, id, { issueDate }));
  };
  const movedAcross = (period: string) => ({
    code: 'BUSINESS_RULE_VIOLATED',
    fieldProblems: [
      {
        path: '/body/endsOn',
        message: expect.stringContaining(`fee period ${period} of this contract is billed`),
      },
    ],
  });

  it('is billed to the contract’s last day: $30/month ending on 10 June bills $10, July nothing', async () => {
    const w = await contractWorld('Ending');
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, {
        amount: usd(3000),
        interval: 'month',
        effectiveFrom: '2026-06-01',
        description: 'Managed service',
      }),
    );
    await endOn(w.contractId, '2026-06-10');
    expect(feeLines(await run(w.entityId, 'ending-06', '2026-06'))).toEqual([
      ['Managed service, 2026-06-01 to 2026-06-30 (10/30 days, contract ends 2026-06-10)', 1000],
    ]);
    expect(feeLines(await run(w.entityId, 'ending-07', '2026-07'))).toEqual([]);
    expect(await billings(w.contractId)).toEqual([['2026-06-01', 1, 'period', 1000, false]]);
  });

  it('cannot move across a billed period until its invoice is credited with rebill, then bills the period anew', async () => {
    const w = await contractWorld('Extended');
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(3000), interval: 'month', effectiveFrom: '2026-06-01' }),
    );
    await endOn(w.contractId, '2026-06-10');
    const june = (await run(w.entityId, 'extended-06', '2026-06')).invoices[0];
    if (!june) throw new Error('expected an invoice');
    // Extending would leave 11–20 June unbilled for good; refused, naming the field, nothing changed.
    await expect(endOn(w.contractId, '2026-06-20')).rejects.toMatchObject(
      movedAcross('2026-06-01 to 2026-06-30'),
    );
    await expect(endOn(w.contractId, null)).rejects.toMatchObject(movedAcross('2026-06-01 to 2026-06-30'));
    await issue(june.id, '2026-06-01');
    const { creditNote } = await inTenant((tx) =>
      createCreditNote(tx, june.id, { reason: 'Contract extended', full: true, rebill: true }),
    );
    await issue(creditNote.id, '2026-06-12');
    expect(await endOn(w.contractId, '2026-06-20')).toMatchObject({ endsOn: '2026-06-20' });
    expect(feeLines(await run(w.entityId, 'extended-06-again', '2026-06'))).toEqual([
      ['Subscription, 2026-06-01 to 2026-06-30 (20/30 days, contract ends 2026-06-20)', 2000],
    ]);
    expect(await billings(w.contractId)).toEqual([
      ['2026-06-01', 1, 'period', 1000, true],
      ['2026-06-01', 1, 'period', 2000, false],
    ]);
  });

  it('cannot end before a period billed in advance while its invoice is live; a draft voided frees it', async () => {
    const w = await contractWorld('Terminated');
    await inTenant((tx) =>
      addContractFee(tx, w.contractId, { amount: usd(3000), interval: 'month', effectiveFrom: '2026-06-01' }),
    );
    const june = (await run(w.entityId, 'terminated-06', '2026-06')).invoices[0];
    if (!june) throw new Error('expected an invoice');
    await expect(endOn(w.contractId, '2026-06-15')).rejects.toMatchObject(
      movedAcross('2026-06-01 to 2026-06-30'),
    );
    expect(await inTenant((tx) => getInvoice(tx, june.id))).toMatchObject({
      status: 'draft',
      netMinor: 3000,
    });
    // Ending on the billed period's last day, or later, moves no billed day.
    expect(await endOn(w.contractId, '2026-06-30')).toMatchObject({ endsOn: '2026-06-30' });
    expect(await endOn(w.contractId, '2026-07-15')).toMatchObject({ endsOn: '2026-07-15' });
    await inTenant((tx) => voidInvoice(tx, june.id));
    expect(await endOn(w.contractId, '2026-06-15')).toMatchObject({ endsOn: '2026-06-15' });
    expect(feeLines(await run(w.entityId, 'terminated-06-again', '2026-06'))).toEqual([
      ['Subscription, 2026-06-01 to 2026-06-30 (15/30 days, contract ends 2026-06-15)', 1500],
    ]);
  });
});
