import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { allocateMinor, type PostingLine, type PostingResult, postJournalEntry } from '../ledger/index.ts';
import { contractBalanceCredits } from '../revenue/index.ts';

export type DocumentKind = 'invoice' | 'credit_note';
type RevenueRole = 'revenue_services' | 'revenue_expense_recharge' | 'revenue_fixed_fees';

/** What a document posts: its lines' nets by origin, its allowances and charges, its VAT and gross. */
export interface PostableDocument {
  readonly kind: DocumentKind;
  readonly currency: string;
  readonly vatMinor: bigint;
  readonly grossMinor: bigint;
  readonly lines: readonly { readonly originKind: string; readonly netMinor: bigint }[];
  readonly allowances: readonly { readonly kind: 'allowance' | 'charge'; readonly amountMinor: bigint }[];
}

const ROLES: readonly RevenueRole[] = ['revenue_services', 'revenue_expense_recharge', 'revenue_fixed_fees'];

/** The revenue account role of a line by its origin: time and fees are services. */
export function revenueRoleOf(originKind: string): RevenueRole {
  return originKind === 'expense'
    ? 'revenue_expense_recharge'
    : originKind === 'milestone'
      ? 'revenue_fixed_fees'
      : 'revenue_services';
}

/**
 * The net revenue of a document per revenue role: its lines' nets by origin, with the document
 * allowances (less) and charges (more) spread over the roles in proportion to their nets, by
 * largest remainder so the parts sum exactly to the document net.
 */
export function revenueByRole(document: PostableDocument): Map<RevenueRole, bigint> {
  const byRole = new Map<RevenueRole, bigint>(ROLES.map((role) => [role, 0n]));
  for (const line of document.lines) {
    const role = revenueRoleOf(line.originKind);
    byRole.set(role, (byRole.get(role) ?? 0n) + line.netMinor);
  }
  const adjustment = document.allowances.reduce(
    (sum, item) => sum + (item.kind === 'allowance' ? -item.amountMinor : item.amountMinor),
    0n,
  );
  if (adjustment !== 0n) {
    const weights = ROLES.map((role) => {
      const amount = byRole.get(role) ?? 0n;
      return amount > 0n ? amount : 0n;
    });
    const parts = weights.some((weight) => weight > 0n)
      ? allocateMinor(adjustment, weights)
      : ROLES.map((_, index) => (index === 0 ? adjustment : 0n));
    ROLES.forEach((role, index) => {
      byRole.set(role, (byRole.get(role) ?? 0n) + (parts[index] ?? 0n));
    });
  }
  return byRole;
}

/**
 * The journal lines of a document. An invoice debits receivables with its gross and credits
 * revenue (by role) with its net and VAT payable with its VAT; a credit note (amounts stored
 * positive) posts the mirror: revenue and VAT payable debited, receivables credited. Under revenue
 * recognition the revenue side is the contract balance's (`revenueLines`, from the revenue module).
 */
export function documentPostingLines(
  document: PostableDocument,
  revenueLines: readonly PostingLine[] = directRevenueLines(document),
): PostingLine[] {
  const forward = document.kind === 'invoice';
  const credit = forward ? 'credit' : 'debit';
  const debit = forward ? 'debit' : 'credit';
  return [
    signedLine({ role: 'receivables' }, debit, document.grossMinor, document.currency),
    ...revenueLines,
    ...(document.vatMinor !== 0n
      ? [signedLine({ role: 'vat_payable' }, credit, document.vatMinor, document.currency)]
      : []),
  ];
}

/** A line on `side` for a positive amount, on the other side for a negative one. */
function signedLine(
  account: PostingLine['account'],
  side: 'debit' | 'credit',
  amount: bigint,
  currency: string,
): PostingLine {
  return {
    account,
    side: amount >= 0n ? side : side === 'debit' ? 'credit' : 'debit',
    amountMinor: amount >= 0n ? amount : -amount,
    currency,
  };
}

/** The revenue credits of a document by role (debits for a credit note), without revenue recognition. */
function directRevenueLines(document: PostableDocument): PostingLine[] {
  const credit = document.kind === 'invoice' ? 'credit' : 'debit';
  return [...revenueByRole(document).entries()]
    .filter(([, amount]) => amount !== 0n)
    .map(([role, amount]) => signedLine({ role }, credit, amount, document.currency));
}

/**
 * Posts an issued document in the caller's transaction, as source `invoice`/`credit_note` with
 * purpose `issue` (a retry finds the entry posted before). The revenue side goes through the
 * contract's balance (`contractBalanceCredits`): revenue by role for a contract without
 * performance obligations, unbilled then deferred revenue for one under revenue recognition; a
 * credit note moves it back.
 */
export async function postIssuedDocument(
  tx: TenantTransaction,
  document: PostableDocument & {
    readonly id: string;
    readonly contractId: string;
    readonly legalEntityId: string;
    readonly number: number;
    readonly issueDate: string;
  },
): Promise<PostingResult> {
  const sign = document.kind === 'invoice' ? 1n : -1n;
  const byRole = new Map(
    [...revenueByRole(document)].map(([role, amount]) => [role, amount * sign] as const),
  );
  const revenueLines = await contractBalanceCredits(tx, {
    contractId: document.contractId,
    invoiceId: document.id,
    currency: document.currency,
    date: document.issueDate,
    revenueByRole: byRole,
  });
  return postJournalEntry(tx, {
    legalEntityId: document.legalEntityId,
    entryDate: document.issueDate,
    description: `${document.kind === 'invoice' ? 'Invoice' : 'Credit note'} ${document.number}`,
    source: { kind: document.kind, id: document.id, purpose: 'issue' },
    lines: documentPostingLines(document, revenueLines),
  });
}
