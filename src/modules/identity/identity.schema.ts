import { Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });

export const LoginBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 320 }),
    password: Type.String({ minLength: 1, maxLength: 1000 }),
    membershipId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const RefreshBody = Type.Object(
  { refreshToken: Type.String({ minLength: 10, maxLength: 500 }) },
  { additionalProperties: false },
);

export const SwitchBody = Type.Object({ membershipId: Uuid }, { additionalProperties: false });

export const MembershipSummarySchema = Type.Object({
  id: Uuid,
  kind: Type.String(),
  tenantId: Type.Union([Uuid, Type.Null()]),
  partnerId: Type.Union([Uuid, Type.Null()]),
  name: Type.String(),
  roles: Type.Array(Type.String()),
});

export const SignedInSchema = Type.Object({
  accessToken: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  refreshToken: Type.String(),
  membership: MembershipSummarySchema,
  memberships: Type.Array(MembershipSummarySchema),
});

export const MeSchema = Type.Object({
  userId: Uuid,
  membershipId: Uuid,
  kind: Type.String(),
  tenantId: Type.Optional(Uuid),
  partnerId: Type.Optional(Uuid),
  permissions: Type.Array(Type.String()),
  clearance: Type.Optional(Type.String()),
  scope: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Literal('all'), Type.Array(Uuid)]))),
});
