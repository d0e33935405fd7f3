import { Type } from 'typebox';
import { Nullable, PageParams } from '../../platform/http/index.ts';

const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });
const Minor = Type.Integer();
const Money = Type.Object({ amountMinor: Minor, currency: Currency });

// ---- Inter-company recharges ----

export const RunRechargesBody = Type.Object(
  {
    month: Month,
    legalEntityIds: Type.Optional(
      Type.Array(Id, {
        minItems: 2,
        maxItems: 100,
        uniqueItems: true,
        description:
          'Only the pairs between these entities (each must be in your scope); every pair otherwise',
      }),
    ),
    postOn: Type.Optional(
      Type.String({
        format: 'date',
        description:
          "The day new recharges are posted on: default and earliest the month's last day; a day of an open month for a supplement of a closed one",
      }),
    ),
  },
  { additionalProperties: false },
);

const RechargeFields = {
  id: Id,
  month: Month,
  sequence: Type.Integer({
    minimum: 1,
    description: "1 for the month's first recharge of the pair; 2, 3… for supplements of time approved later",
  }),
  employingLegalEntityId: Id,
  projectLegalEntityId: Id,
  cost: Money,
  markupBasisPoints: Type.Integer(),
  amount: Money,
  minutes: Type.Integer(),
  timeEntryCount: Type.Integer(),
  expenses: Type.Object(
    { amountMinor: Minor, currency: Currency },
    { description: 'The covered inter-company expenses at cost (part of amount)' },
  ),
  expenseCount: Type.Integer(),
  employingEntryId: Nullable(Id),
  projectEntryId: Nullable(Id),
  createdAt: Type.String({ format: 'date-time' }),
};

export const RechargeSchema = Type.Object(RechargeFields);

export const RechargeRunSchema = Type.Object({
  month: Month,
  recharges: Type.Array(Type.Object({ ...RechargeFields, replayed: Type.Boolean() })),
});

export const RechargeListQuery = Type.Object(
  {
    ...PageParams,
    month: Type.Optional(Month),
    legalEntityId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const RechargeSettingsBody = Type.Object(
  { markupBasisPoints: Type.Integer({ minimum: 0, maximum: 100_000 }) },
  { additionalProperties: false },
);
export const RechargeSettingsSchema = Type.Object({ markupBasisPoints: Type.Integer() });

// ---- Consolidation ----

export const ConsolidationQuerySchema = Type.Object(
  {
    from: Day,
    to: Day,
    reportingCurrency: Currency,
    legalEntityIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true })),
  },
  { additionalProperties: false },
);

const Columns = { translatedMinor: Minor, eliminationMinor: Minor, consolidatedMinor: Minor };
const RateUsed = Type.Object({
  base: Currency,
  quote: Currency,
  on: Day,
  rate: Type.String(),
  rateDate: Day,
  inverted: Type.Boolean(),
});
const PairSide = Type.Object({
  legalEntityId: Id,
  transactionMinor: Minor,
  functionalMinor: Minor,
  translatedMinor: Minor,
});
const AccountType = Type.Union([
  Type.Literal('asset'),
  Type.Literal('liability'),
  Type.Literal('equity'),
  Type.Literal('revenue'),
  Type.Literal('expense'),
]);

export const ConsolidationSchema = Type.Object({
  from: Day,
  to: Day,
  reportingCurrency: Currency,
  legalEntities: Type.Array(
    Type.Object({
      id: Id,
      name: Type.String(),
      functionalCurrency: Currency,
      closingRate: Nullable(RateUsed),
      openingRate: Nullable(RateUsed),
    }),
    { description: 'The entities consolidated: the ones asked for, or every one in your scope' },
  ),
  lines: Type.Array(
    Type.Object({
      key: Type.String(),
      section: Type.Union([Type.Literal('balance_sheet'), Type.Literal('profit_and_loss')]),
      type: Nullable(AccountType),
      role: Nullable(Type.String()),
      entities: Type.Array(Type.Object({ legalEntityId: Id, functional: Money, translatedMinor: Minor })),
      ...Columns,
    }),
  ),
  eliminations: Type.Array(
    Type.Object({
      employingLegalEntityId: Id,
      projectLegalEntityId: Id,
      currency: Currency,
      receivable: PairSide,
      payable: PairSide,
      revenue: PairSide,
      costs: PairSide,
      balanceFxDifferenceMinor: Minor,
      resultFxDifferenceMinor: Minor,
    }),
  ),
  totals: Type.Object({
    balanceSheet: Type.Object(Columns),
    profitAndLoss: Type.Object(Columns),
    all: Type.Object(Columns),
  }),
});
