import { sql } from 'kysely';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { type PostingLine, postJournalEntry } from '../ledger/index.ts';
import { invoiceTotals, type VatCategory } from './invoice-totals.ts';

export type InvoiceStatus = 'draft' | 'approved' | 'issued' | 'paid' | 'void';

export interface InvoiceLine {
  readonly id: string;
  readonly lineNo: number;
  readonly originKind: 'time' | 'expense' | 'milestone' | 'fee';
  readonly originIds: string[];
  readonly description: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
  readonly netMinor: number;
  readonly vatCategory: VatCategory;
  readonly vatRate: string;
}

export interface Invoice {
  readonly id: string;
  readonly legalEntityId: string;
  readonly clientId: string;
  readonly contractId: string;
  readonly currency: string;
  readonly billingRunId: string | null;
  readonly status: InvoiceStatus;
  readonly number: number | null;
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  readonly netMinor: number;
  readonly vatMinor: number;
  readonly grossMinor: number;
  readonly vatBreakdown: { category: VatCategory; rate: string; taxableMinor: number; vatMinor: number }[];
  readonly createdAt: string;
  readonly approvedAt: string | null;
  readonly approvedByMembershipId: string | null;
  readonly issuedAt: string | null;
  readonly issuedByMembershipId: string | null;
  readonly voidedAt: string | null;
  readonly voidedByMembershipId: string | null;
  readonly journalEntryId: string | null;
  readonly lines: InvoiceLine[];
}

interface InvoiceRow {
  id: string;
  legal_entity_id: string;
  client_id: string;
  contract_id: string;
  currency: string;
  billing_run_id: string | null;
  status: InvoiceStatus;
  number: bigint | string | null;
  issue_date: Date | string | null;
  due_date: Date | string | null;
  net_minor: bigint | string;
  vat_minor: bigint | string;
  gross_minor: bigint | string;
  created_at: Date;
  approved_at: Date | null;
  approved_by_membership_id: string | null;
  issued_at: Date | null;
  issued_by_membership_id: string | null;
  voided_at: Date | null;
  voided_by_membership_id: string | null;
  journal_entry_id: string | null;
}

interface LineRow {
  id: string;
  line_no: number;
  origin_kind: InvoiceLine['originKind'];
  origin_ids: string[] | string;
  description: string;
  quantity: number;
  unit_price_minor: bigint | string;
  net_minor: bigint | string;
  vat_category: VatCategory;
  vat_rate: string;
}

const day = (value: Date | string | null) =>
  value === null
    ? null
    : value instanceof Date
      ? value.toISOString().slice(0, 10)
      : String(value).slice(0, 10);
const iso = (value: Date | string | null) =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();
const num = (value: bigint | string | number) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new AppError('INTERNAL', { reason: 'amount beyond safe integer' });
  return n;
};
const uuids = (value: string[] | string): string[] => {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner === '' ? [] : inner.split(',');
};
/** "25.00" → "25", "7.70" → "7.7". */
const rateText = (value: string | number) => {
  const text = String(value);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
};

const COLUMNS = sql`id, legal_entity_id, client_id, contract_id, currency, billing_run_id, status, number,
  issue_date, due_date, net_minor, vat_minor, gross_minor, created_at, approved_at, approved_by_membership_id,
  issued_at, issued_by_membership_id, voided_at, voided_by_membership_id, journal_entry_id`;

function present(row: InvoiceRow, lines: LineRow[]): Invoice {
  const presentedLines = lines.map((line) => ({
    id: line.id,
    lineNo: line.line_no,
    originKind: line.origin_kind,
    originIds: uuids(line.origin_ids),
    description: line.description,
    quantity: line.quantity,
    unitPriceMinor: num(line.unit_price_minor),
    netMinor: num(line.net_minor),
    vatCategory: line.vat_category,
    vatRate: rateText(line.vat_rate),
  }));
  const totals = invoiceTotals(
    presentedLines.map((line) => ({
      netMinor: BigInt(line.netMinor),
      vatCategory: line.vatCategory,
      vatRate: line.vatRate,
    })),
  );
  return {
    id: row.id,
    legalEntityId: row.legal_entity_id,
    clientId: row.client_id,
    contractId: row.contract_id,
    currency: row.currency.trim(),
    billingRunId: row.billing_run_id,
    status: row.status,
    number: row.number === null ? null : num(row.number),
    issueDate: day(row.issue_date),
    dueDate: day(row.due_date),
    netMinor: num(row.net_minor),
    vatMinor: num(row.vat_minor),
    grossMinor: num(row.gross_minor),
    vatBreakdown: totals.breakdown.map((group) => ({
      category: group.category,
      rate: group.rate,
      taxableMinor: num(group.taxableMinor),
      vatMinor: num(group.vatMinor),
    })),
    createdAt: iso(row.created_at) ?? '',
    approvedAt: iso(row.approved_at),
    approvedByMembershipId: row.approved_by_membership_id,
    issuedAt: iso(row.issued_at),
    issuedByMembershipId: row.issued_by_membership_id,
    voidedAt: iso(row.voided_at),
    voidedByMembershipId: row.voided_by_membership_id,
    journalEntryId: row.journal_entry_id,
    lines: presentedLines,
  };
}

async function findRow(tx: TenantTransaction, id: string, lock = false): Promise<InvoiceRow> {
  const row = (
    await sql<InvoiceRow>`SELECT ${COLUMNS} FROM invoices WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${id}
      ${lock ? sql`FOR UPDATE` : sql``}`.execute(tx.db)
  ).rows[0];
  if (!row) throw new AppError('NOT_FOUND', { resource: 'invoice', id });
  return row;
}

async function linesOf(tx: TenantTransaction, id: string): Promise<LineRow[]> {
  return (
    await sql<LineRow>`SELECT id, line_no, origin_kind, origin_ids, description, quantity, unit_price_minor,
        net_minor, vat_category, vat_rate::text AS vat_rate
      FROM invoice_lines WHERE tenant_id = ${tx.ctx.tenantId} AND invoice_id = ${id} ORDER BY line_no`.execute(
      tx.db,
    )
  ).rows;
}

/** An invoice with its lines; NOT_FOUND when it does not exist or is outside the caller's scope. */
export async function getInvoice(tx: TenantTransaction, id: string): Promise<Invoice> {
  const row = await findRow(tx, id);
  return present(row, await linesOf(tx, id));
}

/**
 * Invoices with their lines, in the order of `ids`, read in two statements whatever their number
 * (a billing run returns hundreds); NOT_FOUND when one does not exist or is outside the caller's scope.
 */
export async function getInvoices(tx: TenantTransaction, ids: readonly string[]): Promise<Invoice[]> {
  if (ids.length === 0) return [];
  const rows = (
    await sql<InvoiceRow>`SELECT ${COLUMNS} FROM invoices
      WHERE tenant_id = ${tx.ctx.tenantId} AND id = ANY (${[...ids]}::uuid[])`.execute(tx.db)
  ).rows;
  const lines = (
    await sql<
      LineRow & { invoice_id: string }
    >`SELECT invoice_id, id, line_no, origin_kind, origin_ids, description,
        quantity, unit_price_minor, net_minor, vat_category, vat_rate::text AS vat_rate
      FROM invoice_lines WHERE tenant_id = ${tx.ctx.tenantId} AND invoice_id = ANY (${[...ids]}::uuid[])
      ORDER BY invoice_id, line_no`.execute(tx.db)
  ).rows;
  const linesOf = new Map<string, LineRow[]>();
  for (const line of lines) {
    const list = linesOf.get(line.invoice_id) ?? [];
    list.push(line);
    linesOf.set(line.invoice_id, list);
  }
  const byId = new Map(rows.map((row) => [row.id, row] as const));
  return ids.map((id) => {
    const row = byId.get(id);
    if (!row) throw new AppError('NOT_FOUND', { resource: 'invoice', id });
    return present(row, linesOf.get(id) ?? []);
  });
}

/** The invoices in the caller's scope, newest first by id (keyset pages). */
export async function listInvoices(
  tx: TenantTransaction,
  page: { readonly limit: number; readonly cursor?: string | null | undefined },
  filter: { readonly legalEntityId?: string; readonly status?: InvoiceStatus } = {},
): Promise<{ items: Invoice[]; nextCursor: string | null }> {
  const rows = (
    await sql<InvoiceRow>`SELECT ${COLUMNS} FROM invoices WHERE tenant_id = ${tx.ctx.tenantId}
      ${filter.legalEntityId ? sql`AND legal_entity_id = ${filter.legalEntityId}` : sql``}
      ${filter.status ? sql`AND status = ${filter.status}` : sql``}
      ${page.cursor ? sql`AND id < ${page.cursor}` : sql``}
      ORDER BY id DESC LIMIT ${page.limit + 1}`.execute(tx.db)
  ).rows;
  const withLines: [InvoiceRow, LineRow[]][] = [];
  for (const row of rows.slice(0, page.limit)) withLines.push([row, await linesOf(tx, row.id)]);
  const presented = new Map(withLines.map(([row, lines]) => [row.id, present(row, lines)] as const));
  return toPage(rows, page.limit, (row) => presented.get(row.id) ?? present(row, []));
}

function wrongState(invoice: InvoiceRow, action: string): AppError {
  return new AppError(
    'CONFLICT',
    { resource: 'invoice', id: invoice.id, status: invoice.status },
    { detail: `A ${invoice.status} invoice cannot be ${action}` },
  );
}

/** Approves a draft invoice (who and when). */
export async function approveInvoice(tx: TenantTransaction, id: string): Promise<Invoice> {
  const row = await findRow(tx, id, true);
  if (row.status !== 'draft') throw wrongState(row, 'approved');
  await sql`UPDATE invoices SET status = 'approved', approved_at = now(),
      approved_by_membership_id = ${tx.ctx.actor.membershipId ?? null}, updated_at = now()
    WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${id}`.execute(tx.db);
  tx.audit({
    action: 'invoice.approved',
    resourceKind: 'invoice',
    resourceId: id,
    before: { status: 'draft' },
    after: { status: 'approved' },
  });
  return getInvoice(tx, id);
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Issues an approved invoice: assigns the next number of its legal entity (the counter row is
 * updated in this transaction, so numbers are gapless), dates it, and posts it to the ledger —
 * receivables debited with the gross, revenue credited with the net by origin, VAT payable with
 * the VAT — as source `invoice`/`issue`, in the same transaction.
 */
export async function issueInvoice(
  tx: TenantTransaction,
  id: string,
  input: { readonly issueDate?: string; readonly dueDate?: string; readonly paymentTermDays?: number } = {},
): Promise<Invoice> {
  const row = await findRow(tx, id, true);
  if (row.status !== 'approved') throw wrongState(row, 'issued');
  const lines = await linesOf(tx, id);
  const net = BigInt(row.net_minor);
  if (lines.length === 0 || net <= 0n)
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: 'invoice', id },
      { detail: 'An invoice without a positive net amount cannot be issued' },
    );
  const issueDate = input.issueDate ?? new Date().toISOString().slice(0, 10);
  const dueDate = input.dueDate ?? addDays(issueDate, input.paymentTermDays ?? 30);
  if (dueDate < issueDate)
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      {},
      {
        detail: 'The due date is before the issue date',
        fieldProblems: [{ path: '/body/dueDate', message: 'before the issue date' }],
      },
    );
  const tenantId = tx.ctx.tenantId;
  await sql`INSERT INTO invoice_number_counters (tenant_id, legal_entity_id) VALUES (${tenantId}, ${row.legal_entity_id})
    ON CONFLICT (tenant_id, legal_entity_id) DO NOTHING`.execute(tx.db);
  const counter = (
    await sql<{ number: bigint | string }>`UPDATE invoice_number_counters SET next_number = next_number + 1
      WHERE tenant_id = ${tenantId} AND legal_entity_id = ${row.legal_entity_id}
      RETURNING next_number - 1 AS number`.execute(tx.db)
  ).rows[0];
  if (!counter) throw new AppError('INTERNAL', { reason: 'invoice number counter not visible' });
  const currency = row.currency.trim();
  const revenueByRole = new Map<
    'revenue_services' | 'revenue_expense_recharge' | 'revenue_fixed_fees',
    bigint
  >();
  for (const line of lines) {
    const role =
      line.origin_kind === 'expense'
        ? 'revenue_expense_recharge'
        : line.origin_kind === 'milestone'
          ? 'revenue_fixed_fees'
          : 'revenue_services';
    revenueByRole.set(role, (revenueByRole.get(role) ?? 0n) + BigInt(line.net_minor));
  }
  const postingLines: PostingLine[] = [
    { account: { role: 'receivables' }, side: 'debit', amountMinor: BigInt(row.gross_minor), currency },
    ...[...revenueByRole.entries()]
      .filter(([, amount]) => amount !== 0n)
      .map(
        ([role, amount]): PostingLine => ({
          account: { role },
          side: amount > 0n ? 'credit' : 'debit',
          amountMinor: amount > 0n ? amount : -amount,
          currency,
        }),
      ),
    ...(BigInt(row.vat_minor) > 0n
      ? [
          {
            account: { role: 'vat_payable' },
            side: 'credit',
            amountMinor: BigInt(row.vat_minor),
            currency,
          } as const,
        ]
      : []),
  ];
  const number = num(counter.number);
  const posted = await postJournalEntry(tx, {
    legalEntityId: row.legal_entity_id,
    entryDate: issueDate,
    description: `Invoice ${number}`,
    source: { kind: 'invoice', id, purpose: 'issue' },
    lines: postingLines,
  });
  await sql`UPDATE invoices SET status = 'issued', number = ${number}, issue_date = ${issueDate}::date,
      due_date = ${dueDate}::date, issued_at = now(), issued_by_membership_id = ${tx.ctx.actor.membershipId ?? null},
      journal_entry_id = ${posted.entry.id}, updated_at = now()
    WHERE tenant_id = ${tenantId} AND id = ${id}`.execute(tx.db);
  tx.audit({
    action: 'invoice.issued',
    resourceKind: 'invoice',
    resourceId: id,
    before: { status: 'approved' },
    after: { status: 'issued', number, issueDate, dueDate, journalEntryId: posted.entry.id },
  });
  return getInvoice(tx, id);
}

/** Voids a draft or approved invoice: its time entries, expenses and milestones become unbilled again. */
export async function voidInvoice(tx: TenantTransaction, id: string): Promise<Invoice> {
  const row = await findRow(tx, id, true);
  if (row.status !== 'draft' && row.status !== 'approved')
    throw wrongState(row, 'voided (issue a credit note)');
  const tenantId = tx.ctx.tenantId;
  const release = (table: 'time_entries' | 'expenses') =>
    sql`UPDATE ${sql.table(table)} SET billing_state = 'unbilled', invoice_id = NULL, invoice_line_id = NULL,
        billed_at = NULL, updated_at = now()
      WHERE tenant_id = ${tenantId} AND invoice_id = ${id} AND billing_state = 'billed'`.execute(tx.db);
  await release('time_entries');
  await release('expenses');
  await sql`UPDATE project_milestones SET invoice_id = NULL, invoice_line_id = NULL, billed_at = NULL, updated_at = now()
    WHERE tenant_id = ${tenantId} AND invoice_id = ${id}`.execute(tx.db);
  await sql`UPDATE invoices SET status = 'void', voided_at = now(),
      voided_by_membership_id = ${tx.ctx.actor.membershipId ?? null}, updated_at = now()
    WHERE tenant_id = ${tenantId} AND id = ${id}`.execute(tx.db);
  tx.audit({
    action: 'invoice.voided',
    resourceKind: 'invoice',
    resourceId: id,
    before: { status: row.status },
    after: { status: 'void' },
  });
  return getInvoice(tx, id);
}
