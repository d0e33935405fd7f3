import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError, type FieldProblem } from '../../platform/errors/index.ts';
import '../organization/organization.tables.ts';

/** Money as the API carries it (API.md): integer minor units and an ISO 4217 currency. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

/** A 422 naming the fields a ledger rule refused. */
export function refused(
  code: 'BUSINESS_RULE_VIOLATED' | 'LEDGER_UNBALANCED' | 'LEDGER_ACCOUNT_INACTIVE' | 'FX_RATE_MISSING',
  detail: string,
  fieldProblems: readonly FieldProblem[] = [],
  context: Record<string, unknown> = {},
): AppError {
  return new AppError(code, context, { detail, fieldProblems });
}

/** REFERENCE_NOT_FOUND (422) for a referenced row the caller cannot see, naming the body field. */
export function referenceNotFound(resource: string, id: string, path: string): AppError {
  return new AppError(
    'REFERENCE_NOT_FOUND',
    { resource, id },
    { fieldProblems: [{ path, message: `no such ${resource.replaceAll('_', ' ')}` }] },
  );
}

/** A bigint amount as a JSON number; amounts beyond the safe integer range are a bug (500). */
export function minorNumber(value: bigint): number {
  const amount = Number(value);
  if (!Number.isSafeInteger(amount)) throw new AppError('INTERNAL', { reason: 'amount beyond safe integer' });
  return amount;
}

/** The legal entity the caller sees, with its functional currency; undefined when it cannot. */
export async function visibleLegalEntity(
  tx: TenantTransaction,
  id: string,
): Promise<{ id: string; functionalCurrency: string } | undefined> {
  const row = await tx.db
    .selectFrom('legal_entities')
    .select(['id', 'functional_currency'])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, functionalCurrency: row.functional_currency } : undefined;
}

/** The first day of a `YYYY-MM` month, as a date. */
export function monthStart(month: string): string {
  return `${month}-01`;
}

/** The `YYYY-MM` month of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}
