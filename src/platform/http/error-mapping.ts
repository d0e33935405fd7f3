import type { FastifyError, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../errors/index.ts';
import { unsafeTextProblems } from './text-safety.ts';
import { validationProblemsOf } from './validation-problems.ts';

type Mapping = readonly [code: ErrorCode, detail: string];

const NOT_JSON: Mapping = ['VALIDATION_FAILED', 'The body is not valid JSON.'];

// Errors Fastify raises before a handler runs, by their Fastify code.
const FASTIFY_ERRORS: Readonly<Record<string, Mapping>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: NOT_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: ['VALIDATION_FAILED', 'The content type is JSON but the body is empty.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['VALIDATION_FAILED', 'The body size does not match Content-Length.'],
  FST_ERR_CTP_BODY_TOO_LARGE: ['PAYLOAD_TOO_LARGE', 'The body is larger than this server accepts.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.'],
  FST_ERR_BAD_URL: ['VALIDATION_FAILED', 'The URL is not valid.'],
  FST_ERR_MAX_PARAM_LENGTH: ['VALIDATION_FAILED', 'A path parameter is too long.'],
  FST_ERR_NOT_FOUND: ['ROUTE_NOT_FOUND', 'No route matches this method and path.'],
};

const BODY_NOT_JSON = [{ path: '/body', message: 'is not valid JSON' }];

/** The field problems of the Fastify errors that concern one part of the request. */
function problemsOf(code: string | undefined) {
  if (code === 'FST_ERR_CTP_INVALID_JSON_BODY') return BODY_NOT_JSON;
  if (code === 'FST_ERR_CTP_EMPTY_JSON_BODY') return [{ path: '/body', message: 'is empty' }];
  if (code === 'FST_ERR_BAD_URL' || code === 'FST_ERR_MAX_PARAM_LENGTH')
    return [{ path: '/params', message: 'is not a valid path' }];
  return [];
}

// Client errors that carry only a status (from plugins such as @fastify/static).
const CLIENT_STATUSES: Readonly<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/**
 * The one place where anything thrown while serving a request becomes a catalogued AppError.
 * Unknown errors become INTERNAL with the original kept as `cause` for the log, never for the client.
 */
export function toAppError(error: unknown, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  if (!(error instanceof Error)) return new AppError('INTERNAL', {}, { cause: error });
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.validation) {
    const fieldProblems = validationProblemsOf(
      request,
      fastifyError.validationContext ?? 'body',
      fastifyError.validation,
    );
    for (const problem of unsafeTextProblems(request)) fieldProblems.push(problem);
    // Never a 400 that names nothing: fall back to the part that failed.
    if (fieldProblems.length === 0) {
      fieldProblems.push({
        path: `/${fastifyError.validationContext === 'querystring' ? 'query' : (fastifyError.validationContext ?? 'body')}`,
        message: 'is not valid',
      });
    }
    const detail = `${fieldProblems.length} field(s) of the request are not valid.`;
    return new AppError('VALIDATION_FAILED', {}, { detail, fieldProblems });
  }
  const known = fastifyError.code === undefined ? undefined : FASTIFY_ERRORS[fastifyError.code];
  if (known)
    return new AppError(
      known[0],
      {},
      { detail: known[1], cause: error, fieldProblems: problemsOf(fastifyError.code) },
    );
  const status = fastifyError.statusCode ?? 500;
  if (status >= 500) return new AppError('INTERNAL', {}, { cause: error });
  // The JSON parser's own errors (syntax, `__proto__` poisoning) arrive as a 400 SyntaxError.
  if (error instanceof SyntaxError)
    return new AppError(NOT_JSON[0], {}, { detail: NOT_JSON[1], cause: error, fieldProblems: BODY_NOT_JSON });
  return new AppError(CLIENT_STATUSES[status] ?? 'VALIDATION_FAILED', { status }, { cause: error });
}
