import { Type } from 'typebox';
import { GrantStatusSchema } from './support-grant.schema.ts';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

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

/** `GET /api/v1/audit/verify`'s answer for one tenant, checked by the platform. */
export const TenantAuditVerificationSchema = Type.Object({
  tenantId: Uuid,
  verified: Type.Boolean(),
  eventsChecked: Type.Integer(),
  firstBreak: Nullable(
    Type.Object({
      seq: Type.String(),
      reason: Type.Union([
        Type.Literal('content-altered'),
        Type.Literal('link-broken'),
        Type.Literal('event-missing'),
        Type.Literal('tail-missing'),
      ]),
    }),
  ),
});
