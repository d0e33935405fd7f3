/** A change to record in the tenant's audit chain, written in the same transaction as the change. */
export interface AuditEventInput {
  /** What happened, as `<resource>.<verb>`: `legal_entity.created`. */
  readonly action: string;
  readonly resourceKind: string;
  readonly resourceId: string | null;
  /** The record before the change (null when created) and after it (null when deleted). */
  readonly before?: Readonly<Record<string, unknown>> | null;
  readonly after?: Readonly<Record<string, unknown>> | null;
}

/** Before and after of the fields that changed, in JSON-safe form (bigint and Date as text). */
export function changedFields(
  before: Readonly<Record<string, unknown>> | null | undefined,
  after: Readonly<Record<string, unknown>> | null | undefined,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const result = { before: {} as Record<string, unknown>, after: {} as Record<string, unknown> };
  for (const key of [...keys].sort()) {
    const was = jsonSafe(before?.[key]);
    const now = jsonSafe(after?.[key]);
    if (JSON.stringify(was) === JSON.stringify(now)) continue;
    if (before) result.before[key] = was ?? null;
    if (after) result.after[key] = now ?? null;
  }
  return result;
}

function jsonSafe(value: unknown): unknown {
  if (value === undefined) return undefined;
  return JSON.parse(JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
