import { Type } from 'typebox';

const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });

const MoneySchema = Type.Object(
  {
    amountMinor: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' }),
  },
  { additionalProperties: false },
);
const Interval = Type.Union([Type.Literal('month'), Type.Literal('quarter'), Type.Literal('year')], {
  description: 'Calendar months, quarters or years, billed in advance',
});

export const ContractFeeSchema = Type.Object({
  id: Id,
  contractId: Id,
  revision: Type.Integer({ minimum: 1 }),
  amount: MoneySchema,
  interval: Interval,
  effectiveFrom: Day,
  description: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  createdByMembershipId: Type.Union([Id, Type.Null()]),
});

export const CreateContractFeeBody = Type.Object(
  {
    amount: MoneySchema,
    interval: Interval,
    effectiveFrom: Type.String({
      format: 'date',
      description: 'The day the fee (or the change) takes effect; not before the latest change',
    }),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
