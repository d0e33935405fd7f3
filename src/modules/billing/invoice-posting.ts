import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { allocateMinor, type PostingLine, type PostingResult, postJournalEntry } from '../ledger/index.ts';

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
 * positive) posts the mirror: revenue and VAT payable debited, receivables credited.
 */
export function documentPostingLines(document: PostableDocument): PostingLine[] {
  const forward = document.kind === 'invoice';
  const credit = forward ? 'credit' : 'debit';
  const debit = forward ? 'debit' : 'credit';
  const currency = document.currency;
  const line = (role: PostingLine['account'], side: 'debit' | 'credit', amount: bigint): PostingLine => ({
    account: role,
    side: amount >= 0n ? side : side === 'debit' ? 'credit' : 'debit',
    amountMinor: amount >= 0n ? amount : -amount,
    currency,
  });
  return [
    line({ role: 'receivables' }, debit, document.grossMinor),
    ...[...revenueByRole(document).entries()]
      .filter(([, amount]) => amount !== 0n)
      .map(([role, amount]) => line({ role }, credit, amount)),
    ...(document.vatMinor !== 0n ? [line({ role: 'vat_payable' }, credit, document.vatMinor)] : []),
  ];
}

/**
 * Posts an issued document in the caller's transaction, as source `invoice`/`credit_note` with
 * purpose `issue` (a retry finds the entry posted before).
 */
export function postIssuedDocument(
  tx: TenantTransaction,
  document: PostableDocument & {
    readonly id: string;
    readonly legalEntityId: string;
    readonly number: number;
    readonly issueDate: string;
  },
): Promise<PostingResult> {
  return postJournalEntry(tx, {
    legalEntityId: document.legalEntityId,
    entryDate: document.issueDate,
    description: `${document.kind === 'invoice' ? 'Invoice' : 'Credit note'} ${document.number}`,
    source: { kind: document.kind, id: document.id, purpose: 'issue' },
    lines: documentPostingLines(document),
  });
}
