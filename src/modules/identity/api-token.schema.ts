import { Type } from 'typebox';
import { ListQuery } from '../../platform/http/index.ts';
import { SEGMENT_DIMENSIONS } from '../../platform/tenancy/tenant-context.ts';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const Tier = Type.Union([Type.Literal('standard'), Type.Literal('high')]);
const Scope = Type.String({ pattern: '^[a-z][a-z-]*:[a-z][a-z-]*$', maxLength: 100 });

/** Per segment dimension (the keys of `scope` in `GET /auth/me`), the only segments the token sees. */
const SegmentRestriction = Type.Object(
  Object.fromEntries(
    SEGMENT_DIMENSIONS.map((dimension) => [
      dimension,
      Type.Optional(Type.Array(Uuid, { minItems: 1, maxItems: 500, uniqueItems: true })),
    ]),
  ),
  { additionalProperties: false },
);

export const CreateApiTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    scopes: Type.Array(Scope, { minItems: 1, maxItems: 100, uniqueItems: true }),
    segmentRestriction: Type.Optional(SegmentRestriction),
    expiresAt: Type.Optional(Instant),
    rateLimitTier: Type.Optional(Tier),
  },
  { additionalProperties: false },
);

/** A token as listed: never its secret. */
export const ApiTokenSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  membershipId: Uuid,
  scopes: Type.Array(Type.String()),
  segmentRestriction: Type.Record(Type.String(), Type.Array(Uuid)),
  rateLimitTier: Tier,
  status: Type.Union([Type.Literal('active'), Type.Literal('expired'), Type.Literal('revoked')]),
  createdAt: Instant,
  expiresAt: Type.Union([Instant, Type.Null()]),
  lastUsedAt: Type.Union([Instant, Type.Null()]),
  revokedAt: Type.Union([Instant, Type.Null()]),
});

/** The answer to a creation: the token with its secret, shown this once. */
export const CreatedApiTokenSchema = Type.Object({
  ...ApiTokenSchema.properties,
  token: Type.String({ description: 'The secret; shown once, store it now' }),
});

/** `?limit=` and `?cursor=` (the last id of the previous page). */
export const ApiTokenListQuery = Type.Object(
  { ...ListQuery.properties, cursor: Type.Optional(Uuid) },
  { additionalProperties: false },
);
