import { sql } from 'kysely';
import type { TenantTransaction } from '../db/tenant-transaction.ts';

export type AuditBreak =
  | 'content-altered' // the event's stored hash does not match its content
  | 'link-broken' // the event does not point at the hash of the event before it
  | 'event-missing' // a sequence number is missing
  | 'tail-missing'; // the chain head records events past the last one stored

export interface AuditVerification {
  readonly tenantId: string;
  readonly verified: boolean;
  /** Events checked up to (and not including) the first break. */
  readonly eventsChecked: number;
  readonly firstBreak: { readonly seq: string; readonly reason: AuditBreak } | null;
}

const GENESIS = '0'.repeat(64);
const BATCH = 5000;

/**
 * Walks a tenant's audit chain in order, recomputing each event's hash in the database with the
 * same function that chained it, and reports the first event where the chain breaks.
 */
export async function verifyAuditChain(tx: TenantTransaction): Promise<AuditVerification> {
  const tenantId = tx.ctx.tenantId;
  let expectedSeq = 1n;
  let expectedPrev = GENESIS;
  let checked = 0;
  const fail = (seq: bigint, reason: AuditBreak): AuditVerification => ({
    tenantId,
    verified: false,
    eventsChecked: checked,
    firstBreak: { seq: seq.toString(), reason },
  });
  for (;;) {
    const { rows } = await sql<{ seq: bigint; prev_hash: string; hash: string; computed: string }>`
      SELECT e.seq, e.prev_hash, e.hash, audit_event_hash(e) AS computed
      FROM audit_events e
      WHERE e.tenant_id = ${tenantId} AND e.seq >= ${expectedSeq}
      ORDER BY e.seq LIMIT ${BATCH}`.execute(tx.db);
    for (const row of rows) {
      if (row.seq !== expectedSeq) return fail(expectedSeq, 'event-missing');
      if (row.prev_hash !== expectedPrev) return fail(row.seq, 'link-broken');
      if (row.computed !== row.hash) return fail(row.seq, 'content-altered');
      expectedPrev = row.hash;
      expectedSeq += 1n;
      checked += 1;
    }
    if (rows.length < BATCH) break;
  }
  const head = await tx.db
    .selectFrom('tenant_chain_heads')
    .select(['audit_seq', 'audit_hash'])
    .where('tenant_id', '=', tenantId)
    .executeTakeFirst();
  const headSeq = head?.audit_seq ?? 0n;
  if (headSeq !== expectedSeq - 1n || (head && head.audit_hash !== expectedPrev))
    return fail(expectedSeq, 'tail-missing');
  return { tenantId, verified: true, eventsChecked: checked, firstBreak: null };
}
