import fc from 'fast-check';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { testBackend } from '../../../test/support/test-databases.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { createLegalEntity, updateLegalEntity } from '../organization/legal-entity.service.ts';
import { updateAccount } from './account.service.ts';
import type { AccountRole } from './chart-template.ts';
import { allocateMinor } from './fx-conversion.ts';
import {
  type PostingInput,
  type PostingLine,
  postJournalEntry,
  reverseJournalEntry,
} from './journal.service.ts';
import { getJournalEntry } from './journal-query.ts';
import { accountBalance, trialBalance } from './ledger-reports.ts';
import { idOf, type LedgerFixture, seedLedger } from './ledger-test-fixture.ts';
import { closePeriod, listPeriods, reopenPeriod } from './period.service.ts';

let t: TestTessera;
let f: LedgerFixture;

beforeAll(async () => {
  t = await openTestTessera();
  f = await seedLedger(t.tessera, await createTestTenant(t.tessera, { name: 'Brightpath' }));
});
afterAll(() => t.cleanup());

const inTenant = <T>(work: (tx: TenantTransaction) => Promise<T>) => t.tessera.withTenant(f.ctx, work);
const line = (
  code: string,
  side: 'debit' | 'credit',
  amountMinor: bigint,
  currency = 'USD',
  more: Partial<PostingLine> = {},
): PostingLine => ({ account: { id: idOf(f.inc, code) }, side, amountMinor, currency, ...more });
const entry = (lines: PostingLine[], more: Partial<PostingInput> = {}): PostingInput => ({
  legalEntityId: f.b.inc,
  entryDate: '2026-03-10',
  description: 'Test entry',
  source: { kind: 'manual' },
  lines,
  ...more,
});
const post = (input: PostingInput) => inTenant((tx) => postJournalEntry(tx, input));

/** Inserts an entry and its lines with raw SQL in a tenant transaction (audited, so only the ledger's rules decide). */
async function rawEntry(
  lines: {
    account: string;
    currency: string;
    debit: bigint;
    credit: bigint;
    fDebit: bigint;
    fCredit: bigint;
  }[],
  options: { entryDate?: string; legalEntityId?: string; functionalCurrency?: string } = {},
): Promise<string> {
  const id = uuidv7();
  const legalEntityId = options.legalEntityId ?? f.b.inc;
  const functional = options.functionalCurrency ?? 'USD';
  const date = options.entryDate ?? '2026-03-12';
  await inTenant(async (tx) => {
    await sql`INSERT INTO journal_entries (tenant_id, id, legal_entity_id, functional_currency, entry_date, description, source_kind)
      VALUES (${f.tenantId}, ${id}, ${legalEntityId}, ${functional}, ${date}, 'raw', 'manual')`.execute(
      tx.db,
    );
    let no = 0;
    for (const l of lines) {
      no += 1;
      await sql`INSERT INTO journal_lines (tenant_id, id, entry_id, legal_entity_id, entry_date, functional_currency,
          line_no, account_id, currency, debit_minor, credit_minor, functional_debit_minor, functional_credit_minor, rate)
        VALUES (${f.tenantId}, ${uuidv7()}, ${id}, ${legalEntityId}, ${date}, ${functional}, ${no}, ${l.account},
          ${l.currency}, ${l.debit}, ${l.credit}, ${l.fDebit}, ${l.fCredit},
          ${l.currency === functional ? '1' : '1.1'})`.execute(tx.db);
    }
    tx.audit({ action: 'test.raw_entry', resourceKind: 'journal_entry', resourceId: id });
  });
  return id;
}
const usd = (account: string, debit: bigint, credit: bigint) => ({
  account,
  currency: 'USD',
  debit,
  credit,
  fDebit: debit,
  fCredit: credit,
});

describe('posting a journal entry', () => {
  it('writes a balanced entry in the functional currency, audited and announced', async () => {
    const { entry: posted, replayed } = await post(
      entry([line('1000', 'debit', 50_000_00n), line('3000', 'credit', 50_000_00n)], {
        entryDate: '2026-01-02',
      }),
    );
    expect(replayed).toBe(false);
    expect(posted).toMatchObject({
      legalEntityId: f.b.inc,
      functionalCurrency: 'USD',
      entryDate: '2026-01-02',
      source: { kind: 'manual', id: null, purpose: null },
      reversalOf: null,
      reversedBy: null,
    });
    expect(posted.lines.map((l) => [l.side, l.amount, l.functionalAmount, l.rate])).toEqual([
      [
        'debit',
        { amountMinor: 5_000_000, currency: 'USD' },
        { amountMinor: 5_000_000, currency: 'USD' },
        '1.0000000000',
      ],
      [
        'credit',
        { amountMinor: 5_000_000, currency: 'USD' },
        { amountMinor: 5_000_000, currency: 'USD' },
        '1.0000000000',
      ],
    ]);
    const audit = await inTenant(async (tx) =>
      (
        await sql<{
          action: string;
        }>`SELECT action FROM audit_events WHERE resource_id = ${posted.id}`.execute(tx.db)
      ).rows.map((row) => row.action),
    );
    expect(audit).toEqual(['journal_entry.posted']);
  });

  it('converts foreign lines at the latest rate on or before the date, allocating so the entry still balances', async () => {
    // EUR 100.01 at 1.10 (2026-01-01 rate) = USD 110.011 → 110.01; split three ways, each part
    // converted alone would sum to 110.00. Allocation by largest remainder keeps 110.01 on both sides.
    const { entry: posted } = await post(
      entry(
        [
          line('1100', 'debit', 100_01n, 'EUR'),
          line('4000', 'credit', 33_34n, 'EUR'),
          line('4100', 'credit', 33_34n, 'EUR'),
          line('4200', 'credit', 33_33n, 'EUR'),
        ],
        { entryDate: '2026-01-20' },
      ),
    );
    expect(posted.lines.map((l) => [l.functionalAmount.amountMinor, l.rate])).toEqual([
      [110_01, '1.1000000000'],
      [36_68, '1.1000000000'],
      [36_67, '1.1000000000'],
      [36_66, '1.1000000000'],
    ]);
    // On 2026-02-15 the 2026-02-01 rate (1.085) applies.
    const { entry: later } = await post(
      entry([line('1100', 'debit', 100_00n, 'EUR'), line('4000', 'credit', 100_00n, 'EUR')], {
        entryDate: '2026-02-15',
      }),
    );
    expect(later.lines.map((l) => l.functionalAmount.amountMinor)).toEqual([108_50, 108_50]);
  });

  it('uses the inverse of the reverse pair when only that is recorded, and refuses a currency without a rate', async () => {
    const { entry: posted } = await post(
      entry(
        [
          { account: { id: idOf(f.ltd, '1100') }, side: 'debit', amountMinor: 100_00n, currency: 'USD' },
          { account: { id: idOf(f.ltd, '4000') }, side: 'credit', amountMinor: 100_00n, currency: 'USD' },
        ],
        { legalEntityId: f.b.ltd },
      ),
    );
    // GBP/USD 1.25 recorded: USD/GBP = 0.8
    expect(posted.lines.map((l) => [l.functionalAmount, l.rate])).toEqual([
      [{ amountMinor: 80_00, currency: 'GBP' }, '0.8000000000'],
      [{ amountMinor: 80_00, currency: 'GBP' }, '0.8000000000'],
    ]);
    await expect(
      post(entry([line('1100', 'debit', 1_000n, 'JPY'), line('4000', 'credit', 1_000n, 'JPY')])),
    ).rejects.toMatchObject({ code: 'FX_RATE_MISSING', status: 422 });
    // A rate given by the caller wins over the table.
    const { entry: given } = await post(
      entry([line('1100', 'debit', 1_000n, 'JPY'), line('4000', 'credit', 1_000n, 'JPY')], {
        rates: { JPY: '0.0066' },
      }),
    );
    expect(given.lines.map((l) => l.functionalAmount.amountMinor)).toEqual([6_60, 6_60]);
  });

  it('takes a realised FX difference to the account it names, as a functional-only line', async () => {
    // Invoiced EUR 100 at 1.10 (USD 110.00); paid on 2026-02-10 when 1.085 applies (USD 108.50).
    const { entry: payment } = await post(
      entry(
        [
          line('1000', 'debit', 100_00n, 'EUR'),
          line('1100', 'credit', 100_00n, 'EUR', { functionalAmountMinor: 110_00n, rate: '1.1' }),
        ],
        {
          entryDate: '2026-02-10',
          source: { kind: 'payment', id: uuidv7(), purpose: 'receipt' },
          balanceFunctionalWith: { role: 'fx_gains_losses' },
        },
      ),
    );
    expect(payment.lines.map((l) => [l.accountId, l.side, l.amount, l.functionalAmount.amountMinor])).toEqual(
      [
        [idOf(f.inc, '1000'), 'debit', { amountMinor: 100_00, currency: 'EUR' }, 108_50],
        [idOf(f.inc, '1100'), 'credit', { amountMinor: 100_00, currency: 'EUR' }, 110_00],
        [idOf(f.inc, '7000'), 'debit', { amountMinor: 0, currency: 'EUR' }, 1_50],
      ],
    );
    // Without somewhere to put it, the difference is an imbalance.
    await expect(
      post(
        entry([
          line('1000', 'debit', 100_00n, 'EUR'),
          line('1100', 'credit', 100_00n, 'EUR', { functionalAmountMinor: 110_00n, rate: '1.1' }),
        ]),
      ),
    ).rejects.toMatchObject({ code: 'LEDGER_UNBALANCED' });
  });

  it('refuses an unbalanced entry with a 422 naming the currency', async () => {
    const refusal = await post(
      entry([line('1000', 'debit', 100n), line('3000', 'credit', 99n), line('1100', 'debit', 5n, 'EUR')]),
    ).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'LEDGER_UNBALANCED', status: 422 });
    expect((refusal as { fieldProblems: { message: string }[] }).fieldProblems.map((p) => p.message)).toEqual(
      [
        'debits and credits in USD differ by 1 minor units',
        'debits and credits in EUR differ by 5 minor units',
        'debits and credits in the functional currency USD differ by 6 minor units',
      ],
    );
  });

  it('refuses accounts of another legal entity as unknown, and inactive accounts', async () => {
    await expect(
      post(
        entry([
          line('1000', 'debit', 100n),
          { ...line('3000', 'credit', 100n), account: { id: idOf(f.ltd, '3000') } },
        ]),
      ),
    ).rejects.toMatchObject({
      code: 'REFERENCE_NOT_FOUND',
      fieldProblems: [{ path: '/body/lines/1/accountId' }],
    });
    await inTenant((tx) => updateAccount(tx, idOf(f.inc, '1500'), { active: false }));
    await expect(
      post(entry([line('1500', 'debit', 100n), line('3000', 'credit', 100n)])),
    ).rejects.toMatchObject({
      code: 'LEDGER_ACCOUNT_INACTIVE',
    });
    await inTenant((tx) => updateAccount(tx, idOf(f.inc, '1500'), { active: true }));
  });

  it('posts by account roles, as billing will, and names the role a chart lacks', async () => {
    const invoice = uuidv7();
    const byRole = (role: AccountRole, side: 'debit' | 'credit', amountMinor: bigint, currency = 'USD') => ({
      account: { role },
      side,
      amountMinor,
      currency,
    });
    const { entry: posted } = await post(
      entry(
        [
          byRole('receivables', 'debit', 120_00n),
          byRole('revenue_services', 'credit', 100_00n),
          byRole('vat_payable', 'credit', 20_00n),
        ],
        { source: { kind: 'invoice', id: invoice, purpose: 'issue' } },
      ),
    );
    expect(posted.lines.map((l) => l.accountId)).toEqual([
      idOf(f.inc, '1100'),
      idOf(f.inc, '4000'),
      idOf(f.inc, '2200'),
    ]);
    expect(posted.source).toEqual({ kind: 'invoice', id: invoice, purpose: 'issue' });
    const bare = await inTenant((tx) =>
      createLegalEntity(tx, { name: 'Brightpath GmbH', country: 'DE', functionalCurrency: 'EUR' }),
    );
    await expect(
      post(
        entry([byRole('receivables', 'debit', 1n, 'EUR'), byRole('revenue_services', 'credit', 1n, 'EUR')], {
          legalEntityId: bare.id,
        }),
      ),
    ).rejects.toMatchObject({
      code: 'REFERENCE_NOT_FOUND',
      fieldProblems: [
        { path: '/body/lines/0/accountId', message: 'the chart has no receivables account' },
        { path: '/body/lines/1/accountId', message: 'the chart has no revenue_services account' },
      ],
    });
  });

  it('posts a document once: a retry returns the first entry, a different retry is a 409', async () => {
    const source = { kind: 'invoice' as const, id: uuidv7(), purpose: 'issue' };
    const input = entry(
      [line('1100', 'debit', 120_00n), line('4000', 'credit', 100_00n), line('2200', 'credit', 20_00n)],
      {
        source,
      },
    );
    const first = await post(input);
    const again = await post(input);
    expect(again).toEqual({ entry: first.entry, replayed: true });
    await expect(
      post({ ...input, lines: [line('1100', 'debit', 130_00n), line('4000', 'credit', 130_00n)] }),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 409 });
    const count = await inTenant(async (tx) => {
      const { rows } = await sql<{
        n: bigint;
      }>`SELECT count(*) AS n FROM journal_entries WHERE source_id = ${source.id}`.execute(tx.db);
      return rows[0]?.n;
    });
    expect(count).toBe(1n);
  });

  it('balances every entry it posts, whatever the lines (property, fixed seed)', async () => {
    const codes = ['1000', '1100', '1150', '2200', '2300', '4000', '4100', '5000', '6100'];
    const amounts = fc.array(fc.bigInt({ min: 1n, max: 10n ** 9n }), { minLength: 1, maxLength: 4 });
    const group = fc.record({
      currency: fc.constantFrom('USD', 'EUR', 'GBP'),
      debits: amounts,
      creditWeights: fc.array(fc.bigInt({ min: 1n, max: 1000n }), { minLength: 1, maxLength: 4 }),
      accounts: fc.array(fc.constantFrom(...codes), { minLength: 8, maxLength: 8 }),
    });
    const posted: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(group, { minLength: 1, maxLength: 3 }), async (groups) => {
        const lines: PostingLine[] = [];
        for (const g of groups) {
          const total = g.debits.reduce((a, b) => a + b, 0n);
          const credits = allocateMinor(total, g.creditWeights).filter((part) => part > 0n);
          lines.push(
            ...g.debits.map((amount, i) => line(g.accounts[i] as string, 'debit', amount, g.currency)),
            ...credits.map((amount, i) => line(g.accounts[4 + i] as string, 'credit', amount, g.currency)),
          );
        }
        const { entry: e } = await post(entry(lines, { entryDate: '2026-04-01' }));
        posted.push(e.id);
      }),
      { seed: 20_261_130, numRuns: 30 },
    );
    const unbalanced = await inTenant(async (tx) => {
      const { rows } = await sql<{ entry_id: string }>`
        SELECT entry_id FROM journal_lines WHERE entry_id = ANY (${posted}::uuid[])
        GROUP BY entry_id, currency HAVING sum(debit_minor) <> sum(credit_minor)
        UNION ALL
        SELECT entry_id FROM journal_lines WHERE entry_id = ANY (${posted}::uuid[])
        GROUP BY entry_id HAVING sum(functional_debit_minor) <> sum(functional_credit_minor)`.execute(tx.db);
      return rows;
    });
    expect(posted).toHaveLength(30);
    expect(unbalanced).toEqual([]);
  });
});

describe('the database itself', () => {
  it('refuses at commit every unbalanced entry inserted with raw SQL past the service (property, fixed seed)', async () => {
    const accounts = [idOf(f.inc, '1000'), idOf(f.inc, '4000')];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            account: fc.constantFrom(...accounts),
            debit: fc.boolean(),
            amount: fc.bigInt({ min: 1n, max: 10n ** 9n }),
            currency: fc.constantFrom('USD', 'EUR'),
            functionalDelta: fc.bigInt({ min: -3n, max: 3n }),
          }),
          { minLength: 1, maxLength: 6 },
        ),
        async (raw) => {
          const lines = raw.map((l) => {
            const shifted = l.amount + l.functionalDelta;
            const functional = l.currency === 'USD' ? l.amount : shifted > 0n ? shifted : 0n;
            return {
              account: l.account,
              currency: l.currency,
              debit: l.debit ? l.amount : 0n,
              credit: l.debit ? 0n : l.amount,
              fDebit: l.debit ? functional : 0n,
              fCredit: l.debit ? 0n : functional,
            };
          });
          const sums = new Map<string, bigint>();
          let functional = 0n;
          for (const l of lines) {
            sums.set(l.currency, (sums.get(l.currency) ?? 0n) + l.debit - l.credit);
            functional += l.fDebit - l.fCredit;
          }
          const balanced =
            lines.length >= 2 && [...sums.values()].every((s) => s === 0n) && functional === 0n;
          fc.pre(!balanced);
          await expect(rawEntry(lines)).rejects.toMatchObject({ code: 'LEDGER_UNBALANCED', status: 422 });
        },
      ),
      { seed: 20_261_130, numRuns: 40 },
    );
    const raw = await inTenant(async (tx) => {
      const { rows } = await sql<{
        n: bigint;
      }>`SELECT count(*) AS n FROM journal_entries WHERE description = 'raw'`.execute(tx.db);
      return rows[0]?.n;
    });
    expect(raw).toBe(0n);
  });

  it('accepts a balanced raw entry, and refuses one without lines', async () => {
    const id = await rawEntry([usd(idOf(f.inc, '1000'), 500n, 0n), usd(idOf(f.inc, '3000'), 0n, 500n)]);
    expect((await inTenant((tx) => getJournalEntry(tx, id))).lines).toHaveLength(2);
    await expect(rawEntry([])).rejects.toMatchObject({ code: 'LEDGER_UNBALANCED' });
  });

  it('gives the application role no UPDATE or DELETE on the journal, and refuses both to the owner too', async () => {
    const { entry: posted } = await post(entry([line('1000', 'debit', 700n), line('3000', 'credit', 700n)]));
    for (const statement of [
      sql`UPDATE journal_lines SET debit_minor = 0 WHERE entry_id = ${posted.id}`,
      sql`DELETE FROM journal_lines WHERE entry_id = ${posted.id}`,
      sql`UPDATE journal_entries SET description = 'changed' WHERE id = ${posted.id}`,
      sql`DELETE FROM journal_entries WHERE id = ${posted.id}`,
    ]) {
      const refusal = await inTenant(async (tx) => {
        await statement.execute(tx.db);
        tx.audit({ action: 'test.tamper', resourceKind: 'journal_entry', resourceId: posted.id });
      }).catch((error: unknown) => error);
      expect(refusal).toMatchObject({ code: 'INTERNAL', context: { sqlState: '42501' } });
    }
    for (const statement of [
      `UPDATE journal_lines SET memo = 'x' WHERE entry_id = '${posted.id}'`,
      `DELETE FROM journal_entries WHERE id = '${posted.id}'`,
      'TRUNCATE journal_lines',
    ]) {
      await t.tessera.main.session(async (session) => {
        await expect(session.script(`BEGIN; ${statement}`)).rejects.toMatchObject({ code: 'TS409' });
        await session.script('ROLLBACK');
      });
    }
    expect(
      (await inTenant((tx) => getJournalEntry(tx, posted.id))).lines.map((l) => l.amount.amountMinor),
    ).toEqual([700, 700]);
  });

  it('never adds lines to a posted entry, not even a balanced pair', async () => {
    const { entry: posted } = await post(entry([line('1000', 'debit', 800n), line('3000', 'credit', 800n)]));
    const refusal = await inTenant(async (tx) => {
      for (const [no, debit, credit] of [
        [3, 100n, 0n],
        [4, 0n, 100n],
      ] as const)
        await sql`INSERT INTO journal_lines (tenant_id, id, entry_id, legal_entity_id, entry_date, functional_currency,
            line_no, account_id, currency, debit_minor, credit_minor, functional_debit_minor, functional_credit_minor, rate)
          VALUES (${f.tenantId}, ${uuidv7()}, ${posted.id}, ${f.b.inc}, ${posted.entryDate}, 'USD', ${no},
            ${idOf(f.inc, '1000')}, 'USD', ${debit}, ${credit}, ${debit}, ${credit}, 1)`.execute(tx.db);
      tx.audit({ action: 'test.tamper', resourceKind: 'journal_entry', resourceId: posted.id });
    }).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ code: 'LEDGER_APPEND_ONLY', status: 409 });
  });

  it("keeps a line's account within its entry's legal entity", async () => {
    await expect(
      rawEntry([usd(idOf(f.inc, '1000'), 500n, 0n), usd(idOf(f.ltd, '3000'), 0n, 500n)]),
    ).rejects.toMatchObject({ code: 'REFERENCE_NOT_FOUND' });
  });

  it('keeps the functional currency of a legal entity that has postings', async () => {
    await expect(
      inTenant((tx) => updateLegalEntity(tx, f.b.inc, { functionalCurrency: 'EUR' })),
    ).rejects.toMatchObject({ code: 'BUSINESS_RULE_VIOLATED', status: 422 });
  });
});

describe('periods', () => {
  it('refuse postings dated in a closed month, through the service and raw SQL alike, until reopened', async () => {
    const closed = await inTenant((tx) => closePeriod(tx, { legalEntityId: f.b.inc, month: '2026-05' }));
    expect(closed).toMatchObject({ month: '2026-05', status: 'closed' });
    await expect(
      post(entry([line('1000', 'debit', 100n), line('3000', 'credit', 100n)], { entryDate: '2026-05-31' })),
    ).rejects.toMatchObject({ code: 'LEDGER_PERIOD_CLOSED', status: 409 });
    await expect(
      rawEntry([usd(idOf(f.inc, '1000'), 100n, 0n), usd(idOf(f.inc, '3000'), 0n, 100n)], {
        entryDate: '2026-05-01',
      }),
    ).rejects.toMatchObject({ code: 'LEDGER_PERIOD_CLOSED' });
    // Another entity's month is its own.
    await post(
      entry(
        [
          { account: { id: idOf(f.ltd, '1000') }, side: 'debit', amountMinor: 100n, currency: 'GBP' },
          { account: { id: idOf(f.ltd, '3000') }, side: 'credit', amountMinor: 100n, currency: 'GBP' },
        ],
        { legalEntityId: f.b.ltd, entryDate: '2026-05-15' },
      ),
    );
    await expect(
      inTenant((tx) => closePeriod(tx, { legalEntityId: f.b.inc, month: '2026-05' })),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const reopened = await inTenant((tx) => reopenPeriod(tx, closed.id, { reason: 'Late supplier invoice' }));
    expect(reopened).toMatchObject({ status: 'open', reopenReason: 'Late supplier invoice' });
    await expect(inTenant((tx) => reopenPeriod(tx, closed.id, { reason: 'again' }))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await post(
      entry([line('1000', 'debit', 100n), line('3000', 'credit', 100n)], { entryDate: '2026-05-31' }),
    );
    const audit = await inTenant(async (tx) =>
      (
        await sql<{ action: string; changes: { after: Record<string, unknown> } }>`
          SELECT action, changes FROM audit_events WHERE resource_id = ${closed.id} ORDER BY seq`.execute(
          tx.db,
        )
      ).rows.map((row) => [row.action, row.changes.after.reopenReason ?? null]),
    );
    expect(audit).toEqual([
      ['ledger_period.closed', null],
      ['ledger_period.reopened', 'Late supplier invoice'],
    ]);
    const months = await inTenant((tx) =>
      listPeriods(tx, { limit: 200, cursor: null }, { legalEntityId: f.b.inc }),
    );
    expect(months.items.map((p) => p.month)).toContain('2026-01');
  });
});

describe('reversals', () => {
  it('net the original to zero in every currency and in the functional currency, once', async () => {
    const { entry: original } = await post(
      entry([line('1300', 'debit', 100_01n, 'EUR'), line('4000', 'credit', 100_01n, 'EUR')], {
        entryDate: '2026-06-03',
      }),
    );
    const reversal = await inTenant((tx) => reverseJournalEntry(tx, original.id));
    expect(reversal).toMatchObject({
      reversalOf: original.id,
      entryDate: '2026-06-03',
      source: { kind: 'reversal' },
    });
    expect(
      reversal.lines.map((l) => [l.side, l.amount.amountMinor, l.functionalAmount.amountMinor, l.rate]),
    ).toEqual(
      original.lines.map((l) => [
        l.side === 'debit' ? 'credit' : 'debit',
        l.amount.amountMinor,
        l.functionalAmount.amountMinor,
        l.rate,
      ]),
    );
    const balance = await inTenant((tx) => accountBalance(tx, idOf(f.inc, '1300'), '2026-06-30'));
    expect(balance.functional.balanceMinor).toBe(0);
    expect(balance.currencies).toEqual([
      { currency: 'EUR', debitMinor: 100_01, creditMinor: 100_01, balanceMinor: 0 },
    ]);
    expect((await inTenant((tx) => getJournalEntry(tx, original.id))).reversedBy).toBe(reversal.id);
    await expect(inTenant((tx) => reverseJournalEntry(tx, original.id))).rejects.toMatchObject({
      code: 'LEDGER_ALREADY_REVERSED',
      status: 409,
    });
    await expect(inTenant((tx) => reverseJournalEntry(tx, reversal.id))).rejects.toMatchObject({
      code: 'BUSINESS_RULE_VIOLATED',
    });
  });
});

describe('the trial balance', () => {
  it('gives opening, debits, credits and closing per account, functional and per currency, never adding currencies', async () => {
    // A fresh legal entity-free view: Ltd in July only, so the numbers are known.
    const ltdLine = (code: string, side: 'debit' | 'credit', amountMinor: bigint, currency = 'GBP') => ({
      account: { id: idOf(f.ltd, code) },
      side,
      amountMinor,
      currency,
    });
    const ltdEntry = (entryDate: string, lines: PostingLine[]) =>
      post(entry(lines, { legalEntityId: f.b.ltd, entryDate }));
    await ltdEntry('2026-06-30', [ltdLine('1100', 'debit', 1_000_00n), ltdLine('4000', 'credit', 1_000_00n)]);
    await ltdEntry('2026-07-05', [ltdLine('1000', 'debit', 600_00n), ltdLine('1100', 'credit', 600_00n)]);
    // EUR 200 at 0.85 = GBP 170
    await ltdEntry('2026-07-10', [
      ltdLine('1100', 'debit', 200_00n, 'EUR'),
      ltdLine('4000', 'credit', 200_00n, 'EUR'),
    ]);
    const tb = await inTenant((tx) =>
      trialBalance(tx, { legalEntityId: f.b.ltd, from: '2026-07-01', to: '2026-07-31' }),
    );
    const row = (code: string) => tb.accounts.find((a) => a.code === code);
    // Earlier tests posted in Ltd too (May: 1.00 GBP; January: USD 100 at 0.8): the opening says so.
    expect(row('1100')).toMatchObject({
      normalBalance: 'debit',
      functional: { openingMinor: 1_080_00, debitMinor: 170_00, creditMinor: 600_00, closingMinor: 650_00 },
      currencies: [
        { currency: 'EUR', openingMinor: 0, debitMinor: 200_00, creditMinor: 0, closingMinor: 200_00 },
        { currency: 'GBP', openingMinor: 1_000_00, debitMinor: 0, creditMinor: 600_00, closingMinor: 400_00 },
        { currency: 'USD', openingMinor: 100_00, debitMinor: 0, creditMinor: 0, closingMinor: 100_00 },
      ],
    });
    expect(row('4000')?.functional).toEqual({
      openingMinor: -1_080_00,
      debitMinor: 0,
      creditMinor: 170_00,
      closingMinor: -1_250_00,
    });
    expect(row('1000')?.functional).toEqual({
      openingMinor: 1_00,
      debitMinor: 600_00,
      creditMinor: 0,
      closingMinor: 601_00,
    });
    expect(tb.totals.functional).toEqual({
      openingMinor: 0,
      debitMinor: 770_00,
      creditMinor: 770_00,
      closingMinor: 0,
    });
    expect(
      tb.totals.currencies.map((c) => [c.currency, c.debitMinor, c.creditMinor, c.closingMinor]),
    ).toEqual([
      ['EUR', 200_00, 200_00, 0],
      ['GBP', 600_00, 600_00, 0],
      ['USD', 0, 0, 0],
    ]);
    expect(tb.functionalCurrency).toBe('GBP');
  });
});

describe('closing a period while postings are in flight (PostgreSQL: concurrent sessions)', () => {
  it.runIf(testBackend === 'postgres')(
    'waits for a posting in flight, and refuses one that starts after the close',
    async () => {
      let release = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let inserted = () => {};
      const insertedYet = new Promise<void>((resolve) => {
        inserted = resolve;
      });
      // A posting into October holds its transaction open after inserting.
      const posting = inTenant(async (tx) => {
        const result = await postJournalEntry(
          tx,
          entry([line('1000', 'debit', 900n), line('3000', 'credit', 900n)], { entryDate: '2026-10-15' }),
        );
        inserted();
        await gate;
        return result;
      });
      await insertedYet;
      let closedAt = 0;
      const closing = inTenant((tx) => closePeriod(tx, { legalEntityId: f.b.inc, month: '2026-10' })).then(
        (period) => {
          closedAt = Date.now();
          return period;
        },
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(closedAt).toBe(0);
      const postedAt = Date.now();
      release();
      const [{ entry: posted }, period] = await Promise.all([posting, closing]);
      expect(closedAt).toBeGreaterThanOrEqual(postedAt);
      expect(period.status).toBe('closed');
      expect((await inTenant((tx) => getJournalEntry(tx, posted.id))).entryDate).toBe('2026-10-15');
      await expect(
        post(entry([line('1000', 'debit', 900n), line('3000', 'credit', 900n)], { entryDate: '2026-10-16' })),
      ).rejects.toMatchObject({ code: 'LEDGER_PERIOD_CLOSED' });
    },
  );
});
