import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { postJournalEntry, reverseJournalEntry } from '../ledger/index.ts';
import {
  type AllocationInput,
  applyAllocations,
  lockInvoices,
  releaseAllocations,
  settleInvoices,
} from './payment-allocation.service.ts';
import {
  findPaymentByKey,
  findPaymentRow,
  getPayment,
  type Payment,
  type PaymentMethod,
  type PaymentRow,
} from './payment-query.ts';

export interface RecordPaymentInput {
  readonly legalEntityId: string;
  readonly clientId: string;
  readonly amount: { readonly amountMinor: number | bigint; readonly currency: string };
  readonly receivedOn: string;
  readonly reference?: string | null;
  readonly method?: PaymentMethod;
  /** Applied in the same transaction, as `allocatePayment` would. */
  readonly allocations?: readonly AllocationInput[];
}

export interface RecordPaymentResult {
  readonly payment: Payment;
  /** True when the key had recorded a payment before: it is returned, nothing new is written. */
  readonly replayed: boolean;
}

/** A digest of what a request asks, so that a key reused for another request is told apart. */
function digestOf(input: RecordPaymentInput): string {
  const canonical = {
    legalEntityId: input.legalEntityId,
    clientId: input.clientId,
    amountMinor: BigInt(input.amount.amountMinor).toString(),
    currency: input.amount.currency,
    receivedOn: input.receivedOn,
    reference: input.reference ?? null,
    method: input.method ?? 'bank_transfer',
    allocations: (input.allocations ?? []).map((a) => [a.invoiceId, BigInt(a.amountMinor).toString()]),
  };
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

async function replay(tx: TenantTransaction, row: PaymentRow, digest: string): Promise<RecordPaymentResult> {
  if (row.request_digest !== digest)
    throw new AppError(
      'IDEMPOTENCY_KEY_REUSED',
      { resource: 'payment', id: row.id },
      { detail: 'This Idempotency-Key recorded a different payment' },
    );
  return { payment: await getPayment(tx, row.id), replayed: true };
}

/**
 * Records a payment received from a client by a legal entity, under an idempotency key (unique per
 * tenant: a retry returns the first payment; another request under the key is 409), and posts
 * Dr cash / Cr receivables in its currency in the same transaction (converted by the ledger at
 * the rate of `receivedOn` when it is not the entity's functional currency). Allocations given
 * with it are applied in the same transaction.
 */
export async function recordPayment(
  tx: TenantTransaction,
  idempotencyKey: string,
  input: RecordPaymentInput,
): Promise<RecordPaymentResult> {
  const amount = BigInt(input.amount.amountMinor);
  const currency = input.amount.currency;
  if (amount <= 0n || !/^[A-Z]{3}$/.test(currency))
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      {
        fieldProblems: [
          ...(amount <= 0n ? [{ path: '/body/amount/amountMinor', message: 'must be positive' }] : []),
          ...(/^[A-Z]{3}$/.test(currency)
            ? []
            : [{ path: '/body/amount/currency', message: 'must be an ISO 4217 code' }]),
        ],
      },
    );
  const digest = digestOf(input);
  const previous = await findPaymentByKey(tx, idempotencyKey);
  if (previous) return replay(tx, previous, digest);

  const tenantId = tx.ctx.tenantId;
  const entity = (
    await sql<{ id: string }>`SELECT id FROM legal_entities
      WHERE tenant_id = ${tenantId} AND id = ${input.legalEntityId}`.execute(tx.db)
  ).rows[0];
  const client = (
    await sql<{ region_id: string | null }>`SELECT region_id FROM clients
      WHERE tenant_id = ${tenantId} AND id = ${input.clientId}`.execute(tx.db)
  ).rows[0];
  if (!entity || !client)
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      {},
      {
        fieldProblems: [
          ...(entity ? [] : [{ path: '/body/legalEntityId', message: 'no such legal entity' }]),
          ...(client ? [] : [{ path: '/body/clientId', message: 'no such client' }]),
        ],
      },
    );

  const id = uuidv7();
  // A concurrent request under the same key waits here for the first to commit, then replays it.
  const inserted = await sql<{ id: string }>`
    INSERT INTO payments (tenant_id, id, legal_entity_id, client_id, region_id, currency, amount_minor,
      received_on, reference, method, idempotency_key, request_digest, recorded_by_membership_id)
    VALUES (${tenantId}, ${id}, ${input.legalEntityId}, ${input.clientId}, ${client.region_id}, ${currency},
      ${amount}, ${input.receivedOn}::date, ${input.reference ?? null}, ${input.method ?? 'bank_transfer'},
      ${idempotencyKey}, ${digest}, ${tx.ctx.actor.membershipId ?? null})
    ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
    RETURNING id`.execute(tx.db);
  if (inserted.rows.length === 0) {
    const first = await findPaymentByKey(tx, idempotencyKey);
    if (!first) throw new AppError('CONFLICT', {}, { detail: 'The payment under this key is not visible' });
    return replay(tx, first, digest);
  }

  const posted = await postJournalEntry(tx, {
    legalEntityId: input.legalEntityId,
    entryDate: input.receivedOn,
    description: `Payment received${input.reference ? `: ${input.reference}` : ''}`.slice(0, 500),
    source: { kind: 'payment', id, purpose: 'receipt' },
    lines: [
      { account: { role: 'cash' }, side: 'debit', amountMinor: amount, currency },
      { account: { role: 'receivables' }, side: 'credit', amountMinor: amount, currency },
    ],
  });
  await sql`UPDATE payments SET journal_entry_id = ${posted.entry.id}
    WHERE tenant_id = ${tenantId} AND id = ${id}`.execute(tx.db);
  const record = {
    legalEntityId: input.legalEntityId,
    clientId: input.clientId,
    amountMinor: amount.toString(),
    currency,
    receivedOn: input.receivedOn,
    reference: input.reference ?? null,
    method: input.method ?? 'bank_transfer',
    journalEntryId: posted.entry.id,
  };
  tx.audit({ action: 'payment.recorded', resourceKind: 'payment', resourceId: id, after: record });
  tx.emit({
    topic: 'payment.recorded',
    resourceKind: 'payment',
    resourceId: id,
    payload: { paymentId: id, ...record },
  });

  if (input.allocations && input.allocations.length > 0)
    await applyAllocations(tx, await findPaymentRow(tx, id, true), input.allocations);
  return { payment: await getPayment(tx, id), replayed: false };
}

/**
 * Voids a recorded payment: its allocations are removed (paid invoices go back to issued) and its
 * entry is reversed, dated `voidedOn` (default: the payment's date, which must be in an open
 * period), in the same transaction. A void payment cannot be voided again (409).
 */
export async function voidPayment(
  tx: TenantTransaction,
  id: string,
  input: { readonly voidedOn?: string } = {},
): Promise<Payment> {
  const payment = await findPaymentRow(tx, id, true);
  if (payment.status !== 'recorded')
    throw new AppError(
      'CONFLICT',
      { resource: 'payment', id, status: payment.status },
      { detail: 'The payment is already void' },
    );
  if (!payment.journal_entry_id)
    throw new AppError('INTERNAL', { reason: 'a recorded payment without its entry' });
  const tenantId = tx.ctx.tenantId;
  const active = (
    await sql<{ invoice_id: string; amount_minor: bigint | string }>`SELECT invoice_id, amount_minor
      FROM payment_allocations
      WHERE tenant_id = ${tenantId} AND payment_id = ${id} AND removed_at IS NULL`.execute(tx.db)
  ).rows;
  // Allocations to invoices outside the caller's scope are not theirs to remove.
  if (active.reduce((sum, row) => sum + BigInt(row.amount_minor), 0n) !== BigInt(payment.allocated_minor))
    throw new AppError(
      'CONFLICT',
      { resource: 'payment', id },
      { detail: 'The payment is allocated to invoices outside your scope' },
    );
  const invoiceIds = [...new Set(active.map((row) => row.invoice_id))];
  const invoices = await lockInvoices(tx, invoiceIds);
  await releaseAllocations(tx, id, sql``);
  const reversal = await reverseJournalEntry(tx, payment.journal_entry_id, {
    ...(input.voidedOn ? { entryDate: input.voidedOn } : {}),
    description: `Void of payment${payment.reference ? `: ${payment.reference}` : ''}`.slice(0, 500),
  });
  await sql`UPDATE payments SET status = 'void', voided_at = now(),
      voided_by_membership_id = ${tx.ctx.actor.membershipId ?? null}, void_journal_entry_id = ${reversal.id},
      updated_at = now()
    WHERE tenant_id = ${tenantId} AND id = ${id}`.execute(tx.db);
  await settleInvoices(tx, [...invoices.values()]);
  tx.audit({
    action: 'payment.voided',
    resourceKind: 'payment',
    resourceId: id,
    before: { status: 'recorded' },
    after: { status: 'void', voidJournalEntryId: reversal.id },
  });
  tx.emit({ topic: 'payment.voided', resourceKind: 'payment', resourceId: id, payload: { paymentId: id } });
  return getPayment(tx, id);
}
