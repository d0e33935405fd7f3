import { Type } from 'typebox';

const Uuid = Type.String({ format: 'uuid' });
const Region = Type.String({ pattern: '^[a-z]{2}(-[a-z0-9]+)*$', maxLength: 40 });

export const CreateTenantBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    slug: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 }),
    partnerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    homeRegion: Region,
    isolationTier: Type.Union([Type.Literal('pooled'), Type.Literal('dedicated')]),
    allowedRegions: Type.Optional(Type.Array(Region, { minItems: 1, maxItems: 20, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const AdministeredTenantSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  slug: Type.String(),
  partnerId: Type.Union([Uuid, Type.Null()]),
  status: Type.String(),
  homeRegion: Type.String(),
  isolationTier: Type.String(),
  allowedRegions: Type.Array(Type.String()),
  cell: Type.Union([Type.String(), Type.Null()]),
});

export const AddTenantAdminBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 320 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const TenantAdminParams = Type.Object(
  { id: Uuid, membershipId: Uuid },
  { additionalProperties: false },
);
