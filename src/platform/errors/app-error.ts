import { describeError, type ErrorCode } from './error-catalogue.ts';

/** One problem with one field of a request, as listed in a problem+json `errors` array. */
export interface FieldProblem {
  readonly path: string;
  readonly message: string;
  /** For a problem in an uploaded file (a CSV import): its line (1 = the header) and column. */
  readonly line?: number;
  readonly column?: string;
}

/**
 * The only error type business code throws. It carries a catalogued code, context for logs
 * (never sent to clients unless listed in `fieldProblems` or `detail`) and an optional detail.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly context: Readonly<Record<string, unknown>>;
  readonly detail: string | undefined;
  readonly fieldProblems: readonly FieldProblem[];

  constructor(
    code: ErrorCode,
    context: Record<string, unknown> = {},
    options: { detail?: string; fieldProblems?: readonly FieldProblem[]; cause?: unknown } = {},
  ) {
    const definition = describeError(code);
    super(
      options.detail ?? definition.title,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'AppError';
    this.code = code;
    this.status = definition.status;
    this.context = Object.freeze({ ...context });
    this.detail = options.detail;
    this.fieldProblems = options.fieldProblems ?? [];
  }
}

/** True for an AppError of the given code; narrows the type. */
export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
