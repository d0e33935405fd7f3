import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError, type FieldProblem } from '../../platform/errors/index.ts';
import type { AccountRole } from './chart-template.ts';
import { isRate, normalizeRate } from './fx-conversion.ts';
import { findRateOn } from './fx-rate.service.ts';
import {
  type BookedLine,
  bookLines,
  imbalances,
  MAX_LINE_MINOR,
  type ResolvedLine,
  requireBalanced,
} from './journal-lines.ts';
import {
  entriesWithLines,
  getJournalEntry,
  type JournalEntry,
  type JournalLine,
  presentEntry,
} from './journal-query.ts';
import { referenceNotFound, refused, visibleLegalEntity } from './ledger-rules.ts';
import './ledger.tables.ts';

/** An account named by id, or by the role it holds in the entry's legal entity's chart. */
export type AccountRef = { readonly id: string } | { readonly role: AccountRole };

/**
 * What posts an entry. Documents of other modules name themselves and a purpose (`issue`,
 * `payment`, `recognition:2026-03`); the triple is unique per tenant, so a retried posting finds
 * the entry it posted before. Manual entries may carry such a key too (the API's Idempotency-Key).
 */
export type PostingSource =
  | { readonly kind: 'manual' }
  | { readonly kind: SourceKind; readonly id: string; readonly purpose: string };

/** What posts to the ledger; billing, payments and revenue recognition post as their documents. */
export type SourceKind =
  | 'manual'
  | 'reversal'
  | 'invoice'
  | 'credit_note'
  | 'payment'
  | 'revenue_recognition'
  | 'fx_revaluation'
  | 'opening_balance'
  | 'intercompany_recharge';

/** One debit or credit to post. */
export interface PostingLine {
  readonly account: AccountRef;
  readonly side: 'debit' | 'credit';
  /** In minor units of `currency`; 0 only on a functional-only line (a realised FX difference). */
  readonly amountMinor: bigint;
  readonly currency: string;
  /**
   * The amount in the entity's functional currency, when the caller knows it (a historical rate:
   * settling a receivable at the rate it was invoiced at). Otherwise converted at `rates` or the
   * rate on the entry date.
   */
  readonly functionalAmountMinor?: bigint;
  /** The rate behind `functionalAmountMinor` (1 unit of `currency` = rate functional units). */
  readonly rate?: string;
  readonly memo?: string | null;
}

export interface PostingInput {
  readonly legalEntityId: string;
  readonly entryDate: string;
  readonly description: string;
  readonly source: PostingSource;
  readonly lines: readonly PostingLine[];
  /** Rates to convert at, per transaction currency; the rate on the entry date when absent. */
  readonly rates?: Readonly<Record<string, string>>;
  /**
   * Where a functional-currency difference left after conversion goes (realised FX gains and
   * losses, rounding): one functional-only line per foreign currency that needs it. Without it, a
   * difference is refused like any imbalance.
   */
  readonly balanceFunctionalWith?: AccountRef;
}

export interface PostingResult {
  readonly entry: JournalEntry;
  /** True when the source had posted this entry before: nothing was written. */
  readonly replayed: boolean;
}

/**
 * Posts a balanced journal entry in the caller's transaction: THE way anything writes the ledger
 * (manual entries, reversals, invoices, payments, revenue recognition). Accounts must be active
 * accounts of the entry's legal entity; amounts are converted to the functional currency (see
 * bookLines); the entry must balance per currency and in functional currency (422
 * LEDGER_UNBALANCED, and the database checks again at commit); a closed period is a 409
 * LEDGER_PERIOD_CLOSED from the database. A source that posted already returns its entry
 * (`replayed`), or a 409 IDEMPOTENCY_KEY_REUSED when the request differs. Audited and announced
 * as `journal_entry.posted`.
 */
export async function postJournalEntry(tx: TenantTransaction, input: PostingInput): Promise<PostingResult> {
  return post(tx, input, null);
}

/**
 * Reverses an entry: a new entry with every line on the other side, at the same amounts and
 * rates, dated `entryDate` (default: the original's date, which must then be in an open period).
 * At most one reversal per entry (409 LEDGER_ALREADY_REVERSED); a reversal is not reversed again
 * (422): post a new entry instead. Audited on both entries.
 */
export async function reverseJournalEntry(
  tx: TenantTransaction,
  id: string,
  options: { readonly entryDate?: string; readonly description?: string } = {},
): Promise<JournalEntry> {
  const original = await getJournalEntry(tx, id);
  if (original.reversedBy)
    throw new AppError('LEDGER_ALREADY_REVERSED', { id, reversedBy: original.reversedBy });
  if (original.reversalOf)
    throw refused('BUSINESS_RULE_VIOLATED', 'A reversal is not reversed again: post a new entry instead');
  const { entry } = await post(
    tx,
    {
      legalEntityId: original.legalEntityId,
      entryDate: options.entryDate ?? original.entryDate,
      description: options.description ?? `Reversal of: ${original.description}`.slice(0, 500),
      source: { kind: 'reversal', id: original.id, purpose: 'reversal' },
      lines: original.lines.map((line) => ({
        account: { id: line.accountId },
        side: line.side === 'debit' ? 'credit' : 'debit',
        amountMinor: BigInt(line.amount.amountMinor),
        currency: line.amount.currency,
        functionalAmountMinor: BigInt(line.functionalAmount.amountMinor),
        ...(line.rate === null ? {} : { rate: line.rate }),
        memo: line.memo,
      })),
    },
    original.id,
  );
  tx.audit({
    action: 'journal_entry.reversed',
    resourceKind: 'journal_entry',
    resourceId: original.id,
    after: { reversedBy: entry.id },
  });
  return entry;
}

async function post(
  tx: TenantTransaction,
  input: PostingInput,
  reversalOf: string | null,
): Promise<PostingResult> {
  const entity = await visibleLegalEntity(tx, input.legalEntityId);
  if (!entity) throw referenceNotFound('legal_entity', input.legalEntityId, '/body/legalEntityId');
  const source = 'id' in input.source ? input.source : null;
  if (source) {
    const previous = await tx.db
      .selectFrom('journal_entries')
      .selectAll()
      .where('tenant_id', '=', tx.ctx.tenantId)
      .where('source_kind', '=', input.source.kind)
      .where('source_id', '=', source.id)
      .where('purpose', '=', source.purpose)
      .executeTakeFirst();
    if (previous) {
      const [entry] = await entriesWithLines(tx, [previous]);
      if (!samePosting(entry as JournalEntry, input))
        throw new AppError(
          'IDEMPOTENCY_KEY_REUSED',
          { sourceKind: input.source.kind, sourceId: source.id, purpose: source.purpose },
          { detail: 'This source posted a different entry before' },
        );
      return { entry: entry as JournalEntry, replayed: true };
    }
  }
  const resolved = await resolveLines(tx, entity, input);
  const rates = await ratesFor(tx, entity.functionalCurrency, input, resolved);
  let booked = bookLines(resolved, entity.functionalCurrency, (currency) => rates.get(currency) as string);
  if (input.balanceFunctionalWith) {
    const [balancing] = await resolveAccounts(tx, entity.id, [input.balanceFunctionalWith], () => '/body');
    booked = [...booked, ...functionalBalancingLines(booked, balancing as string)];
  }
  requireBalanced(booked, entity.functionalCurrency);
  const entryId = uuidv7();
  const row = await tx.db
    .insertInto('journal_entries')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: entryId,
      legal_entity_id: entity.id,
      functional_currency: entity.functionalCurrency,
      entry_date: input.entryDate,
      description: input.description,
      source_kind: input.source.kind,
      source_id: source?.id ?? null,
      purpose: source?.purpose ?? null,
      reversal_of: reversalOf,
      posted_by_membership_id: tx.ctx.actor.membershipId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const lineRows = await tx.db
    .insertInto('journal_lines')
    .values(
      booked.map((line, index) => ({
        tenant_id: tx.ctx.tenantId,
        id: uuidv7(),
        entry_id: entryId,
        legal_entity_id: entity.id,
        entry_date: input.entryDate,
        functional_currency: entity.functionalCurrency,
        line_no: index + 1,
        account_id: line.accountId,
        currency: line.currency,
        debit_minor: line.side === 'debit' ? line.amountMinor : 0n,
        credit_minor: line.side === 'credit' ? line.amountMinor : 0n,
        functional_debit_minor: line.side === 'debit' ? line.functionalAmountMinor : 0n,
        functional_credit_minor: line.side === 'credit' ? line.functionalAmountMinor : 0n,
        rate: line.rate,
        memo: line.memo,
      })),
    )
    .returningAll()
    .execute();
  const entry = presentEntry(row, lineRows, null);
  tx.audit({
    action: 'journal_entry.posted',
    resourceKind: 'journal_entry',
    resourceId: entry.id,
    after: auditRecord(entry),
  });
  tx.emit({
    topic: 'journal_entry.posted',
    resourceKind: 'journal_entry',
    resourceId: entry.id,
    payload: { entry },
  });
  return { entry, replayed: false };
}

/** The input's lines with accounts resolved and amounts checked (422 naming each bad line). */
async function resolveLines(
  tx: TenantTransaction,
  entity: { id: string; functionalCurrency: string },
  input: PostingInput,
): Promise<ResolvedLine[]> {
  const problems: FieldProblem[] = [];
  input.lines.forEach((line, i) => {
    const at = `/body/lines/${i}`;
    const functionalOnly = line.amountMinor === 0n;
    if (line.amountMinor < 0n || line.amountMinor > MAX_LINE_MINOR)
      problems.push({ path: `${at}/amount/amountMinor`, message: 'must be between 0 and 10^14 - 1' });
    if (functionalOnly && (line.currency === entity.functionalCurrency || !line.functionalAmountMinor))
      problems.push({
        path: `${at}/amount/amountMinor`,
        message: 'zero only on a foreign-currency line that carries a functional amount',
      });
    if (line.functionalAmountMinor !== undefined) {
      if (line.functionalAmountMinor < 0n || line.functionalAmountMinor > MAX_LINE_MINOR)
        problems.push({ path: `${at}/functionalAmountMinor`, message: 'must be between 0 and 10^14 - 1' });
      if (line.currency === entity.functionalCurrency && line.functionalAmountMinor !== line.amountMinor)
        problems.push({
          path: `${at}/functionalAmountMinor`,
          message: 'equals the amount on a line in the functional currency',
        });
    }
    if (line.rate !== undefined && !isRate(line.rate))
      problems.push({ path: `${at}/rate`, message: 'must be a positive decimal with at most 10 decimals' });
    if (line.rate !== undefined && line.functionalAmountMinor === undefined)
      problems.push({ path: `${at}/rate`, message: 'goes with functionalAmountMinor' });
  });
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, { fieldProblems: problems });
  const accountIds = await resolveAccounts(
    tx,
    entity.id,
    input.lines.map((line) => line.account),
    (i) => `/body/lines/${i}/accountId`,
  );
  return input.lines.map((line, i) => ({
    accountId: accountIds[i] as string,
    side: line.side,
    amountMinor: line.amountMinor,
    currency: line.currency,
    ...(line.functionalAmountMinor === undefined
      ? {}
      : { functionalAmountMinor: line.functionalAmountMinor }),
    ...(line.rate === undefined ? {} : { rate: normalizeRate(line.rate) }),
    memo: line.memo ?? null,
  }));
}

/**
 * The ids of the referenced accounts: visible, of the entity, active. An account of another
 * entity (or tenant, or scope) is as unknown as one that does not exist.
 */
async function resolveAccounts(
  tx: TenantTransaction,
  legalEntityId: string,
  refs: readonly AccountRef[],
  pathOf: (index: number) => string,
): Promise<string[]> {
  const ids = refs.flatMap((ref) => ('id' in ref ? [ref.id] : []));
  const roles = refs.flatMap((ref) => ('role' in ref ? [ref.role] : []));
  const rows =
    ids.length + roles.length === 0
      ? []
      : await tx.db
          .selectFrom('ledger_accounts')
          .select(['id', 'role', 'code', 'active'])
          .where('tenant_id', '=', tx.ctx.tenantId)
          .where('legal_entity_id', '=', legalEntityId)
          .where((eb) =>
            eb.or([
              ...(ids.length > 0 ? [eb('id', 'in', ids)] : []),
              ...(roles.length > 0 ? [eb('role', 'in', roles)] : []),
            ]),
          )
          .execute();
  const missing: FieldProblem[] = [];
  const inactive: FieldProblem[] = [];
  const resolved = refs.map((ref, index) => {
    const row = rows.find((r) => ('id' in ref ? r.id === ref.id : r.role === ref.role));
    if (!row) {
      missing.push({
        path: pathOf(index),
        message:
          'id' in ref ? 'no such account in this legal entity' : `the chart has no ${ref.role} account`,
      });
      return '';
    }
    if (!row.active) inactive.push({ path: pathOf(index), message: `account ${row.code} is inactive` });
    return row.id;
  });
  if (missing.length > 0)
    throw new AppError('REFERENCE_NOT_FOUND', { resource: 'ledger_account' }, { fieldProblems: missing });
  if (inactive.length > 0)
    throw refused('LEDGER_ACCOUNT_INACTIVE', 'An inactive account takes no postings', inactive);
  return resolved;
}

/** The rate of every foreign currency that has lines to convert: given, or on the entry date (422 when none). */
async function ratesFor(
  tx: TenantTransaction,
  functionalCurrency: string,
  input: PostingInput,
  lines: readonly ResolvedLine[],
): Promise<Map<string, string>> {
  const rates = new Map<string, string>();
  const needed = new Set(
    lines
      .filter((line) => line.currency !== functionalCurrency && line.functionalAmountMinor === undefined)
      .map((line) => line.currency),
  );
  const missing: FieldProblem[] = [];
  for (const currency of needed) {
    const given = input.rates?.[currency];
    if (given !== undefined) {
      if (!isRate(given)) throw refused('BUSINESS_RULE_VIOLATED', `The ${currency} rate is not a rate`);
      rates.set(currency, normalizeRate(given));
      continue;
    }
    const found = await findRateOn(tx, currency, functionalCurrency, input.entryDate);
    if (found) rates.set(currency, found.rate);
    else
      missing.push({
        path: '/body/lines',
        message: `no ${currency}/${functionalCurrency} rate on or before ${input.entryDate}`,
      });
  }
  if (missing.length > 0) throw refused('FX_RATE_MISSING', 'An exchange rate is missing', missing);
  return rates;
}

/** Functional-only lines that take up what conversion left unbalanced in each foreign currency. */
function functionalBalancingLines(lines: readonly BookedLine[], accountId: string): BookedLine[] {
  const { functionalByCurrency } = imbalances(lines);
  return [...functionalByCurrency]
    .filter(([, difference]) => difference !== 0n)
    .map(([currency, difference]) => ({
      accountId,
      side: difference > 0n ? ('credit' as const) : ('debit' as const),
      amountMinor: 0n,
      currency,
      functionalAmountMinor: difference > 0n ? difference : -difference,
      rate: null,
      memo: 'Functional currency difference',
    }));
}

/** True when a stored entry is what `input` asks to post (the caller's own lines, in order). */
function samePosting(entry: JournalEntry, input: PostingInput): boolean {
  if (entry.legalEntityId !== input.legalEntityId || entry.entryDate !== input.entryDate) return false;
  if (entry.description !== input.description || entry.lines.length < input.lines.length) return false;
  return input.lines.every((line, i) => {
    const stored = entry.lines[i] as JournalLine;
    return (
      ('id' in line.account ? stored.accountId === line.account.id : true) &&
      stored.side === line.side &&
      BigInt(stored.amount.amountMinor) === line.amountMinor &&
      stored.amount.currency === line.currency &&
      (line.functionalAmountMinor === undefined ||
        BigInt(stored.functionalAmount.amountMinor) === line.functionalAmountMinor)
    );
  });
}

function auditRecord(entry: JournalEntry): Record<string, unknown> {
  const { postedAt: _p, reversedBy: _r, lines, ...fields } = entry;
  return {
    ...fields,
    lines: lines.map(({ id: _id, ...line }) => line),
  };
}
