import { AppError, describeError, type ErrorCode } from '../errors/index.ts';

/** The SQLSTATE of a driver error (pg and PGlite both set `code`), if it is one. */
export function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Turns a database error into a catalogued AppError whose message names no foreign data:
 * unique and foreign-key checks ignore RLS (ARCHITECTURE.md §4.12), so their details may
 * describe rows the caller cannot see; only the constraint name is kept, for logs.
 */
export function mapDatabaseError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const state = sqlState(error);
  if (!state) return error;
  const constraint = (error as { constraint?: string }).constraint;
  const context = { sqlState: state, ...(constraint ? { constraint } : {}) };
  const options = { cause: error };
  switch (state) {
    case '57014':
      return new AppError('STATEMENT_TIMEOUT', context, options);
    case '23505':
      return new AppError('DUPLICATE', context, options);
    case '23503':
      return new AppError('REFERENCE_NOT_FOUND', context, options);
    case '23514':
    case '23502':
    case '22001':
    case '22P02':
    case '22021':
    case '22P05':
      return new AppError('VALIDATION_FAILED', context, options);
    case '40001':
    case '40P01':
      return new AppError('CONFLICT', context, {
        ...options,
        detail: 'A concurrent change conflicted; retry',
      });
    case '42501':
      // A row the policies refuse is, to the caller, a row that does not exist.
      return /row-level security/i.test(String((error as Error).message))
        ? new AppError('NOT_FOUND', context, options)
        : new AppError('INTERNAL', { ...context, reason: 'the application role lacks a privilege' }, options);
    default:
      return schemaRuleRefusal(error, state, context, options) ?? error;
  }
}

/**
 * A business rule the schema itself enforces (a trigger) refused the write: SQLSTATE `TS409` or
 * `TS422`, the HINT naming a catalogued code of that status, the message saying why. Messages
 * are written in the migrations and name only the row being written, never another's data. A
 * trigger that refuses one column's new value names it (`COLUMN = 'ends_on'`): the problem then
 * lists the request body's field of that name (`/body/endsOn`).
 */
function schemaRuleRefusal(
  error: unknown,
  state: string,
  context: Record<string, unknown>,
  options: { cause: unknown },
): AppError | undefined {
  const status = { TS409: 409, TS422: 422 }[state];
  if (status === undefined) return undefined;
  const hint = (error as { hint?: unknown }).hint;
  const named = typeof hint === 'string' ? (hint as ErrorCode) : undefined;
  const code: ErrorCode =
    named !== undefined && describeError(named)?.status === status
      ? named
      : status === 409
        ? 'CONFLICT'
        : 'BUSINESS_RULE_VIOLATED';
  const detail = String((error as Error).message);
  const column = (error as { column?: unknown }).column;
  const fieldProblems =
    typeof column === 'string' && /^[a-z][a-z0-9_]*$/.test(column)
      ? [
          {
            path: `/body/${column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())}`,
            message: detail,
          },
        ]
      : [];
  return new AppError(code, context, { ...options, detail, fieldProblems });
}
