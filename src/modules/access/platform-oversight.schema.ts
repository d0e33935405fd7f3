import { Type } from 'typebox';
import { Nullable } from '../../platform/http/index.ts';
import { GrantStatusSchema } from './support-grant.schema.ts';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });

/**
 * A support grant as the platform oversees it: which tenant, which engineer, why, and what became
 * of it. No scope ids and no tenant note: the platform watches the grant, not the tenant's data.
 */
export const OverseenGrantSchema = Type.Object({
  id: Uuid,
  tenant: Type.Object({ id: Uuid, name: Type.String(), slug: Type.String() }),
  engineer: Type.Object({ name: Type.String(), email: Type.String() }),
  reason: Type.String(),
  permissions: Type.Array(Type.String()),
  durationMinutes: Type.Integer(),
  breakGlass: Type.Boolean(),
  status: GrantStatusSchema,
  active: Type.Boolean(),
  requestedAt: Instant,
  decidedAt: Nullable(Instant),
  approvedAt: Nullable(Instant),
  expiresAt: Nullable(Instant),
  revokedAt: Nullable(Instant),
  /** Requests made under the grant so far. */
  useCount: Type.Integer({ minimum: 0 }),
});
