import { Type } from 'typebox';
import { Nullable } from '../../platform/http/index.ts';

const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const Timestamp = Type.String({ format: 'date-time' });
const Minor = Type.Integer({ minimum: 0, maximum: 99_999_999_999_999 });
const Currency = Type.String({ pattern: '^[A-Z]{3}$' });
const Kind = Type.Union([
  Type.Literal('time_and_materials'),
  Type.Literal('milestone'),
  Type.Literal('fixed_fee_percent_complete'),
  Type.Literal('ratable'),
]);

export const ContractParams = Type.Object({ id: Id }, { additionalProperties: false });

export const DefineObligationsBody = Type.Object(
  {
    priceMinor: Type.Optional(Minor),
    obligations: Type.Array(
      Type.Object(
        {
          name: Type.String({ minLength: 1, maxLength: 200 }),
          kind: Kind,
          standaloneSellingPriceMinor: Type.Optional(Minor),
          projectId: Type.Optional(Id),
          milestoneId: Type.Optional(Id),
          serviceStart: Type.Optional(Day),
          serviceEnd: Type.Optional(Day),
          estimatedTotalCostMinor: Type.Optional(Type.Integer({ minimum: 1, maximum: 99_999_999_999_999 })),
          costCurrency: Type.Optional(Currency),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);

export const ObligationSchema = Type.Object({
  id: Id,
  contractId: Id,
  legalEntityId: Id,
  clientId: Id,
  bundleId: Id,
  name: Type.String(),
  kind: Kind,
  currency: Type.String(),
  standaloneSellingPriceMinor: Nullable(Type.Integer()),
  allocatedPriceMinor: Nullable(Type.Integer()),
  projectId: Nullable(Id),
  milestoneId: Nullable(Id),
  serviceStart: Nullable(Day),
  serviceEnd: Nullable(Day),
  estimatedTotalCostMinor: Nullable(Type.Integer()),
  costCurrency: Nullable(Type.String()),
  createdAt: Timestamp,
});

export const ObligationListSchema = Type.Object({
  items: Type.Array(ObligationSchema),
  nextCursor: Type.Null(),
});

export const ScheduleQuery = Type.Object({ contractId: Id }, { additionalProperties: false });

export const SchedulesSchema = Type.Object({
  nextCursor: Type.Null(),
  items: Type.Array(
    Type.Object({
      obligation: ObligationSchema,
      lines: Type.Array(
        Type.Object({
          periodStart: Day,
          periodEnd: Day,
          amountMinor: Type.Integer(),
          status: Type.Union([Type.Literal('recognized'), Type.Literal('planned')]),
          journalEntryId: Nullable(Id),
        }),
      ),
    }),
  ),
});

export const BalancesQuery = Type.Object({ legalEntityId: Id, asOf: Day }, { additionalProperties: false });

const Figures = {
  currency: Type.String(),
  recognizedMinor: Type.Integer(),
  billedMinor: Type.Integer(),
  unbilledMinor: Type.Integer(),
  deferredMinor: Type.Integer(),
};

export const BalancesSchema = Type.Object({
  legalEntityId: Id,
  asOf: Day,
  contracts: Type.Array(Type.Object({ contractId: Id, clientId: Id, ...Figures })),
  totals: Type.Array(Type.Object(Figures)),
});

export const RecognitionRunHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: '^[\\x21-\\x7E]+$',
    description:
      'Required: the same key returns the first run’s recognitions; with another entity or date it is 409',
  }),
});

export const RecognitionRunBody = Type.Object(
  { legalEntityId: Id, asOf: Day },
  { additionalProperties: false },
);

export const RecognitionRunSchema = Type.Object({
  id: Id,
  legalEntityId: Id,
  asOf: Day,
  replayed: Type.Boolean(),
  recognitions: Type.Array(
    Type.Object({
      id: Id,
      obligationId: Id,
      contractId: Id,
      periodStart: Day,
      periodEnd: Day,
      amountMinor: Type.Integer(),
      cumulativeMinor: Type.Integer(),
      currency: Type.String(),
      journalEntryId: Nullable(Id),
    }),
  ),
  skipped: Type.Array(Type.Object({ obligationId: Id, reason: Type.String() })),
});
