import { AppError, type FieldProblem } from '../../platform/errors/index.ts';

/** Money as the API carries it (API.md): integer minor units and an ISO 4217 currency. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

/** A 422 naming the fields a business rule refused (currency, dates, overlapping rates). */
export class UnprocessableRequest extends AppError {
  constructor(context: Record<string, unknown>, detail: string, fieldProblems: readonly FieldProblem[]) {
    super('BUSINESS_RULE_VIOLATED', context, { detail, fieldProblems });
  }
}

/** 422 unless `money` is in `currency`, naming the field at `path`. */
export function requireCurrency(money: Money, currency: string, path: string, resource: string): void {
  if (money.currency !== currency) {
    throw new UnprocessableRequest(
      { resource, expected: currency, got: money.currency },
      `The amount must be in ${currency}`,
      [{ path: `${path}/currency`, message: `must be ${currency}` }],
    );
  }
}

/** A minor-unit amount read from a bigint column, refused (500) beyond the safe integer range. */
export function minorOf(value: bigint, resource: string, id: string): number {
  const amount = Number(value);
  if (!Number.isSafeInteger(amount))
    throw new AppError('INTERNAL', { reason: 'amount beyond safe integer', resource, id });
  return amount;
}

/** NOT_FOUND (422 reference) for a referenced row the caller cannot see, naming the body field. */
export function referenceNotFound(resource: string, id: string, path: string): AppError {
  return new AppError(
    'REFERENCE_NOT_FOUND',
    { resource, id },
    { fieldProblems: [{ path, message: `no such ${resource.replace('_', ' ')}` }] },
  );
}
