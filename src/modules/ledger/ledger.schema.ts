import { Type } from 'typebox';
import { Nullable, PageParams } from '../../platform/http/index.ts';
import { ACCOUNT_ROLES, CHART_TEMPLATES } from './chart-template.ts';
import { RATE_PATTERN } from './fx-conversion.ts';

const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });
const Timestamp = Type.String({ format: 'date-time' });
/** Minor units of one line: below 10^14. */
const LineMinor = Type.Integer({ minimum: 0, maximum: 99_999_999_999_999 });
const Minor = Type.Integer();
const Rate = Type.String({
  pattern: RATE_PATTERN,
  description: 'An exact decimal with at most 10 decimals: 1 unit of the currency = rate functional units',
});
const AccountType = Type.Union([
  Type.Literal('asset'),
  Type.Literal('liability'),
  Type.Literal('equity'),
  Type.Literal('revenue'),
  Type.Literal('expense'),
]);
const Side = Type.Union([Type.Literal('debit'), Type.Literal('credit')]);
const Money = Type.Object({ amountMinor: Minor, currency: Currency });

// ---- Accounts and charts ----

export const AccountSchema = Type.Object({
  id: Id,
  legalEntityId: Id,
  code: Type.String(),
  name: Type.String(),
  type: AccountType,
  normalBalance: Side,
  role: Type.Union([Type.String(), Type.Null()], {
    description: `What postings of other modules look the account up by (${ACCOUNT_ROLES.join(', ')}); null for added accounts`,
  }),
  active: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const AccountListQuery = Type.Object(
  { ...PageParams, legalEntityId: Type.Optional(Id) },
  { additionalProperties: false },
);

export const CreateAccountBody = Type.Object(
  {
    legalEntityId: Id,
    code: Type.String({ pattern: '^[0-9A-Z]+([.-][0-9A-Z]+)*$', maxLength: 20 }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    type: AccountType,
  },
  { additionalProperties: false },
);

export const UpdateAccountBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CreateChartBody = Type.Object(
  {
    legalEntityId: Id,
    template: Type.Optional(Type.Literal(CHART_TEMPLATES[0], { description: 'The only template so far' })),
  },
  { additionalProperties: false },
);

export const ChartSchema = Type.Object({
  legalEntityId: Id,
  template: Type.String(),
  accounts: Type.Array(AccountSchema),
});

export const AccountLinesQuery = Type.Object(
  { ...PageParams, from: Type.Optional(Day), to: Type.Optional(Day) },
  { additionalProperties: false },
);

export const AccountBalanceQuery = Type.Object({ asOf: Type.Optional(Day) }, { additionalProperties: false });

const BalanceFigures = Type.Object({
  currency: Currency,
  debitMinor: Minor,
  creditMinor: Minor,
  balanceMinor: Type.Integer({ description: 'Debits minus credits' }),
});

export const AccountBalanceSchema = Type.Object({
  accountId: Id,
  legalEntityId: Id,
  asOf: Day,
  functional: BalanceFigures,
  currencies: Type.Array(BalanceFigures),
});

// ---- Journal ----

export const JournalLineSchema = Type.Object({
  id: Id,
  lineNo: Type.Integer(),
  accountId: Id,
  side: Side,
  amount: Money,
  functionalAmount: Money,
  rate: Nullable(Type.String()),
  memo: Nullable(Type.String()),
});

export const JournalEntrySchema = Type.Object({
  id: Id,
  legalEntityId: Id,
  functionalCurrency: Currency,
  entryDate: Day,
  description: Type.String(),
  source: Type.Object({ kind: Type.String(), id: Nullable(Id), purpose: Nullable(Type.String()) }),
  reversalOf: Nullable(Id),
  reversedBy: Nullable(Id),
  postedAt: Timestamp,
  postedByMembershipId: Nullable(Id),
  lines: Type.Array(JournalLineSchema),
});

export const AccountLineSchema = Type.Object({
  ...JournalLineSchema.properties,
  entryId: Id,
  entryDate: Day,
  description: Type.String(),
});

export const JournalEntryListQuery = Type.Object(
  {
    ...PageParams,
    legalEntityId: Type.Optional(Id),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    sourceKind: Type.Optional(Type.String({ pattern: '^[a-z][a-z_]*$', maxLength: 50 })),
    sourceId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const CreateJournalEntryBody = Type.Object(
  {
    legalEntityId: Id,
    entryDate: Day,
    description: Type.String({ minLength: 1, maxLength: 500 }),
    lines: Type.Array(
      Type.Object(
        {
          accountId: Id,
          side: Side,
          amount: Type.Object(
            { amountMinor: LineMinor, currency: Currency },
            { additionalProperties: false },
          ),
          functionalAmountMinor: Type.Optional(LineMinor),
          rate: Type.Optional(Rate),
          memo: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 500 }))),
        },
        { additionalProperties: false },
      ),
      { minItems: 2, maxItems: 500 },
    ),
  },
  { additionalProperties: false },
);

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[\\x21-\\x7E]+$',
      description:
        'The same key and body return the first entry again; the same key with another body is 409',
    }),
  ),
});

export const ReverseBody = Type.Object(
  {
    entryDate: Type.Optional(Day),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);

// ---- Periods ----

export const PeriodSchema = Type.Object({
  id: Id,
  legalEntityId: Id,
  month: Month,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  closedAt: Nullable(Timestamp),
  closedByMembershipId: Nullable(Id),
  reopenedAt: Nullable(Timestamp),
  reopenedByMembershipId: Nullable(Id),
  reopenReason: Nullable(Type.String()),
});

export const PeriodListQuery = Type.Object(
  { ...PageParams, legalEntityId: Type.Optional(Id) },
  { additionalProperties: false },
);

export const ClosePeriodBody = Type.Object(
  { legalEntityId: Id, month: Month },
  { additionalProperties: false },
);

export const ReopenPeriodBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

// ---- Trial balance ----

export const TrialBalanceQuery = Type.Object(
  { legalEntityId: Id, from: Day, to: Day },
  { additionalProperties: false },
);

const Movement = {
  openingMinor: Minor,
  debitMinor: Minor,
  creditMinor: Minor,
  closingMinor: Minor,
};
const CurrencyMovement = Type.Object({ currency: Currency, ...Movement });

export const TrialBalanceSchema = Type.Object({
  legalEntityId: Id,
  functionalCurrency: Currency,
  from: Day,
  to: Day,
  accounts: Type.Array(
    Type.Object({
      accountId: Id,
      code: Type.String(),
      name: Type.String(),
      type: AccountType,
      normalBalance: Side,
      functional: Type.Object(Movement),
      currencies: Type.Array(CurrencyMovement),
    }),
  ),
  totals: Type.Object({ functional: Type.Object(Movement), currencies: Type.Array(CurrencyMovement) }),
});

// ---- FX rates ----

export const FxRateSchema = Type.Object({
  id: Id,
  base: Currency,
  quote: Currency,
  date: Day,
  rate: Type.String({ description: '1 base = rate quote, exact, 10 decimals' }),
  source: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const FxRateListQuery = Type.Object(
  {
    ...PageParams,
    base: Type.Optional(Currency),
    quote: Type.Optional(Currency),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
  },
  { additionalProperties: false },
);

export const CreateFxRateBody = Type.Object(
  {
    base: Currency,
    quote: Currency,
    date: Day,
    rate: Rate,
    source: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  },
  { additionalProperties: false },
);

export const UpdateFxRateBody = Type.Object(
  {
    rate: Type.Optional(Rate),
    source: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 200 }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const FxLookupQuery = Type.Object(
  { base: Currency, quote: Currency, on: Day },
  { additionalProperties: false },
);

export const EffectiveRateSchema = Type.Object({
  base: Currency,
  quote: Currency,
  on: Day,
  rate: Type.String(),
  rateDate: Day,
  inverted: Type.Boolean(),
  fxRateId: Id,
});
