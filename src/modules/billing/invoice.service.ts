import { sql } from 'kysely';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { settleInvoiceStatuses } from '../payments/index.ts';
import { releaseBilledWork } from './billed-work.ts';
import { type DocumentKind, postIssuedDocument } from './invoice-posting.ts';
import { invoiceTotals, type VatCategory } from './invoice-totals.ts';
import { isoDay, uuidList } from './sql-values.ts';

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
  /** On a credit note: the line of the corrected invoice this line credits. */
  readonly correctsLineId: string | null;
}

/** A document level allowance or charge (EN 16931 BG-20/BG-21). */
export interface InvoiceAllowance {
  readonly id: string;
  readonly kind: 'allowance' | 'charge';
  readonly reason: string;
  readonly reasonCode: string | null;
  readonly amountMinor: number;
  readonly vatCategory: VatCategory;
  readonly vatRate: string;
}

export interface Invoice {
  readonly id: string;
  /** An invoice, or a credit note correcting one (amounts positive, as in a UBL CreditNote). */
  readonly kind: DocumentKind;
  readonly correctsInvoiceId: string | null;
  readonly creditReason: string | null;
  /** A credit note that releases the corrected invoice's work to bill again when it is issued. */
  readonly rebill: boolean;
  readonly legalEntityId: string;
  readonly clientId: string;
  readonly contractId: string;
  readonly practiceId: string;
  readonly regionId: string | null;
  readonly currency: string;
  readonly billingRunId: string | null;
  readonly status: InvoiceStatus;
  readonly number: number | null;
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  /** Sum of line nets (BT-106), of allowances (BT-107) and of charges (BT-108). */
  readonly lineNetMinor: number;
  readonly allowanceTotalMinor: number;
  readonly chargeTotalMinor: number;
  readonly netMinor: number;
  readonly vatMinor: number;
  readonly grossMinor: number;
  /** Why E, AE or O applies (BT-120/BT-121); null for S and Z. */
  readonly vatExemptionReason: string | null;
  readonly vatExemptionCode: string | null;
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
  readonly allowances: InvoiceAllowance[];
}

export interface InvoiceRow {
  id: string;
  kind: DocumentKind;
  corrects_invoice_id: string | null;
  credit_reason: string | null;
  rebill: boolean;
  vat_exemption_reason: string | null;
  vat_exemption_code: string | null;
  practice_id: string;
  region_id: string | null;
  period_from: Date | string | null;
  period_to: Date | string | null;
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

export interface LineRow {
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
  corrects_line_id: string | null;
}

export interface AllowanceRow {
  id: string;
  kind: 'allowance' | 'charge';
  reason: string;
  reason_code: string | null;
  amount_minor: bigint | string;
  vat_category: VatCategory;
  vat_rate: string;
}

const day = (value: Date | string | null) => (value === null ? null : isoDay(value));
const iso = (value: Date | string | null) =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();
const num = (value: bigint | string | number) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new AppError('INTERNAL', { reason: 'amount beyond safe integer' });
  return n;
};
/** "25.00" → "25", "7.70" → "7.7". */
const rateText = (value: string | number) => {
  const text = String(value);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
};

const COLUMNS = sql`id, kind, corrects_invoice_id, credit_reason, rebill, vat_exemption_reason, vat_exemption_code,
  practice_id, region_id, period_from, period_to, legal_entity_id, client_id, contract_id, currency, billing_run_id, status, number,
  issue_date, due_date, net_minor, vat_minor, gross_minor, created_at, approved_at, approved_by_membership_id,
  issued_at, issued_by_membership_id, voided_at, voided_by_membership_id, journal_entry_id`;

/** The totals of a document's lines and allowances (EN 16931). */
export function totalsOf(lines: readonly LineRow[], allowances: readonly AllowanceRow[]) {
  return invoiceTotals(
    lines.map((line) => ({
      netMinor: BigInt(line.net_minor),
      vatCategory: line.vat_category,
      vatRate: rateText(line.vat_rate),
    })),
    allowances.map((item) => ({
      kind: item.kind,
      amountMinor: BigInt(item.amount_minor),
      vatCategory: item.vat_category,
      vatRate: rateText(item.vat_rate),
    })),
  );
}

function present(row: InvoiceRow, lines: LineRow[], allowances: AllowanceRow[]): Invoice {
  const presentedLines = lines.map((line) => ({
    id: line.id,
    lineNo: line.line_no,
    originKind: line.origin_kind,
    originIds: uuidList(line.origin_ids),
    description: line.description,
    quantity: line.quantity,
    unitPriceMinor: num(line.unit_price_minor),
    netMinor: num(line.net_minor),
    vatCategory: line.vat_category,
    vatRate: rateText(line.vat_rate),
    correctsLineId: line.corrects_line_id,
  }));
  const totals = totalsOf(lines, allowances);
  return {
    id: row.id,
    kind: row.kind,
    correctsInvoiceId: row.corrects_invoice_id,
    creditReason: row.credit_reason,
    rebill: row.rebill,
    legalEntityId: row.legal_entity_id,
    clientId: row.client_id,
    contractId: row.contract_id,
    practiceId: row.practice_id,
    regionId: row.region_id,
    currency: row.currency.trim(),
    billingRunId: row.billing_run_id,
    status: row.status,
    number: row.number === null ? null : num(row.number),
    issueDate: day(row.issue_date),
    dueDate: day(row.due_date),
    lineNetMinor: num(totals.lineNetMinor),
    allowanceTotalMinor: num(totals.allowanceMinor),
    chargeTotalMinor: num(totals.chargeMinor),
    netMinor: num(row.net_minor),
    vatMinor: num(row.vat_minor),
    grossMinor: num(row.gross_minor),
    vatExemptionReason: row.vat_exemption_reason,
    vatExemptionCode: row.vat_exemption_code,
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
    allowances: allowances.map((item) => ({
      id: item.id,
      kind: item.kind,
      reason: item.reason,
      reasonCode: item.reason_code,
      amountMinor: num(item.amount_minor),
      vatCategory: item.vat_category,
      vatRate: rateText(item.vat_rate),
    })),
  };
}

/** The invoice's row (locked FOR UPDATE when asked); NOT_FOUND when absent or out of scope. */
export async function findRow(tx: TenantTransaction, id: string, lock = false): Promise<InvoiceRow> {
  const row = (
    await sql<InvoiceRow>`SELECT ${COLUMNS} FROM invoices WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${id}
      ${lock ? sql`FOR UPDATE` : sql``}`.execute(tx.db)
  ).rows[0];
  if (!row) throw new AppError('NOT_FOUND', { resource: 'invoice', id });
  return row;
}

/** A document's lines in order. */
export async function linesOf(tx: TenantTransaction, id: string): Promise<LineRow[]> {
  return (
    await sql<LineRow>`SELECT id, line_no, origin_kind, origin_ids, description, quantity, unit_price_minor,
        net_minor, vat_category, vat_rate::text AS vat_rate, corrects_line_id
      FROM invoice_lines WHERE tenant_id = ${tx.ctx.tenantId} AND invoice_id = ${id} ORDER BY line_no`.execute(
      tx.db,
    )
  ).rows;
}

/** A document's allowances and charges in the order they were added. */
export async function allowancesOf(tx: TenantTransaction, id: string): Promise<AllowanceRow[]> {
  return (
    await sql<AllowanceRow>`SELECT id, kind, reason, reason_code, amount_minor, vat_category, vat_rate::text AS vat_rate
      FROM invoice_allowances WHERE tenant_id = ${tx.ctx.tenantId} AND invoice_id = ${id} ORDER BY id`.execute(
      tx.db,
    )
  ).rows;
}

/** Recomputes a document's stored totals from its lines and allowances (in the caller's transaction). */
export async function storeTotals(tx: TenantTransaction, id: string) {
  const totals = totalsOf(await linesOf(tx, id), await allowancesOf(tx, id));
  await sql`UPDATE invoices SET net_minor = ${totals.netMinor}, vat_minor = ${totals.vatMinor},
      gross_minor = ${totals.grossMinor}, updated_at = now()
    WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${id}`.execute(tx.db);
  return totals;
}

/** An invoice or credit note with its lines and allowances; NOT_FOUND when absent or out of scope. */
export async function getInvoice(tx: TenantTransaction, id: string): Promise<Invoice> {
  const row = await findRow(tx, id);
  return present(row, await linesOf(tx, id), await allowancesOf(tx, id));
}

/**
 * Invoices with their lines, in the order of `ids`, read in three statements whatever their number
 * (a billing run returns hundreds); NOT_FOUND when one does not exist or is outside the caller's scope.
 */
export async function getInvoices(tx: TenantTransaction, ids: readonly string[]): Promise<Invoice[]> {
  if (ids.length === 0) return [];
  const rows = (
    await sql<InvoiceRow>`SELECT ${COLUMNS} FROM invoices
      WHERE tenant_id = ${tx.ctx.tenantId} AND id = ANY (${[...ids]}::uuid[])`.execute(tx.db)
  ).rows;
  const presented = await presentAll(tx, rows);
  return ids.map((id) => {
    const invoice = presented.get(id);
    if (!invoice) throw new AppError('NOT_FOUND', { resource: 'invoice', id });
    return invoice;
  });
}

/** Invoice rows presented with their lines and allowances, read in two statements for all of them. */
async function presentAll(tx: TenantTransaction, rows: readonly InvoiceRow[]): Promise<Map<string, Invoice>> {
  if (rows.length === 0) return new Map();
  const tenantId = tx.ctx.tenantId;
  const ids = rows.map((row) => row.id);
  const lines = (
    await sql<LineRow & { invoice_id: string }>`SELECT invoice_id, id, line_no, origin_kind, origin_ids,
        description, quantity, unit_price_minor, net_minor, vat_category, vat_rate::text AS vat_rate, corrects_line_id
      FROM invoice_lines WHERE tenant_id = ${tenantId} AND invoice_id = ANY (${ids}::uuid[])
      ORDER BY invoice_id, line_no`.execute(tx.db)
  ).rows;
  const allowances = (
    await sql<
      AllowanceRow & { invoice_id: string }
    >`SELECT invoice_id, id, kind, reason, reason_code, amount_minor,
        vat_category, vat_rate::text AS vat_rate
      FROM invoice_allowances WHERE tenant_id = ${tenantId} AND invoice_id = ANY (${ids}::uuid[])
      ORDER BY invoice_id, id`.execute(tx.db)
  ).rows;
  const grouped = <T extends { invoice_id: string }>(items: readonly T[]) => {
    const byInvoice = new Map<string, T[]>();
    for (const item of items) {
      const list = byInvoice.get(item.invoice_id) ?? [];
      list.push(item);
      byInvoice.set(item.invoice_id, list);
    }
    return byInvoice;
  };
  const linesByInvoice = grouped(lines);
  const allowancesByInvoice = grouped(allowances);
  return new Map(
    rows.map((row) => [
      row.id,
      present(row, linesByInvoice.get(row.id) ?? [], allowancesByInvoice.get(row.id) ?? []),
    ]),
  );
}

/** The invoices in the caller's scope, newest first by id (keyset pages). */
export async function listInvoices(
  tx: TenantTransaction,
  page: { readonly limit: number; readonly cursor?: string | null | undefined },
  filter: {
    readonly legalEntityId?: string;
    readonly status?: InvoiceStatus;
    readonly kind?: DocumentKind;
    readonly correctsInvoiceId?: string;
  } = {},
): Promise<{ items: Invoice[]; nextCursor: string | null }> {
  const rows = (
    await sql<InvoiceRow>`SELECT ${COLUMNS} FROM invoices WHERE tenant_id = ${tx.ctx.tenantId}
      ${filter.legalEntityId ? sql`AND legal_entity_id = ${filter.legalEntityId}` : sql``}
      ${filter.status ? sql`AND status = ${filter.status}` : sql``}
      ${filter.kind ? sql`AND kind = ${filter.kind}` : sql``}
      ${filter.correctsInvoiceId ? sql`AND corrects_invoice_id = ${filter.correctsInvoiceId}` : sql``}
      ${page.cursor ? sql`AND id < ${page.cursor}` : sql``}
      ORDER BY id DESC LIMIT ${page.limit + 1}`.execute(tx.db)
  ).rows;
  const presented = await presentAll(tx, rows.slice(0, page.limit));
  return toPage(rows, page.limit, (row) => presented.get(row.id) ?? present(row, [], []));
}

const NOUN: Record<DocumentKind, string> = { invoice: 'invoice', credit_note: 'credit note' };

/** 409 for a document in the wrong state for an action. */
export function wrongState(invoice: InvoiceRow, action: string): AppError {
  return new AppError(
    'CONFLICT',
    { resource: invoice.kind, id: invoice.id, status: invoice.status },
    { detail: `A ${invoice.status} ${NOUN[invoice.kind]} cannot be ${action}` },
  );
}

/** Approves a draft invoice or credit note (who and when). */
export async function approveInvoice(tx: TenantTransaction, id: string): Promise<Invoice> {
  const row = await findRow(tx, id, true);
  if (row.status !== 'draft') throw wrongState(row, 'approved');
  await sql`UPDATE invoices SET status = 'approved', approved_at = now(),
      approved_by_membership_id = ${tx.ctx.actor.membershipId ?? null}, updated_at = now()
    WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${id}`.execute(tx.db);
  tx.audit({
    action: `${row.kind}.approved`,
    resourceKind: row.kind,
    resourceId: id,
    before: { status: 'draft' },
    after: { status: 'approved' },
  });
  const approved = await getInvoice(tx, id);
  tx.emit({
    topic: `${row.kind}.approved`,
    resourceKind: row.kind,
    resourceId: id,
    payload: { invoice: approved },
  });
  return approved;
}

const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Issues an approved invoice or credit note: assigns the next number of its legal entity and kind
 * (the counter row is updated in this transaction, so numbers are gapless and credit notes have
 * their own sequence), dates it, and posts it to the ledger in the same transaction
 * (invoice-posting.ts: an invoice debits receivables with the gross and credits revenue by origin
 * and VAT payable; a credit note posts the mirror), as source `invoice`/`credit_note`, `issue`.
 */
export async function issueInvoice(
  tx: TenantTransaction,
  id: string,
  input: { readonly issueDate?: string; readonly dueDate?: string; readonly paymentTermDays?: number } = {},
): Promise<Invoice> {
  const row = await findRow(tx, id, true);
  if (row.status !== 'approved') throw wrongState(row, 'issued');
  const lines = await linesOf(tx, id);
  const allowances = await allowancesOf(tx, id);
  const net = BigInt(row.net_minor);
  if (lines.length === 0 || net <= 0n)
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: row.kind, id },
      { detail: `A ${NOUN[row.kind]} without a positive net amount cannot be issued` },
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
  await sql`INSERT INTO invoice_number_counters (tenant_id, legal_entity_id, kind)
    VALUES (${tenantId}, ${row.legal_entity_id}, ${row.kind})
    ON CONFLICT (tenant_id, legal_entity_id, kind) DO NOTHING`.execute(tx.db);
  const counter = (
    await sql<{ number: bigint | string }>`UPDATE invoice_number_counters SET next_number = next_number + 1
      WHERE tenant_id = ${tenantId} AND legal_entity_id = ${row.legal_entity_id} AND kind = ${row.kind}
      RETURNING next_number - 1 AS number`.execute(tx.db)
  ).rows[0];
  if (!counter) throw new AppError('INTERNAL', { reason: 'invoice number counter not visible' });
  const number = num(counter.number);
  const posted = await postIssuedDocument(tx, {
    id,
    kind: row.kind,
    contractId: row.contract_id,
    legalEntityId: row.legal_entity_id,
    number,
    issueDate,
    currency: row.currency.trim(),
    vatMinor: BigInt(row.vat_minor),
    grossMinor: BigInt(row.gross_minor),
    lines: lines.map((line) => ({ originKind: line.origin_kind, netMinor: BigInt(line.net_minor) })),
    allowances: allowances.map((item) => ({ kind: item.kind, amountMinor: BigInt(item.amount_minor) })),
  });
  await sql`UPDATE invoices SET status = 'issued', number = ${number}, issue_date = ${issueDate}::date,
      due_date = ${dueDate}::date, issued_at = now(), issued_by_membership_id = ${tx.ctx.actor.membershipId ?? null},
      journal_entry_id = ${posted.entry.id}, updated_at = now()
    WHERE tenant_id = ${tenantId} AND id = ${id}`.execute(tx.db);
  tx.audit({
    action: `${row.kind}.issued`,
    resourceKind: row.kind,
    resourceId: id,
    before: { status: 'approved' },
    after: { status: 'issued', number, issueDate, dueDate, journalEntryId: posted.entry.id },
  });
  // A credit note settles what it credits: the corrected invoice is paid once nothing is open.
  if (row.kind === 'credit_note' && row.corrects_invoice_id !== null) {
    await settleInvoiceStatuses(tx, [row.corrects_invoice_id]);
    if (row.rebill) await releaseForRebilling(tx, row.corrects_invoice_id, id);
  }
  const issued = await getInvoice(tx, id);
  tx.emit({
    topic: `${row.kind}.issued`,
    resourceKind: row.kind,
    resourceId: id,
    payload: { invoice: issued },
  });
  return issued;
}

/**
 * The work of an invoice that a full credit note with `rebill` has just credited becomes billable
 * again (time, expenses, milestones and fee periods): the next billing run bills it anew.
 */
export async function releaseForRebilling(tx: TenantTransaction, invoiceId: string, creditNoteId: string) {
  // Work billed again while part of the invoice is still owed would be billed twice: its issued
  // credit notes (this one among them) must cover its net — another credit note still a draft
  // leaves part of it uncredited.
  const { rows } = await sql<{ net: string; credited: string | null }>`
    SELECT i.net_minor::text AS net, (SELECT sum(c.net_minor) FROM invoices c WHERE c.tenant_id = i.tenant_id
      AND c.corrects_invoice_id = i.id AND c.kind = 'credit_note' AND c.status IN ('issued', 'paid'))::text AS credited
    FROM invoices i WHERE i.tenant_id = ${tx.ctx.tenantId} AND i.id = ${invoiceId}`.execute(tx.db);
  const net = BigInt(rows[0]?.net ?? '0');
  const credited = BigInt(rows[0]?.credited ?? '0');
  if (credited < net)
    throw new AppError(
      'CONFLICT',
      { resource: 'invoice', id: invoiceId },
      {
        detail: `The invoice is not credited in full (${credited} of ${net} net): issue or void its other credit notes before its work is billed again`,
      },
    );
  const released = await releaseBilledWork(tx, invoiceId, { feePeriods: true });
  // Row security hides work out of the caller's scope (a portfolio the invoice does not carry):
  // releasing only part of it would leave the rest billed on a credited invoice. All or nothing.
  const lines = await linesOf(tx, invoiceId);
  const billed = (kind: LineRow['origin_kind']) =>
    new Set(lines.filter((line) => line.origin_kind === kind).flatMap((line) => uuidList(line.origin_ids)))
      .size;
  if (
    released.timeEntries !== billed('time') ||
    released.expenses !== billed('expense') ||
    released.milestones !== billed('milestone')
  )
    throw new AppError(
      'FORBIDDEN',
      { resource: 'invoice', id: invoiceId },
      {
        detail:
          "Part of the invoice's work is outside your scope: a credit note with rebill is issued by " +
          'someone who sees all of it',
      },
    );
  tx.audit({
    action: 'invoice.work_released',
    resourceKind: 'invoice',
    resourceId: invoiceId,
    after: { creditNoteId, ...released },
  });
}

/**
 * Voids a draft or approved invoice (its time entries, expenses and milestones become unbilled
 * again) or credit note (what it would have credited is free to credit again).
 */
export async function voidInvoice(tx: TenantTransaction, id: string): Promise<Invoice> {
  const row = await findRow(tx, id, true);
  if (row.status !== 'draft' && row.status !== 'approved')
    throw wrongState(row, row.kind === 'invoice' ? 'voided (issue a credit note)' : 'voided');
  const tenantId = tx.ctx.tenantId;
  await releaseBilledWork(tx, id, { feePeriods: false });
  await sql`UPDATE invoices SET status = 'void', voided_at = now(),
      voided_by_membership_id = ${tx.ctx.actor.membershipId ?? null}, updated_at = now()
    WHERE tenant_id = ${tenantId} AND id = ${id}`.execute(tx.db);
  tx.audit({
    action: `${row.kind}.voided`,
    resourceKind: row.kind,
    resourceId: id,
    before: { status: row.status },
    after: { status: 'void' },
  });
  const voided = await getInvoice(tx, id);
  tx.emit({
    topic: `${row.kind}.voided`,
    resourceKind: row.kind,
    resourceId: id,
    payload: { invoice: voided },
  });
  return voided;
}
