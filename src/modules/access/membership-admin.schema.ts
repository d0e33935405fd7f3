import { Type } from 'typebox';
import { Nullable, PageParams } from '../../platform/http/index.ts';
import { SEGMENT_DIMENSIONS, type SegmentDimension } from '../../platform/tenancy/tenant-context.ts';

const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });

const ScopeEntryBody = Type.Union([
  Uuid,
  Type.Object(
    { id: Uuid, validFrom: Type.Optional(Instant), validUntil: Type.Optional(Instant) },
    { additionalProperties: false },
  ),
]);
const DimensionBody = Type.Union([Type.Literal('all'), Type.Array(ScopeEntryBody, { maxItems: 500 })]);

const perDimension = <T>(schema: T) =>
  Object.fromEntries(SEGMENT_DIMENSIONS.map((dimension) => [dimension, schema])) as Record<
    SegmentDimension,
    T
  >;

/**
 * A membership's scope: every dimension stated, as "all" or a list of segments (each either an
 * id or `{ id, validFrom?, validUntil? }`); an empty list covers nothing.
 */
export const MembershipScopeBody = Type.Object(perDimension(DimensionBody), { additionalProperties: false });

const RoleKeys = Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { minItems: 1, maxItems: 20 });

export const InviteMembershipBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 320 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    kind: Type.Union([Type.Literal('staff'), Type.Literal('client')]),
    staffType: Type.Optional(Type.Union([Type.Literal('employee'), Type.Literal('subcontractor')])),
    roles: Type.Optional(RoleKeys),
    scope: Type.Optional(MembershipScopeBody),
    clientId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const UpdateMembershipBody = Type.Object(
  { roles: Type.Optional(RoleKeys), scope: Type.Optional(MembershipScopeBody) },
  { additionalProperties: false, minProperties: 1 },
);

const ScopeEntrySchema = Type.Object({
  id: Uuid,
  validFrom: Nullable(Instant),
  validUntil: Nullable(Instant),
});

export const MembershipSchema = Type.Object({
  id: Uuid,
  userId: Uuid,
  email: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  staffType: Nullable(Type.String()),
  status: Type.String(),
  roles: Type.Array(Type.String()),
  scope: Type.Object(perDimension(Type.Union([Type.Literal('all'), Type.Array(ScopeEntrySchema)]))),
  createdAt: Instant,
});

/** An invitation's answer: the membership and, only when the user was created, their one-time password. */
export const InvitedSchema = Type.Object({
  membership: MembershipSchema,
  userCreated: Type.Boolean(),
  initialPassword: Nullable(Type.String()),
});

export const MembershipListQuery = Type.Object(
  {
    ...PageParams,
  },
  { additionalProperties: false },
);
