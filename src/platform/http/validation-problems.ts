import type { FastifyRequest } from 'fastify';
import type { FieldProblem } from '../errors/index.ts';

/** The part of an Ajv error this file reads. */
export interface SchemaError {
  readonly keyword: string;
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string | undefined;
}

type RequestPart = 'params' | 'body' | 'querystring' | 'headers';

// The order Fastify validates in; the pointer root each part is reported under.
const PARTS: readonly RequestPart[] = ['params', 'body', 'querystring', 'headers'];
const POINTER_ROOT: Readonly<Record<RequestPart, string>> = {
  params: '/params',
  body: '/body',
  querystring: '/query',
  headers: '/headers',
};
const DATA_OF: Readonly<Record<RequestPart, (request: FastifyRequest) => unknown>> = {
  params: (request) => request.params,
  body: (request) => request.body,
  querystring: (request) => request.query,
  headers: (request) => request.headers,
};

function pointerToken(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

const oneOf = (values: readonly unknown[]) =>
  `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`;

// A failed union reports every branch's failure too; keep only the union's own error, saying
// which values are allowed when every branch is a constant.
function withoutUnionBranches(errors: readonly SchemaError[]): SchemaError[] {
  const unions = errors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf');
  const inBranch = (error: SchemaError, union: SchemaError) =>
    error.schemaPath.startsWith(`${union.schemaPath}/`);
  return errors.flatMap((error) => {
    if (unions.some((union) => inBranch(error, union))) return [];
    if (!unions.includes(error)) return [error];
    const branches = errors.filter((other) => inBranch(other, error));
    const allConstants = branches.length > 0 && branches.every((branch) => branch.keyword === 'const');
    return [
      allConstants
        ? { ...error, message: oneOf(branches.map((branch) => branch.params.allowedValue)) }
        : error,
    ];
  });
}

function toFieldProblem(root: string, error: SchemaError): FieldProblem {
  const { additionalProperty, missingProperty, allowedValues } = error.params;
  if (error.keyword === 'additionalProperties' && typeof additionalProperty === 'string') {
    return {
      path: `${root}${error.instancePath}/${pointerToken(additionalProperty)}`,
      message: 'is not an allowed field',
    };
  }
  if (error.keyword === 'required' && typeof missingProperty === 'string') {
    return { path: `${root}${error.instancePath}/${pointerToken(missingProperty)}`, message: 'is required' };
  }
  const message =
    error.keyword === 'enum' && Array.isArray(allowedValues) ? oneOf(allowedValues) : error.message;
  return { path: `${root}${error.instancePath}`, message: message ?? 'is not valid' };
}

/** At most this many problems are reported; a huge invalid body must not make a huge answer. */
export const MAX_FIELD_PROBLEMS = 100;
// Union pruning compares errors pairwise: bound its input so a body of 100,000 bad items stays cheap.
const MAX_ERRORS_READ = 1000;

/** Ajv errors of one request part as field problems, each at a JSON pointer such as `/body/name`. */
export function fieldProblemsOf(part: string, errors: readonly SchemaError[]): FieldProblem[] {
  const root = POINTER_ROOT[part as RequestPart] ?? `/${part}`;
  return withoutUnionBranches(errors.slice(0, MAX_ERRORS_READ)).map((error) => toFieldProblem(root, error));
}

/**
 * Every field problem of a request that failed validation, across params, body, querystring and
 * headers: Fastify stops at the first failing part, so the other parts are checked here too and
 * the client learns about all its mistakes in one answer.
 */
export function validationProblemsOf(
  request: FastifyRequest,
  failedPart: string,
  failedErrors: readonly SchemaError[],
): FieldProblem[] {
  let problems: FieldProblem[] = [];
  for (const part of PARTS) {
    if (part === failedPart) {
      problems = problems.concat(fieldProblemsOf(part, failedErrors));
      continue;
    }
    const validate = request.getValidationFunction(part);
    if (typeof validate !== 'function' || validate(DATA_OF[part](request))) continue;
    problems = problems.concat(fieldProblemsOf(part, validate.errors ?? []));
  }
  if (!PARTS.includes(failedPart as RequestPart))
    problems = problems.concat(fieldProblemsOf(failedPart, failedErrors));
  const unique = new Map(problems.map((problem) => [`${problem.path}\n${problem.message}`, problem]));
  return [...unique.values()].slice(0, MAX_FIELD_PROBLEMS);
}
