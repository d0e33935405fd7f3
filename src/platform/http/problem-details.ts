import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type AppError, describeError, type FieldProblem } from '../errors/index.ts';

/** The media type of every error response (RFC 9457). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem as Tessera sends it; extension members (such as `checks`) may be added. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly errors: readonly FieldProblem[];
  readonly instance?: string;
  readonly requestId: string;
  readonly [extension: string]: unknown;
}

/** The problem body as a shared schema (`$ref: 'Problem'`), for OpenAPI and for serializing errors. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    errors: Type.Array(
      Type.Object({
        path: Type.String(),
        message: Type.String(),
        line: Type.Optional(Type.Integer({ description: 'In an uploaded file: the line (1 is the header)' })),
        column: Type.Optional(Type.String({ description: 'In an uploaded file: the column' })),
      }),
    ),
    instance: Type.Optional(Type.String()),
    requestId: Type.String(),
  },
  { $id: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details' },
);

/** A route's error responses as documented: a problem, sent as `application/problem+json`. */
export const PROBLEM_RESPONSE = Object.freeze({
  description: 'A problem (RFC 9457)',
  content: { [PROBLEM_CONTENT_TYPE]: { schema: Type.Ref('Problem') } },
});

/** The problem body for an error raised while serving `request`. */
export function problemOf(
  error: AppError,
  request: FastifyRequest,
  extensions: Readonly<Record<string, unknown>> = {},
): ProblemDetails {
  const { title } = describeError(error.code);
  return {
    ...extensions,
    type: `urn:tessera:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
    title,
    status: error.status,
    detail: error.detail ?? title,
    code: error.code,
    errors: error.fieldProblems,
    instance: request.url.split('?', 1)[0] ?? '/',
    requestId: request.id,
  };
}

/** Answers the request with the error as `application/problem+json`. */
export function sendProblem(
  reply: FastifyReply,
  error: AppError,
  extensions?: Readonly<Record<string, unknown>>,
): FastifyReply {
  if (error.status === 401) reply.header('www-authenticate', 'Bearer');
  const retryAfter = error.context.retryAfterSeconds;
  if (error.status === 429 && typeof retryAfter === 'number')
    reply.header('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
  return reply
    .code(error.status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problemOf(error, reply.request, extensions));
}
