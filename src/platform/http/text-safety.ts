import { isUtf8 } from 'node:buffer';
import type { FastifyInstance } from 'fastify';
import { AppError, type FieldProblem } from '../errors/index.ts';
import { MAX_FIELD_PROBLEMS } from './validation-problems.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Requests whose JSON body was not UTF-8. */
const notUtf8 = new WeakSet<object>();
/** No request schema nests this deep; deeper input is refused before anything walks it. */
const MAX_DEPTH = 32;

/**
 * Text that PostgreSQL cannot store, or would store altered, is refused at the door with a 400
 * naming where it is: a JSON body that is not UTF-8, and NUL characters or lone surrogates in
 * any string of the path parameters, the query string or the body (values and keys alike).
 */
export function installTextSafety(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    // Parsed anyway (bad bytes become U+FFFD), so the answer can list every other problem too;
    // the request is refused before any handler runs.
    if (!isUtf8(bytes)) notUtf8.add(request);
    parseJson(request, bytes.toString('utf8'), done);
  });
  // After schema validation (a request failing it gets these problems listed with the schema's,
  // by error-mapping.ts), before any handler touches the database.
  app.addHook('preHandler', async (request) => {
    const problems = unsafeTextProblems(request);
    if (problems.length > 0) throw invalid(problems);
  });
}

/**
 * NUL characters, lone surrogates and over-deep nesting anywhere in the path parameters, the
 * query string or the body; and non-finite numbers coerced from the query or path (`limit=Infinity`
 * slips past Ajv's bounds, and nothing in the API takes one).
 */
export function unsafeTextProblems(request: {
  params: unknown;
  query: unknown;
  body: unknown;
}): FieldProblem[] {
  return [
    ...(notUtf8.has(request) ? [{ path: '/body', message: 'is not valid UTF-8' }] : []),
    ...unsafeText(request.params, '/params'),
    ...unsafeText(request.query, '/query'),
    ...unsafeText(request.body, '/body'),
    ...nonFinite(request.query, '/query'),
    ...nonFinite(request.params, '/params'),
  ].slice(0, MAX_FIELD_PROBLEMS);
}

function nonFinite(values: unknown, root: string): FieldProblem[] {
  if (typeof values !== 'object' || values === null) return [];
  return Object.entries(values)
    .filter(([, value]) => typeof value === 'number' && !Number.isFinite(value))
    .map(([key]) => ({ path: `${root}/${key}`, message: 'must be a finite number' }));
}

function invalid(fieldProblems: FieldProblem[]): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    {},
    { detail: 'The request holds text that cannot be stored.', fieldProblems },
  );
}

/** Every unsafe string, key or over-deep nesting, walked without recursion. */
function unsafeText(root: unknown, rootPath: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const pending: { value: unknown; path: string; depth: number }[] = [
    { value: root, path: rootPath, depth: 0 },
  ];
  while (pending.length > 0 && problems.length < MAX_FIELD_PROBLEMS) {
    const { value, path, depth } = pending.pop() as (typeof pending)[number];
    if (typeof value === 'string') {
      if (value.includes('\0')) problems.push({ path, message: 'contains a NUL character' });
      else if (LONE_SURROGATE.test(value))
        problems.push({ path, message: 'contains an unpaired surrogate (not valid Unicode)' });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_DEPTH) {
      problems.push({ path, message: `is nested more than ${MAX_DEPTH} levels deep` });
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      const at = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (key.includes('\0') || LONE_SURROGATE.test(key))
        problems.push({ path: at, message: 'is a field name that is not valid text' });
      pending.push({ value: item, path: at, depth: depth + 1 });
    }
  }
  return problems;
}
