import { sql } from 'kysely';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';

export const PAYMENT_METHODS = ['bank_transfer', 'card', 'direct_debit', 'cheque', 'cash', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
export type PaymentStatus = 'recorded' | 'void';

/** Money as the API carries it: integer minor units and an ISO 4217 currency. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

/** A part of a payment applied to one invoice. */
export interface PaymentAllocation {
  readonly id: string;
  readonly invoiceId: string;
  readonly amountMinor: number;
  readonly createdAt: string;
  readonly createdByMembershipId: string | null;
}

export interface Payment {
  readonly id: string;
  readonly legalEntityId: string;
  readonly clientId: string;
  readonly amount: Money;
  /** The active allocations' sum, whatever part of them the reader's scope shows. */
  readonly allocated: Money;
  readonly unallocated: Money;
  readonly receivedOn: string;
  readonly reference: string | null;
  readonly method: PaymentMethod;
  readonly status: PaymentStatus;
  readonly recordedAt: string;
  readonly recordedByMembershipId: string | null;
  readonly voidedAt: string | null;
  readonly voidedByMembershipId: string | null;
  readonly journalEntryId: string | null;
  readonly voidJournalEntryId: string | null;
  /** The active allocations the reader's scope shows (those of the invoices they see). */
  readonly allocations: PaymentAllocation[];
}

export interface PaymentRow {
  id: string;
  legal_entity_id: string;
  client_id: string;
  region_id: string | null;
  currency: string;
  amount_minor: bigint | string;
  allocated_minor: bigint | string;
  allocated_functional_minor: bigint | string;
  received_on: Date | string;
  reference: string | null;
  method: PaymentMethod;
  status: PaymentStatus;
  request_digest: string;
  journal_entry_id: string | null;
  recorded_at: Date;
  recorded_by_membership_id: string | null;
  voided_at: Date | null;
  voided_by_membership_id: string | null;
  void_journal_entry_id: string | null;
}

interface AllocationRow {
  id: string;
  payment_id: string;
  invoice_id: string;
  amount_minor: bigint | string;
  created_at: Date;
  created_by_membership_id: string | null;
}

const COLUMNS = sql`id, legal_entity_id, client_id, region_id, currency, amount_minor, allocated_minor, allocated_functional_minor,
  received_on, reference, method, status, request_digest, journal_entry_id, recorded_at,
  recorded_by_membership_id, voided_at, voided_by_membership_id, void_journal_entry_id`;

const day = (value: Date | string) =>
  value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
const iso = (value: Date | string | null) =>
  value === null ? null : value instanceof Date ? value.toISOString() : new Date(value).toISOString();

/** A bigint amount as a JSON number; beyond the safe range is a bug (500). */
export function minorNumber(value: bigint | string | number): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new AppError('INTERNAL', { reason: 'amount beyond safe integer' });
  return n;
}

function present(row: PaymentRow, allocations: readonly AllocationRow[]): Payment {
  const currency = row.currency.trim();
  const amount = BigInt(row.amount_minor);
  const allocated = BigInt(row.allocated_minor);
  return {
    id: row.id,
    legalEntityId: row.legal_entity_id,
    clientId: row.client_id,
    amount: { amountMinor: minorNumber(amount), currency },
    allocated: { amountMinor: minorNumber(allocated), currency },
    unallocated: { amountMinor: minorNumber(amount - allocated), currency },
    receivedOn: day(row.received_on),
    reference: row.reference,
    method: row.method,
    status: row.status,
    recordedAt: iso(row.recorded_at) ?? '',
    recordedByMembershipId: row.recorded_by_membership_id,
    voidedAt: iso(row.voided_at),
    voidedByMembershipId: row.voided_by_membership_id,
    journalEntryId: row.journal_entry_id,
    voidJournalEntryId: row.void_journal_entry_id,
    allocations: allocations.map((a) => ({
      id: a.id,
      invoiceId: a.invoice_id,
      amountMinor: minorNumber(a.amount_minor),
      createdAt: iso(a.created_at) ?? '',
      createdByMembershipId: a.created_by_membership_id,
    })),
  };
}

/** The payment row, optionally locked (`FOR UPDATE`); NOT_FOUND when missing or out of scope. */
export async function findPaymentRow(tx: TenantTransaction, id: string, lock = false): Promise<PaymentRow> {
  const row = await findPaymentRowWhere(tx, sql`id = ${id}`, lock);
  if (!row) throw new AppError('NOT_FOUND', { resource: 'payment', id });
  return row;
}

/** The payment recorded under an idempotency key, if the caller sees it. */
export function findPaymentByKey(tx: TenantTransaction, key: string): Promise<PaymentRow | undefined> {
  return findPaymentRowWhere(tx, sql`idempotency_key = ${key}`, false);
}

async function findPaymentRowWhere(
  tx: TenantTransaction,
  where: ReturnType<typeof sql>,
  lock: boolean,
): Promise<PaymentRow | undefined> {
  return (
    await sql<PaymentRow>`SELECT ${COLUMNS} FROM payments WHERE tenant_id = ${tx.ctx.tenantId} AND ${where}
      ${lock ? sql`FOR UPDATE` : sql``}`.execute(tx.db)
  ).rows[0];
}

async function allocationsOf(
  tx: TenantTransaction,
  paymentIds: readonly string[],
): Promise<Map<string, AllocationRow[]>> {
  const byPayment = new Map<string, AllocationRow[]>();
  if (paymentIds.length === 0) return byPayment;
  const { rows } = await sql<AllocationRow>`
    SELECT id, payment_id, invoice_id, amount_minor, created_at, created_by_membership_id
    FROM payment_allocations
    WHERE tenant_id = ${tx.ctx.tenantId} AND payment_id = ANY(${[...paymentIds]}::uuid[]) AND removed_at IS NULL
    ORDER BY id`.execute(tx.db);
  for (const row of rows) byPayment.set(row.payment_id, [...(byPayment.get(row.payment_id) ?? []), row]);
  return byPayment;
}

/** A payment with its active allocations (those the caller sees); NOT_FOUND when not visible. */
export async function getPayment(tx: TenantTransaction, id: string): Promise<Payment> {
  const row = await findPaymentRow(tx, id);
  return present(row, (await allocationsOf(tx, [id])).get(id) ?? []);
}

/** The payments in the caller's scope, newest first by id (keyset pages), with their allocations. */
export async function listPayments(
  tx: TenantTransaction,
  page: { readonly limit: number; readonly cursor?: string | null | undefined },
  filter: {
    readonly legalEntityId?: string;
    readonly clientId?: string;
    readonly status?: PaymentStatus;
  } = {},
): Promise<{ items: Payment[]; nextCursor: string | null }> {
  const rows = (
    await sql<PaymentRow>`SELECT ${COLUMNS} FROM payments WHERE tenant_id = ${tx.ctx.tenantId}
      ${filter.legalEntityId ? sql`AND legal_entity_id = ${filter.legalEntityId}` : sql``}
      ${filter.clientId ? sql`AND client_id = ${filter.clientId}` : sql``}
      ${filter.status ? sql`AND status = ${filter.status}` : sql``}
      ${page.cursor ? sql`AND id < ${page.cursor}` : sql``}
      ORDER BY id DESC LIMIT ${page.limit + 1}`.execute(tx.db)
  ).rows;
  const allocations = await allocationsOf(
    tx,
    rows.slice(0, page.limit).map((row) => row.id),
  );
  return toPage(rows, page.limit, (row) => present(row, allocations.get(row.id) ?? []));
}
