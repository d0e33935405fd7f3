import { Type } from 'typebox';
import { Nullable } from '../../platform/http/index.ts';

const Uuid = Type.String({ format: 'uuid' });
const Kind = Type.Union([Type.Literal('employee'), Type.Literal('subcontractor')]);
const Day = Type.String({ format: 'date' });

export const PersonSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Nullable(Type.String()),
  kind: Kind,
  membershipId: Nullable(Uuid),
  legalEntityId: Uuid,
  practiceId: Nullable(Uuid),
  status: Type.Union([Type.Literal('active'), Type.Literal('left')]),
  capacityMinutesPerWeek: Type.Integer(),
  role: Nullable(Type.String()),
  skills: Type.Array(Type.String()),
  supplier: Nullable(Type.String()),
});

const Capacity = Type.Integer({
  minimum: 0,
  maximum: 10080,
  description: 'Minutes a full week holds (default 2400: five 8-hour days)',
});
const Role = Nullable(Type.String({ minLength: 1, maxLength: 100 }));
const Skills = Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 });
const Supplier = Nullable(
  Type.String({
    minLength: 1,
    maxLength: 200,
    description: "A subcontractor's supplier: required for a subcontractor, refused for an employee",
  }),
);

export const CreatePersonBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320 }))),
    kind: Kind,
    legalEntityId: Uuid,
    practiceId: Type.Optional(Nullable(Uuid)),
    capacityMinutesPerWeek: Type.Optional(Capacity),
    role: Type.Optional(Role),
    skills: Type.Optional(Skills),
    supplier: Type.Optional(Supplier),
  },
  { additionalProperties: false },
);

export const UpdatePersonBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    email: Type.Optional(Nullable(Type.String({ format: 'email', maxLength: 320 }))),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('left')])),
    capacityMinutesPerWeek: Type.Optional(Capacity),
    role: Type.Optional(Role),
    skills: Type.Optional(Skills),
    supplier: Type.Optional(Supplier),
  },
  { additionalProperties: false, minProperties: 1 },
);

const Money = Type.Object(
  {
    amountMinor: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  },
  { additionalProperties: false },
);

export const CostRateSchema = Type.Object({
  id: Uuid,
  personId: Uuid,
  hourlyCost: Money,
  validFrom: Day,
  validUntil: Nullable(Day),
  note: Nullable(Type.String()),
});

export const CreateCostRateBody = Type.Object(
  {
    hourlyCost: Money,
    validFrom: Day,
    validUntil: Type.Optional(Nullable(Day)),
    note: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  },
  { additionalProperties: false },
);
