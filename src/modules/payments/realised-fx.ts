import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { divideRounded, postJournalEntry } from '../ledger/index.ts';

/** What a document booked on receivables: in its currency and in functional currency. */
export interface BookedReceivable {
  readonly amountMinor: bigint;
  readonly functionalMinor: bigint;
}

/**
 * The receivables lines of an entry on one side: an invoice's issue (debit) or a payment's
 * receipt (credit), summed in transaction and functional currency.
 */
export async function bookedReceivable(
  tx: TenantTransaction,
  entryId: string,
  side: 'debit' | 'credit',
): Promise<BookedReceivable> {
  const amount = side === 'debit' ? sql`l.debit_minor` : sql`l.credit_minor`;
  const functional = side === 'debit' ? sql`l.functional_debit_minor` : sql`l.functional_credit_minor`;
  const row = (
    await sql<{ amount: bigint | string | null; functional: bigint | string | null }>`
      SELECT sum(${amount}) AS amount, sum(${functional}) AS functional
      FROM journal_lines l
      JOIN ledger_accounts a ON a.tenant_id = l.tenant_id AND a.id = l.account_id AND a.role = 'receivables'
      WHERE l.tenant_id = ${tx.ctx.tenantId} AND l.entry_id = ${entryId}`.execute(tx.db)
  ).rows[0];
  if (!row || row.amount === null || BigInt(row.amount) <= 0n)
    throw new AppError('INTERNAL', { reason: 'a posted document without its receivable', entryId });
  return { amountMinor: BigInt(row.amount), functionalMinor: BigInt(row.functional ?? 0) };
}

/**
 * The functional share of `amount` out of a booked receivable, cumulatively: the share of
 * everything allocated once this is added, minus the shares already taken. Allocating the whole
 * receivable in any number of parts takes exactly its functional amount (no cent lost to rounding).
 */
export function functionalShare(
  booked: BookedReceivable,
  allocatedBefore: bigint,
  sharesBefore: bigint,
  amount: bigint,
): bigint {
  return (
    divideRounded((allocatedBefore + amount) * booked.functionalMinor, booked.amountMinor) - sharesBefore
  );
}

/**
 * Posts the realised FX difference of an allocation: the payment credited receivables with
 * `paymentShare` (functional), the invoice had debited `invoiceShare` for the same amount; the
 * difference goes between receivables and `fx_gains_losses` as functional-only lines (0 in the
 * transaction currency). Returns the entry's id, or null when there is no difference.
 */
export async function postRealisedFx(
  tx: TenantTransaction,
  input: {
    readonly allocationId: string;
    readonly legalEntityId: string;
    readonly currency: string;
    readonly entryDate: string;
    readonly invoiceShare: bigint;
    readonly paymentShare: bigint;
  },
): Promise<string | null> {
  const difference = input.paymentShare - input.invoiceShare;
  if (difference === 0n) return null;
  const magnitude = difference > 0n ? difference : -difference;
  // Receivables were over-credited (a gain) when the payment's share is the larger one.
  const receivablesSide = difference > 0n ? 'debit' : 'credit';
  const { entry } = await postJournalEntry(tx, {
    legalEntityId: input.legalEntityId,
    entryDate: input.entryDate,
    description: `Realised FX ${difference > 0n ? 'gain' : 'loss'} on a payment allocation`,
    source: { kind: 'payment', id: input.allocationId, purpose: 'realised_fx' },
    lines: [
      {
        account: { role: 'receivables' },
        side: receivablesSide,
        amountMinor: 0n,
        currency: input.currency,
        functionalAmountMinor: magnitude,
      },
      {
        account: { role: 'fx_gains_losses' },
        side: receivablesSide === 'debit' ? 'credit' : 'debit',
        amountMinor: 0n,
        currency: input.currency,
        functionalAmountMinor: magnitude,
      },
    ],
  });
  return entry.id;
}
