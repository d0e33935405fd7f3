import { Type } from 'typebox';

const Clearance = Type.Union([
  Type.Literal('public'),
  Type.Literal('internal'),
  Type.Literal('confidential'),
  Type.Literal('restricted'),
]);

export const TenantRoleSchema = Type.Object({
  key: Type.String(),
  name: Type.String(),
  builtIn: Type.Boolean(),
  clearance: Type.String(),
  permissions: Type.Array(Type.String()),
});

export const CreateTenantRoleBody = Type.Object(
  {
    key: Type.String({
      pattern: '^custom:[a-z0-9]+(-[a-z0-9]+)*$',
      maxLength: 80,
      description: 'custom:<slug>',
    }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    permissions: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
      minItems: 1,
      maxItems: 100,
    }),
    clearance: Type.Optional(Clearance),
  },
  { additionalProperties: false },
);
