import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError, type FieldProblem } from '../../platform/errors/index.ts';
import { reverseJournalEntry } from '../ledger/index.ts';
import { openAmounts } from './invoice-open-amount.ts';
import { findPaymentRow, getPayment, type Payment, type PaymentRow } from './payment-query.ts';
import { bookedReceivable, functionalShare, postRealisedFx } from './realised-fx.ts';

/** A part of a payment to apply to one invoice. */
export interface AllocationInput {
  readonly invoiceId: string;
  readonly amountMinor: number | bigint;
}

interface InvoiceRow {
  id: string;
  legal_entity_id: string;
  client_id: string;
  practice_id: string;
  region_id: string | null;
  currency: string;
  status: string;
  kind: string | null;
  issue_date: string | null;
  journal_entry_id: string | null;
}

/**
 * The invoices locked `FOR UPDATE`, in id order (every writer locks the payment first, then its
 * invoices by id, so two allocations never wait on each other in a cycle).
 */
export async function lockInvoices(
  tx: TenantTransaction,
  ids: readonly string[],
): Promise<Map<string, InvoiceRow>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<InvoiceRow>`
    SELECT i.id, i.legal_entity_id, i.client_id, i.practice_id, i.region_id, i.currency, i.status,
      i.kind, i.issue_date::text AS issue_date, i.journal_entry_id
    FROM invoices i WHERE i.tenant_id = ${tx.ctx.tenantId} AND i.id = ANY(${[...new Set(ids)].sort()}::uuid[])
    ORDER BY i.id FOR UPDATE`.execute(tx.db);
  return new Map(rows.map((row) => [row.id, row] as const));
}

/**
 * Moves locked invoices between issued and paid: paid (who and when) once the open amount is 0,
 * back to issued when an allocation is removed. Audited and announced.
 */
export async function settleInvoices(tx: TenantTransaction, invoices: readonly InvoiceRow[]): Promise<void> {
  const open = await openAmounts(
    tx,
    invoices.map((invoice) => invoice.id),
  );
  for (const invoice of invoices) {
    const openMinor = open.get(invoice.id)?.openMinor;
    if (openMinor === undefined) continue;
    let to: 'paid' | 'issued' | null = null;
    if (invoice.status === 'issued' && openMinor === 0n) to = 'paid';
    if (invoice.status === 'paid' && openMinor > 0n) to = 'issued';
    if (!to) continue;
    await sql`UPDATE invoices SET status = ${to},
        paid_at = ${to === 'paid' ? sql`now()` : sql`NULL`},
        paid_by_membership_id = ${to === 'paid' ? (tx.ctx.actor.membershipId ?? null) : null},
        updated_at = now()
      WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${invoice.id}`.execute(tx.db);
    const action = to === 'paid' ? 'invoice.paid' : 'invoice.reopened';
    tx.audit({
      action,
      resourceKind: 'invoice',
      resourceId: invoice.id,
      before: { status: invoice.status },
      after: { status: to, openMinor: openMinor.toString() },
    });
    tx.emit({
      topic: action,
      resourceKind: 'invoice',
      resourceId: invoice.id,
      payload: { invoiceId: invoice.id, status: to },
    });
    invoice.status = to;
  }
}

function requirePayable(payment: PaymentRow): void {
  if (payment.status !== 'recorded')
    throw new AppError(
      'CONFLICT',
      { resource: 'payment', id: payment.id, status: payment.status },
      { detail: `A ${payment.status} payment cannot be allocated` },
    );
}

/**
 * Applies a payment to issued invoices of its legal entity, client and currency, in the caller's
 * transaction. The payment row and then the invoices are locked, so concurrent allocations queue:
 * no allocation exceeds the payment's unallocated amount nor the invoice's open amount (422
 * naming `/body/allocations/{i}/amountMinor`). Invoices whose open amount reaches 0 become paid.
 */
export async function allocatePayment(
  tx: TenantTransaction,
  paymentId: string,
  allocations: readonly AllocationInput[],
): Promise<Payment> {
  const payment = await findPaymentRow(tx, paymentId, true);
  requirePayable(payment);
  await applyAllocations(tx, payment, allocations);
  return getPayment(tx, paymentId);
}

/** Allocates under a payment row the caller has locked (recording with allocations uses it too). */
export async function applyAllocations(
  tx: TenantTransaction,
  payment: PaymentRow,
  allocations: readonly AllocationInput[],
): Promise<void> {
  const at = (i: number, field: string) => `/body/allocations/${i}/${field}`;
  const problems: FieldProblem[] = [];
  if (allocations.length === 0) problems.push({ path: '/body/allocations', message: 'is empty' });
  const seen = new Set<string>();
  allocations.forEach((allocation, i) => {
    if (BigInt(allocation.amountMinor) <= 0n)
      problems.push({ path: at(i, 'amountMinor'), message: 'must be positive' });
    if (seen.has(allocation.invoiceId))
      problems.push({ path: at(i, 'invoiceId'), message: 'appears twice: allocate once per invoice' });
    seen.add(allocation.invoiceId);
  });
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', {}, { fieldProblems: problems });

  const invoices = await lockInvoices(
    tx,
    allocations.map((a) => a.invoiceId),
  );
  const missing = allocations.flatMap((allocation, i) =>
    invoices.has(allocation.invoiceId) ? [] : [{ path: at(i, 'invoiceId'), message: 'no such invoice' }],
  );
  if (missing.length > 0)
    throw new AppError('REFERENCE_NOT_FOUND', { resource: 'invoice' }, { fieldProblems: missing });

  const currency = payment.currency.trim();
  const open = await openAmounts(tx, [...invoices.keys()]);
  let unallocated = BigInt(payment.amount_minor) - BigInt(payment.allocated_minor);
  allocations.forEach((allocation, i) => {
    const invoice = invoices.get(allocation.invoiceId) as InvoiceRow;
    const amount = BigInt(allocation.amountMinor);
    const path = at(i, 'invoiceId');
    if (invoice.kind !== null && invoice.kind !== 'invoice')
      problems.push({ path, message: `is a ${invoice.kind.replaceAll('_', ' ')}, not an invoice` });
    else if (invoice.status !== 'issued' && invoice.status !== 'paid')
      problems.push({ path, message: `is ${invoice.status}: only issued invoices take payments` });
    if (invoice.legal_entity_id !== payment.legal_entity_id)
      problems.push({ path, message: "is not of the payment's legal entity" });
    if (invoice.client_id !== payment.client_id)
      problems.push({ path, message: "is not of the payment's client" });
    if (invoice.currency.trim() !== currency)
      problems.push({ path, message: `is in ${invoice.currency.trim()}, the payment in ${currency}` });
    const openMinor = open.get(invoice.id)?.openMinor ?? 0n;
    if (amount > unallocated)
      problems.push({
        path: at(i, 'amountMinor'),
        message: `exceeds the payment's unallocated amount (${unallocated > 0n ? unallocated : 0n})`,
      });
    if (amount > openMinor)
      problems.push({
        path: at(i, 'amountMinor'),
        message: `exceeds the invoice's open amount (${openMinor > 0n ? openMinor : 0n})`,
      });
    unallocated -= amount;
  });
  if (problems.length > 0)
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: 'payment', id: payment.id },
      { detail: 'The allocations do not fit the payment or the invoices', fieldProblems: problems },
    );

  if (!payment.journal_entry_id)
    throw new AppError('INTERNAL', { reason: 'a recorded payment without its entry' });
  const paid = await bookedReceivable(tx, payment.journal_entry_id, 'credit');
  let paymentAllocated = BigInt(payment.allocated_minor);
  let paymentShares = BigInt(payment.allocated_functional_minor);
  const receivedOn = String(payment.received_on).slice(0, 10);
  let total = 0n;
  let totalShares = 0n;
  for (const allocation of allocations) {
    const invoice = invoices.get(allocation.invoiceId) as InvoiceRow;
    if (!invoice.journal_entry_id || !invoice.issue_date)
      throw new AppError('INTERNAL', { reason: 'an issued invoice without its entry', id: invoice.id });
    const id = uuidv7();
    const amount = BigInt(allocation.amountMinor);
    const settled = await settledOn(tx, invoice.id);
    const invoiceShare = functionalShare(
      await bookedReceivable(tx, invoice.journal_entry_id, 'debit'),
      settled.amount,
      settled.shares,
      amount,
    );
    const paymentShare = functionalShare(paid, paymentAllocated, paymentShares, amount);
    const issueDate = invoice.issue_date.slice(0, 10);
    const fxEntryId = await postRealisedFx(tx, {
      allocationId: id,
      legalEntityId: payment.legal_entity_id,
      currency,
      // Realised when both exist: the later of the issue and the receipt.
      entryDate: [issueDate, receivedOn].sort()[1] as string,
      invoiceShare,
      paymentShare,
    });
    paymentAllocated += amount;
    paymentShares += paymentShare;
    total += amount;
    totalShares += paymentShare;
    await sql`INSERT INTO payment_allocations (tenant_id, id, payment_id, invoice_id, legal_entity_id, client_id,
        practice_id, region_id, currency, amount_minor, invoice_functional_minor, payment_functional_minor,
        fx_journal_entry_id, created_by_membership_id)
      VALUES (${tx.ctx.tenantId}, ${id}, ${payment.id}, ${invoice.id}, ${invoice.legal_entity_id},
        ${invoice.client_id}, ${invoice.practice_id}, ${invoice.region_id}, ${currency}, ${amount},
        ${invoiceShare}, ${paymentShare}, ${fxEntryId}, ${tx.ctx.actor.membershipId ?? null})`.execute(tx.db);
    const record = {
      paymentId: payment.id,
      invoiceId: invoice.id,
      amountMinor: amount.toString(),
      currency,
      invoiceFunctionalMinor: invoiceShare.toString(),
      paymentFunctionalMinor: paymentShare.toString(),
      fxJournalEntryId: fxEntryId,
    };
    tx.audit({
      action: 'payment_allocation.created',
      resourceKind: 'payment_allocation',
      resourceId: id,
      after: record,
    });
    tx.emit({
      topic: 'payment.allocated',
      resourceKind: 'payment',
      resourceId: payment.id,
      payload: { allocationId: id, ...record },
    });
  }
  await sql`UPDATE payments SET allocated_minor = allocated_minor + ${total},
      allocated_functional_minor = allocated_functional_minor + ${totalShares}, updated_at = now()
    WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${payment.id}`.execute(tx.db);
  await settleInvoices(tx, [...invoices.values()]);
}

/** What the active allocations of a (locked) invoice settled, in its currency and in functional. */
async function settledOn(
  tx: TenantTransaction,
  invoiceId: string,
): Promise<{ amount: bigint; shares: bigint }> {
  const row = (
    await sql<{ amount: bigint | string; shares: bigint | string }>`
      SELECT coalesce(sum(amount_minor), 0)::bigint AS amount, coalesce(sum(invoice_functional_minor), 0)::bigint AS shares
      FROM payment_allocations
      WHERE tenant_id = ${tx.ctx.tenantId} AND invoice_id = ${invoiceId} AND removed_at IS NULL`.execute(
      tx.db,
    )
  ).rows[0];
  return { amount: BigInt(row?.amount ?? 0), shares: BigInt(row?.shares ?? 0) };
}

/**
 * Removes an active allocation of a payment (who and when; the row stays): the payment's amount
 * becomes unallocated again and a paid invoice goes back to issued.
 */
export async function removeAllocation(
  tx: TenantTransaction,
  paymentId: string,
  allocationId: string,
): Promise<Payment> {
  const payment = await findPaymentRow(tx, paymentId, true);
  requirePayable(payment);
  const allocation = (
    await sql<{ invoice_id: string; amount_minor: bigint | string }>`
      SELECT invoice_id, amount_minor FROM payment_allocations
      WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${allocationId} AND payment_id = ${paymentId}
        AND removed_at IS NULL`.execute(tx.db)
  ).rows[0];
  if (!allocation) throw new AppError('NOT_FOUND', { resource: 'payment_allocation', id: allocationId });
  const invoices = await lockInvoices(tx, [allocation.invoice_id]);
  await releaseAllocations(tx, payment.id, sql`AND id = ${allocationId}`);
  await settleInvoices(tx, [...invoices.values()]);
  return getPayment(tx, paymentId);
}

/**
 * Stamps the payment's active allocations matching `which` as removed and lowers the payment's
 * allocated amount by theirs; audited per allocation. The caller holds the payment locked.
 */
export async function releaseAllocations(
  tx: TenantTransaction,
  paymentId: string,
  which: ReturnType<typeof sql>,
): Promise<string[]> {
  const { rows } = await sql<{
    id: string;
    invoice_id: string;
    amount_minor: bigint | string;
    payment_functional_minor: bigint | string;
    fx_journal_entry_id: string | null;
  }>`
    UPDATE payment_allocations SET removed_at = now(), removed_by_membership_id = ${tx.ctx.actor.membershipId ?? null}
    WHERE tenant_id = ${tx.ctx.tenantId} AND payment_id = ${paymentId} AND removed_at IS NULL ${which}
    RETURNING id, invoice_id, amount_minor, payment_functional_minor, fx_journal_entry_id`.execute(tx.db);
  const total = rows.reduce((sum, row) => sum + BigInt(row.amount_minor), 0n);
  const shares = rows.reduce((sum, row) => sum + BigInt(row.payment_functional_minor), 0n);
  if (total > 0n)
    await sql`UPDATE payments SET allocated_minor = allocated_minor - ${total},
        allocated_functional_minor = allocated_functional_minor - ${shares}, updated_at = now()
      WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${paymentId}`.execute(tx.db);
  // The realised FX difference of a removed allocation is reversed (dated as it was posted).
  for (const row of rows)
    if (row.fx_journal_entry_id)
      await reverseJournalEntry(tx, row.fx_journal_entry_id, {
        description: 'Reversal of a realised FX difference: payment allocation removed',
      });
  for (const row of rows) {
    const record = { paymentId, invoiceId: row.invoice_id, amountMinor: String(row.amount_minor) };
    tx.audit({
      action: 'payment_allocation.removed',
      resourceKind: 'payment_allocation',
      resourceId: row.id,
      before: record,
      after: null,
    });
    tx.emit({
      topic: 'payment.unallocated',
      resourceKind: 'payment',
      resourceId: paymentId,
      payload: { allocationId: row.id, ...record },
    });
  }
  return [...new Set(rows.map((row) => row.invoice_id))];
}

/**
 * Locks the invoices and moves each between issued and paid by its open amount: for changes that
 * move the open amount outside payments (an issued credit note).
 */
export async function settleInvoiceStatuses(
  tx: TenantTransaction,
  invoiceIds: readonly string[],
): Promise<void> {
  const invoices = await lockInvoices(tx, invoiceIds);
  await settleInvoices(tx, [...invoices.values()]);
}
