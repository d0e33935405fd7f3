import type { Selectable } from 'kysely';
import type { Static } from 'typebox';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import {
  SEGMENT_DIMENSIONS,
  type SegmentDimension,
  type SegmentScope,
} from '../../platform/tenancy/tenant-context.ts';
import type { SupportGrantSchema } from './support-grant.schema.ts';

/** A support grant as the API shows it; `expired` is an approved grant past its end. */
export type SupportGrant = Static<typeof SupportGrantSchema>;

/** A stored support grant with its engineer's email and name. */
export type GrantRow = Selectable<ControlTables['support_grants']> & { email: string; name: string };

/** A stored grant as the API shows it at `now` (an approved grant past its end is `expired`). */
export function presentGrant(now: Date, row: GrantRow): SupportGrant {
  const expired = row.status === 'approved' && (row.expires_at as Date) <= now;
  const iso = (value: Date | null) => value?.toISOString() ?? null;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    requestedBy: { userId: row.requested_by, email: row.email, name: row.name },
    reason: row.reason,
    scope: parseScope(row.scope),
    permissions: [...row.permissions],
    durationMinutes: row.duration_minutes,
    breakGlass: row.break_glass,
    status: expired ? 'expired' : row.status,
    active: row.status === 'approved' && !expired,
    requestedAt: row.requested_at.toISOString(),
    decidedBy: row.decided_by,
    decidedAt: iso(row.decided_at),
    decisionNote: row.decision_note,
    approvedAt: iso(row.approved_at),
    expiresAt: iso(row.expires_at),
    revokedBy: row.revoked_by,
    revokedAt: iso(row.revoked_at),
  };
}

/** A scope as stored (JSON): every dimension, "all" or a list of ids. */
export function scopeRecord(scope: SegmentScope): Record<SegmentDimension, 'all' | string[]> {
  return Object.fromEntries(
    SEGMENT_DIMENSIONS.map((dimension) => {
      const grant = scope[dimension];
      return [dimension, grant === 'all' ? 'all' : [...grant]];
    }),
  ) as Record<SegmentDimension, 'all' | string[]>;
}

/** The stored scope of a grant, as a segment scope; a dimension missing from it covers nothing. */
export function parseScope(stored: unknown): Record<SegmentDimension, 'all' | string[]> {
  const value = (typeof stored === 'string' ? JSON.parse(stored) : stored) as Record<string, unknown>;
  return Object.fromEntries(
    SEGMENT_DIMENSIONS.map((dimension) => {
      const grant = value?.[dimension];
      return [dimension, grant === 'all' ? 'all' : Array.isArray(grant) ? grant.map(String) : []];
    }),
  ) as Record<SegmentDimension, 'all' | string[]>;
}
