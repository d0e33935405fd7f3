import { MAX_FIELD_PROBLEMS } from '../../../src/platform/http/validation-problems.ts';
import type { Expectation } from './malformed-requests.ts';

/** The part of an `app.inject` response the checks read. */
export interface Answer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly body: string;
}

/** Whether an error path and an expected pointer name the same place (one inside the other). */
export function related(path: string, pointer: string): boolean {
  return path === pointer || path.startsWith(`${pointer}/`) || pointer.startsWith(`${path}/`);
}

/**
 * What is wrong with the answer to a malformed request: not a 4xx, not problem+json, no `code`,
 * or (for a 400) `errors` that do not name exactly the broken parts. `expect` null checks only
 * the shape (a caller whose status is not predicted). Empty when the answer is right.
 */
export function problemsOf(answer: Answer, expect: Expectation | null): string[] {
  const problems: string[] = [];
  const status = answer.statusCode;
  if (status < 400 || status >= 500) problems.push(`status ${status} is not a 4xx`);
  if (expect && status !== expect.status) problems.push(`status ${status}, expected ${expect.status}`);
  const contentType = String(answer.headers['content-type'] ?? '');
  if (!contentType.startsWith('application/problem+json'))
    problems.push(`content-type ${JSON.stringify(contentType)} is not application/problem+json`);
  let body: { code?: unknown; status?: unknown; errors?: unknown };
  try {
    body = JSON.parse(answer.body);
  } catch {
    return [...problems, 'the body is not JSON'];
  }
  if (typeof body.code !== 'string' || body.code === '') problems.push('the problem has no code');
  if (body.status !== status) problems.push(`the problem says status ${String(body.status)}`);
  if (!Array.isArray(body.errors)) return [...problems, 'the problem has no errors array'];
  const paths = (body.errors as { path?: unknown }[]).map((error) => String(error.path));
  if (status !== 400 || !expect || expect.status !== 400) return problems;
  if (expect.pointers === 'unparseable-body') {
    // A body that is not JSON at all has no field to point at: /body or nothing (see the known gaps).
    const stray = paths.filter((path) => !related(path, '/body'));
    if (stray.length > 0) problems.push(`errors outside /body: ${stray.join(', ')}`);
    return problems;
  }
  const pointers = expect.pointers;
  if (paths.length === 0) problems.push('a 400 without errors');
  // The answer lists at most MAX_FIELD_PROBLEMS problems; a full list may leave broken parts out.
  const truncated = paths.length >= MAX_FIELD_PROBLEMS;
  const unnamed = pointers.filter((pointer) => !paths.some((path) => related(path, pointer)));
  if (unnamed.length > 0 && !truncated) problems.push(`errors do not name ${unnamed.join(', ')}`);
  const stray = paths.filter((path) => !pointers.some((pointer) => related(path, pointer)));
  if (stray.length > 0)
    problems.push(`errors name parts that were not broken: ${stray.slice(0, 5).join(', ')}`);
  return problems;
}
