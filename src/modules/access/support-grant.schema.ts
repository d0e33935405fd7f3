import { Type } from 'typebox';
import { Nullable, PageParams } from '../../platform/http/index.ts';
import { SEGMENT_DIMENSIONS } from '../../platform/tenancy/tenant-context.ts';
import { SUPPORT_GRANT_MAX_MINUTES } from './support-grant.policy.ts';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });

const DimensionGrant = Type.Union([
  Type.Literal('all'),
  Type.Array(Uuid, { maxItems: 200, uniqueItems: true }),
]);

/** Per segment dimension, "all" or a list of segment ids; every dimension is stated. */
export const GrantScopeSchema = Type.Object(
  Object.fromEntries(SEGMENT_DIMENSIONS.map((dimension) => [dimension, DimensionGrant])) as Record<
    (typeof SEGMENT_DIMENSIONS)[number],
    typeof DimensionGrant
  >,
  { additionalProperties: false },
);

export const RequestSupportGrantBody = Type.Object(
  {
    tenantId: Uuid,
    reason: Type.String({ minLength: 10, maxLength: 2000 }),
    scope: Type.Optional(GrantScopeSchema),
    permissions: Type.Optional(
      Type.Array(Type.String({ minLength: 3, maxLength: 100 }), { minItems: 1, maxItems: 50 }),
    ),
    durationMinutes: Type.Optional(
      Type.Integer({ minimum: 1, maximum: SUPPORT_GRANT_MAX_MINUTES, default: 60 }),
    ),
    breakGlass: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);

/** An optional note on a decision; the body itself may be left out. */
export const DecisionBody = Type.Union([
  Type.Object(
    { note: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

/** A grant's state as the API shows it: `expired` is an approved grant past its end. */
export const GrantStatusSchema = Type.Union([
  Type.Literal('requested'),
  Type.Literal('approved'),
  Type.Literal('expired'),
  Type.Literal('denied'),
  Type.Literal('revoked'),
]);

export const SupportGrantSchema = Type.Object({
  id: Uuid,
  tenantId: Uuid,
  requestedBy: Type.Object({ userId: Uuid, email: Type.String(), name: Type.String() }),
  reason: Type.String(),
  scope: GrantScopeSchema,
  permissions: Type.Array(Type.String()),
  durationMinutes: Type.Integer(),
  breakGlass: Type.Boolean(),
  status: GrantStatusSchema,
  active: Type.Boolean(),
  requestedAt: Instant,
  decidedBy: Nullable(Uuid),
  decidedAt: Nullable(Instant),
  decisionNote: Nullable(Type.String()),
  approvedAt: Nullable(Instant),
  expiresAt: Nullable(Instant),
  revokedBy: Nullable(Uuid),
  revokedAt: Nullable(Instant),
});

export const GrantTokenSchema = Type.Object({
  accessToken: Type.String(),
  expiresAt: Instant,
  grant: SupportGrantSchema,
});

export const GrantUseSchema = Type.Object({
  method: Type.String(),
  url: Type.String(),
  requestId: Nullable(Type.String()),
  usedAt: Instant,
});

/** `?status=&limit=&cursor=` of a list of grants (a stored state: `expired` is not one). */
export const GrantListQuery = Type.Object(
  {
    ...PageParams,
    status: Type.Optional(
      Type.Union([
        Type.Literal('requested'),
        Type.Literal('approved'),
        Type.Literal('denied'),
        Type.Literal('revoked'),
      ]),
    ),
  },
  { additionalProperties: false },
);
