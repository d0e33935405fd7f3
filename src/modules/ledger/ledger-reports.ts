import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { findAccountRow, normalBalanceOf } from './account.service.ts';
import { type JournalLine, presentLine } from './journal-query.ts';
import type { AccountType } from './ledger.tables.ts';
import { minorNumber, visibleLegalEntity } from './ledger-rules.ts';
import './ledger.tables.ts';

/**
 * Balances are signed debit-positive: debits minus credits (an asset's or expense's normal
 * balance is positive, a liability's, equity's or revenue's negative). Amounts in different
 * currencies are never added: each transaction currency has its own figures, and the functional
 * figures are the functional amounts the lines were posted with.
 */
export interface Movement {
  readonly openingMinor: number;
  readonly debitMinor: number;
  readonly creditMinor: number;
  readonly closingMinor: number;
}

export interface CurrencyMovement extends Movement {
  readonly currency: string;
}

export interface TrialBalanceRow {
  readonly accountId: string;
  readonly code: string;
  readonly name: string;
  readonly type: AccountType;
  readonly normalBalance: 'debit' | 'credit';
  /** In the legal entity's functional currency. */
  readonly functional: Movement;
  /** Per transaction currency, in code order. */
  readonly currencies: CurrencyMovement[];
}

export interface TrialBalance {
  readonly legalEntityId: string;
  readonly functionalCurrency: string;
  readonly from: string;
  readonly to: string;
  /** Accounts with an opening balance or a movement, in code order. */
  readonly accounts: TrialBalanceRow[];
  /** Over every account: functional debits equal credits, and each currency's too. */
  readonly totals: { readonly functional: Movement; readonly currencies: CurrencyMovement[] };
}

interface Sums {
  opening: bigint;
  debit: bigint;
  credit: bigint;
}

const zero = (): Sums => ({ opening: 0n, debit: 0n, credit: 0n });
const add = (into: Sums, more: Sums) => {
  into.opening += more.opening;
  into.debit += more.debit;
  into.credit += more.credit;
};
const movement = (sums: Sums): Movement => ({
  openingMinor: minorNumber(sums.opening),
  debitMinor: minorNumber(sums.debit),
  creditMinor: minorNumber(sums.credit),
  closingMinor: minorNumber(sums.opening + sums.debit - sums.credit),
});

/**
 * The trial balance of a legal entity from `from` to `to` (inclusive): per account, the balance
 * before `from`, the debits and credits of the period and the closing balance, in functional
 * currency and per transaction currency. NOT_FOUND when the entity is not visible.
 */
export async function trialBalance(
  tx: TenantTransaction,
  input: { readonly legalEntityId: string; readonly from: string; readonly to: string },
): Promise<TrialBalance> {
  const entity = await visibleLegalEntity(tx, input.legalEntityId);
  if (!entity) throw new AppError('NOT_FOUND', { resource: 'legal_entity', id: input.legalEntityId });
  requireRange(input.from, input.to);
  const { rows } = await sql<{
    account_id: string;
    code: string;
    name: string;
    type: AccountType;
    currency: string;
    opening: string;
    debit: string;
    credit: string;
    f_opening: string;
    f_debit: string;
    f_credit: string;
  }>`
    SELECT l.account_id, a.code, a.name, a.type, l.currency,
      sum(CASE WHEN l.entry_date < ${input.from} THEN l.debit_minor - l.credit_minor ELSE 0 END)::text AS opening,
      sum(CASE WHEN l.entry_date >= ${input.from} THEN l.debit_minor ELSE 0 END)::text AS debit,
      sum(CASE WHEN l.entry_date >= ${input.from} THEN l.credit_minor ELSE 0 END)::text AS credit,
      sum(CASE WHEN l.entry_date < ${input.from}
        THEN l.functional_debit_minor - l.functional_credit_minor ELSE 0 END)::text AS f_opening,
      sum(CASE WHEN l.entry_date >= ${input.from} THEN l.functional_debit_minor ELSE 0 END)::text AS f_debit,
      sum(CASE WHEN l.entry_date >= ${input.from} THEN l.functional_credit_minor ELSE 0 END)::text AS f_credit
    FROM journal_lines l
    JOIN ledger_accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id
    WHERE l.tenant_id = ${tx.ctx.tenantId} AND l.legal_entity_id = ${entity.id} AND l.entry_date <= ${input.to}
    GROUP BY l.account_id, a.code, a.name, a.type, l.currency
    ORDER BY a.code, l.currency`.execute(tx.db);
  const accounts = new Map<
    string,
    { code: string; name: string; type: AccountType; functional: Sums; currencies: Map<string, Sums> }
  >();
  const totalFunctional = zero();
  const totalCurrencies = new Map<string, Sums>();
  for (const row of rows) {
    const account = accounts.get(row.account_id) ?? {
      code: row.code,
      name: row.name,
      type: row.type,
      functional: zero(),
      currencies: new Map<string, Sums>(),
    };
    accounts.set(row.account_id, account);
    const transaction = {
      opening: BigInt(row.opening),
      debit: BigInt(row.debit),
      credit: BigInt(row.credit),
    };
    const functional = {
      opening: BigInt(row.f_opening),
      debit: BigInt(row.f_debit),
      credit: BigInt(row.f_credit),
    };
    account.currencies.set(row.currency, transaction);
    add(account.functional, functional);
    add(totalFunctional, functional);
    const total = totalCurrencies.get(row.currency) ?? zero();
    add(total, transaction);
    totalCurrencies.set(row.currency, total);
  }
  const empty = (sums: Sums) => sums.opening === 0n && sums.debit === 0n && sums.credit === 0n;
  const byCurrency = (sums: ReadonlyMap<string, Sums>, keepEmpty = false) =>
    [...sums]
      .filter(([, s]) => keepEmpty || !empty(s))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, s]) => ({ currency, ...movement(s) }));
  return {
    legalEntityId: entity.id,
    functionalCurrency: entity.functionalCurrency,
    from: input.from,
    to: input.to,
    accounts: [...accounts]
      .filter(([, a]) => !empty(a.functional) || [...a.currencies.values()].some((s) => !empty(s)))
      .map(([accountId, a]) => ({
        accountId,
        code: a.code,
        name: a.name,
        type: a.type,
        normalBalance: normalBalanceOf(a.type),
        functional: movement(a.functional),
        currencies: byCurrency(a.currencies),
      })),
    totals: { functional: movement(totalFunctional), currencies: byCurrency(totalCurrencies, true) },
  };
}

/** An account's balance at the end of a day: functional and per transaction currency. */
export interface AccountBalance {
  readonly accountId: string;
  readonly legalEntityId: string;
  readonly asOf: string;
  readonly functional: {
    readonly currency: string;
    readonly debitMinor: number;
    readonly creditMinor: number;
    readonly balanceMinor: number;
  };
  readonly currencies: {
    readonly currency: string;
    readonly debitMinor: number;
    readonly creditMinor: number;
    readonly balanceMinor: number;
  }[];
}

/**
 * The balance of an account as of the end of `asOf` (every entry dated on or before it):
 * deferred revenue, unbilled revenue or receivables at any date. NOT_FOUND when not visible.
 */
export async function accountBalance(
  tx: TenantTransaction,
  accountId: string,
  asOf: string,
): Promise<AccountBalance> {
  const account = await findAccountRow(tx, accountId);
  const { rows } = await sql<{
    currency: string;
    functional_currency: string;
    d: string;
    c: string;
    fd: string;
    fc: string;
  }>`
    SELECT currency, functional_currency, sum(debit_minor)::text AS d, sum(credit_minor)::text AS c,
      sum(functional_debit_minor)::text AS fd, sum(functional_credit_minor)::text AS fc
    FROM journal_lines
    WHERE tenant_id = ${tx.ctx.tenantId} AND account_id = ${account.id} AND entry_date <= ${asOf}
    GROUP BY currency, functional_currency ORDER BY currency`.execute(tx.db);
  const functionalCurrency =
    rows[0]?.functional_currency ??
    (await visibleLegalEntity(tx, account.legal_entity_id))?.functionalCurrency ??
    '';
  let debit = 0n;
  let credit = 0n;
  for (const row of rows) {
    debit += BigInt(row.fd);
    credit += BigInt(row.fc);
  }
  return {
    accountId: account.id,
    legalEntityId: account.legal_entity_id,
    asOf,
    functional: {
      currency: functionalCurrency,
      debitMinor: minorNumber(debit),
      creditMinor: minorNumber(credit),
      balanceMinor: minorNumber(debit - credit),
    },
    currencies: rows.map((row) => ({
      currency: row.currency,
      debitMinor: minorNumber(BigInt(row.d)),
      creditMinor: minorNumber(BigInt(row.c)),
      balanceMinor: minorNumber(BigInt(row.d) - BigInt(row.c)),
    })),
  };
}

/** A line of an account's ledger, with its entry's date and description. */
export interface AccountLedgerLine extends JournalLine {
  readonly entryId: string;
  readonly entryDate: string;
  readonly description: string;
}

/**
 * The lines of an account in date order (then posting order), one keyset page at a time: the
 * cursor is the last line's id. NOT_FOUND when the account is not visible.
 */
export async function listAccountLines(
  tx: TenantTransaction,
  accountId: string,
  page: { limit: number; cursor: string | null },
  range: { readonly from?: string; readonly to?: string } = {},
): Promise<{ items: AccountLedgerLine[]; nextCursor: string | null }> {
  const account = await findAccountRow(tx, accountId);
  let query = tx.db
    .selectFrom('journal_lines as l')
    .innerJoin('journal_entries as e', (join) =>
      join.onRef('e.tenant_id', '=', 'l.tenant_id').onRef('e.id', '=', 'l.entry_id'),
    )
    .selectAll('l')
    .select('e.description')
    .where('l.tenant_id', '=', tx.ctx.tenantId)
    .where('l.account_id', '=', account.id);
  if (range.from) query = query.where('l.entry_date', '>=', range.from);
  if (range.to) query = query.where('l.entry_date', '<=', range.to);
  if (page.cursor) {
    const cursor = await tx.db
      .selectFrom('journal_lines')
      .select(['entry_date', 'id'])
      .where('tenant_id', '=', tx.ctx.tenantId)
      .where('account_id', '=', account.id)
      .where('id', '=', page.cursor)
      .executeTakeFirst();
    if (!cursor)
      throw new AppError(
        'VALIDATION_FAILED',
        {},
        {
          fieldProblems: [{ path: '/query/cursor', message: 'not a line of this account' }],
        },
      );
    query = query.where((eb) =>
      eb.or([
        eb('l.entry_date', '>', cursor.entry_date),
        eb.and([eb('l.entry_date', '=', cursor.entry_date), eb('l.id', '>', cursor.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('l.entry_date')
    .orderBy('l.id')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map((row) => ({
    ...presentLine(row),
    entryId: row.entry_id,
    entryDate: row.entry_date,
    description: row.description,
  }));
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}

function requireRange(from: string, to: string): void {
  if (to < from)
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      {
        fieldProblems: [{ path: '/query/to', message: 'must not be before from' }],
      },
    );
}
