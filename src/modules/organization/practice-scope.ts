import { isUuid } from '../../platform/db/context-script.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { listPracticeIdsUnder } from './practice.repo.ts';

/**
 * Expands a practice scope so that it covers sub-practices: the given ids followed by every
 * practice below them, each once (the segment policy itself matches ids only, so a scope on
 * Strategy reaches Pricing only through this expansion, done when the principal is resolved).
 *
 * Run it in a transaction whose context has `practice: 'all'` (a system context of the tenant):
 * the tree structure is not secret within the tenant, and under a narrower practice scope RLS
 * would hide part of the tree and the expansion would silently come out short — so any other
 * scope is refused with an error. Ids that are no practice of the tenant stay in the result
 * and match nothing.
 */
export async function expandPracticeScope(
  tx: TenantTransaction,
  practiceIds: readonly string[],
): Promise<string[]> {
  if (tx.ctx.scope.practice !== 'all') {
    throw new Error("expandPracticeScope must run under a context with practice: 'all'");
  }
  const invalid = practiceIds.find((id) => !isUuid(id));
  if (invalid !== undefined) throw new Error(`Invalid practice id in scope: "${invalid}"`);
  const ids = [...new Set(practiceIds.map((id) => id.toLowerCase()))];
  if (ids.length === 0) return [];
  const below = await listPracticeIdsUnder(tx, ids);
  const given = new Set(ids);
  return [...ids, ...below.filter((id) => !given.has(id))];
}
