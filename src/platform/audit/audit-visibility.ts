import { sql } from 'kysely';
import { projectFields } from '../auth/field-projection.ts';
import { type Classification, SEGMENT_DIMENSIONS, type TenantContext } from '../tenancy/tenant-context.ts';

/**
 * What decides whether a reader of the audit log sees an event: per resource kind, the table
 * whose row-level security decides whether the reader sees the record (then they see its
 * events), and the classification of its fields (fields above the reader's clearance are
 * removed from before/after). Events about kinds not listed are shown only to readers whose
 * scope covers every segment. The modules' registry is handed in by the composition root.
 */
export interface AuditVisibility {
  readonly tables: Readonly<Record<string, string>>;
  readonly fieldClassification: Readonly<Record<string, Readonly<Record<string, Classification>>>>;
  /**
   * Kinds whose events also need the permission that reads the records (the ledger: a reader of
   * the audit log who may not read the ledger does not see its postings there either).
   */
  readonly permissions?: Readonly<Record<string, string>>;
}

/**
 * The condition on `audit_events e` that keeps only events about records the reader can see
 * (and, for kinds that need one, may read: `held` are the reader's permissions).
 */
export function visibleEventsCondition(
  visibility: AuditVisibility,
  ctx: TenantContext,
  held: ReadonlySet<string> = new Set(),
) {
  const required = visibility.permissions ?? {};
  const kinds = Object.keys(visibility.tables);
  const fullScope = SEGMENT_DIMENSIONS.every((dimension) => ctx.scope[dimension] === 'all');
  const readable = kinds.filter((kind) => required[kind] === undefined || held.has(required[kind]));
  const perKind = readable.map(
    (kind) => sql`(e.resource_kind = ${kind} AND EXISTS (
      SELECT 1 FROM ${sql.table(visibility.tables[kind] as string)} r
      WHERE r.tenant_id = e.tenant_id AND r.id::text = e.resource_id))`,
  );
  const others = fullScope ? sql`NOT (e.resource_kind = ANY (${kinds}::text[]))` : sql`false`;
  return sql<boolean>`(${sql.join([...perKind, others], sql` OR `)})`;
}

/** Before/after of an event without the fields above the reader's clearance. */
export function maskChanges(
  visibility: AuditVisibility,
  resourceKind: string,
  changes: unknown,
  clearance: Classification,
): unknown {
  const classification = visibility.fieldClassification[resourceKind];
  if (!classification || typeof changes !== 'object' || changes === null) return changes;
  const mask = (side: unknown) =>
    typeof side === 'object' && side !== null
      ? projectFields(side, classification as never, clearance)
      : side;
  const { before, after, ...rest } = changes as { before?: unknown; after?: unknown };
  return { ...rest, before: mask(before), after: mask(after) };
}
