import type { Selectable } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { normalizeRate } from './fx-conversion.ts';
import type { JournalEntryTable, JournalLineTable } from './ledger.tables.ts';
import { type Money, minorNumber } from './ledger-rules.ts';
import './ledger.tables.ts';

/** A posted line as the API shows it. */
export interface JournalLine {
  readonly id: string;
  readonly lineNo: number;
  readonly accountId: string;
  readonly side: 'debit' | 'credit';
  readonly amount: Money;
  readonly functionalAmount: Money;
  readonly rate: string | null;
  readonly memo: string | null;
}

/** A posted entry with its lines. */
export interface JournalEntry {
  readonly id: string;
  readonly legalEntityId: string;
  readonly functionalCurrency: string;
  readonly entryDate: string;
  readonly description: string;
  readonly source: { readonly kind: string; readonly id: string | null; readonly purpose: string | null };
  readonly reversalOf: string | null;
  readonly reversedBy: string | null;
  readonly postedAt: string;
  readonly postedByMembershipId: string | null;
  readonly lines: JournalLine[];
}

/** One entry with its lines; NOT_FOUND unless its legal entity is in scope. */
export async function getJournalEntry(tx: TenantTransaction, id: string): Promise<JournalEntry> {
  const row = await tx.db
    .selectFrom('journal_entries')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'journal_entry', id });
  const [entry] = await entriesWithLines(tx, [row]);
  return entry as JournalEntry;
}

/** A page of the entries the caller sees, in posting order, optionally filtered. */
export async function listJournalEntries(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
  filter: {
    readonly legalEntityId?: string;
    readonly from?: string;
    readonly to?: string;
    readonly sourceKind?: string;
    readonly sourceId?: string;
  } = {},
): Promise<{ items: JournalEntry[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('journal_entries').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (filter.legalEntityId) query = query.where('legal_entity_id', '=', filter.legalEntityId);
  if (filter.from) query = query.where('entry_date', '>=', filter.from);
  if (filter.to) query = query.where('entry_date', '<=', filter.to);
  if (filter.sourceKind) query = query.where('source_kind', '=', filter.sourceKind);
  if (filter.sourceId) query = query.where('source_id', '=', filter.sourceId);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const items = await entriesWithLines(tx, rows.slice(0, page.limit));
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}

/** Entries with their lines and the id of their reversal, if any. */
export async function entriesWithLines(
  tx: TenantTransaction,
  rows: readonly Selectable<JournalEntryTable>[],
): Promise<JournalEntry[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.id);
  const lines = await tx.db
    .selectFrom('journal_lines')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('entry_id', 'in', ids)
    .orderBy('entry_id')
    .orderBy('line_no')
    .execute();
  const reversals = await tx.db
    .selectFrom('journal_entries')
    .select(['id', 'reversal_of'])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('reversal_of', 'in', ids)
    .execute();
  return rows.map((row) =>
    presentEntry(
      row,
      lines.filter((line) => line.entry_id === row.id),
      reversals.find((reversal) => reversal.reversal_of === row.id)?.id ?? null,
    ),
  );
}

export function presentEntry(
  row: Selectable<JournalEntryTable>,
  lines: readonly Selectable<JournalLineTable>[],
  reversedBy: string | null,
): JournalEntry {
  return {
    id: row.id,
    legalEntityId: row.legal_entity_id,
    functionalCurrency: row.functional_currency,
    entryDate: row.entry_date,
    description: row.description,
    source: { kind: row.source_kind, id: row.source_id, purpose: row.purpose },
    reversalOf: row.reversal_of,
    reversedBy,
    postedAt: row.posted_at.toISOString(),
    postedByMembershipId: row.posted_by_membership_id,
    lines: [...lines].sort((a, b) => a.line_no - b.line_no).map(presentLine),
  };
}

export function presentLine(line: Selectable<JournalLineTable>): JournalLine {
  const debit = line.debit_minor + line.functional_debit_minor > 0n;
  return {
    id: line.id,
    lineNo: line.line_no,
    accountId: line.account_id,
    side: debit ? 'debit' : 'credit',
    amount: {
      amountMinor: minorNumber(debit ? line.debit_minor : line.credit_minor),
      currency: line.currency,
    },
    functionalAmount: {
      amountMinor: minorNumber(debit ? line.functional_debit_minor : line.functional_credit_minor),
      currency: line.functional_currency,
    },
    rate: line.rate === null ? null : normalizeRate(line.rate),
    memo: line.memo,
  };
}
