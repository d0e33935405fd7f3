import type { TenantTransaction } from '../db/tenant-transaction.ts';
import { type AuditVisibility, maskChanges, visibleEventsCondition } from './audit-visibility.ts';

/** One audit event as the API shows it. */
export interface AuditEventView {
  readonly seq: string;
  readonly id: string;
  readonly occurredAt: string;
  readonly actor: { readonly kind: string; readonly id: string; readonly membershipId: string | null };
  readonly grantId: string | null;
  readonly requestId: string | null;
  readonly action: string;
  readonly resourceKind: string;
  readonly resourceId: string | null;
  readonly changes: unknown;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * A page of the tenant's audit events in chain order, optionally for one resource: only events
 * about records the reader can see (and, where a kind needs it, holds the permission to read),
 * with fields above their clearance removed.
 */
export async function listAuditEvents(
  tx: TenantTransaction,
  visibility: AuditVisibility,
  page: { limit: number; cursor: string | null; resourceKind?: string; resourceId?: string },
  permissions: ReadonlySet<string> = new Set(),
): Promise<{ items: AuditEventView[]; nextCursor: string | null }> {
  let query = tx.db
    .selectFrom('audit_events as e')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where(visibleEventsCondition(visibility, tx.ctx, permissions));
  if (page.cursor !== null && /^\d{1,18}$/.test(page.cursor))
    query = query.where('seq', '>', BigInt(page.cursor));
  if (page.resourceKind) query = query.where('resource_kind', '=', page.resourceKind);
  if (page.resourceId) query = query.where('resource_id', '=', page.resourceId);
  const rows = await query
    .orderBy('seq')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map((row) => ({
    seq: row.seq.toString(),
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actor: { kind: row.actor_kind, id: row.actor_id, membershipId: row.membership_id },
    grantId: row.grant_id,
    requestId: row.request_id,
    action: row.action,
    resourceKind: row.resource_kind,
    resourceId: row.resource_id,
    changes: maskChanges(visibility, row.resource_kind, row.changes, tx.ctx.clearance),
    prevHash: row.prev_hash,
    hash: row.hash,
  }));
  return { items, nextCursor: rows.length > page.limit ? (items[items.length - 1]?.seq ?? null) : null };
}
