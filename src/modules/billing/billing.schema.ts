import { Type } from 'typebox';

const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const Timestamp = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const VatCategory = Type.Union([
  Type.Literal('S'),
  Type.Literal('Z'),
  Type.Literal('E'),
  Type.Literal('AE'),
  Type.Literal('O'),
]);
const VatRate = Type.String({
  pattern: '^[0-9]{1,2}(\\.[0-9]{1,2})?$',
  description: 'percent, e.g. "25" or "7.7"',
});
const Status = Type.Union([
  Type.Literal('draft'),
  Type.Literal('approved'),
  Type.Literal('issued'),
  Type.Literal('paid'),
  Type.Literal('void'),
]);

export const BillingRunHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: '^[\\x21-\\x7E]+$',
    description:
      'Required: the same key returns the first run’s invoices; with another entity or period it is 409',
  }),
});

export const BillingRunBody = Type.Object(
  {
    legalEntityId: Id,
    periodFrom: Day,
    periodTo: Day,
    vatCategory: VatCategory,
    vatRate: VatRate,
    dryRun: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);

const InvoiceLineSchema = Type.Object({
  id: Id,
  lineNo: Type.Integer(),
  originKind: Type.Union([
    Type.Literal('time'),
    Type.Literal('expense'),
    Type.Literal('milestone'),
    Type.Literal('fee'),
  ]),
  originIds: Type.Array(Id),
  description: Type.String(),
  quantity: Type.Integer(),
  unitPriceMinor: Type.Integer(),
  netMinor: Type.Integer(),
  vatCategory: VatCategory,
  vatRate: Type.String(),
});

export const InvoiceSchema = Type.Object({
  id: Id,
  legalEntityId: Id,
  clientId: Id,
  contractId: Id,
  practiceId: Id,
  regionId: Nullable(Id),
  currency: Type.String(),
  billingRunId: Nullable(Id),
  status: Status,
  number: Nullable(Type.Integer()),
  issueDate: Nullable(Day),
  dueDate: Nullable(Day),
  netMinor: Type.Integer(),
  vatMinor: Type.Integer(),
  grossMinor: Type.Integer(),
  vatBreakdown: Type.Array(
    Type.Object({
      category: VatCategory,
      rate: Type.String(),
      taxableMinor: Type.Integer(),
      vatMinor: Type.Integer(),
    }),
  ),
  createdAt: Timestamp,
  approvedAt: Nullable(Timestamp),
  approvedByMembershipId: Nullable(Id),
  issuedAt: Nullable(Timestamp),
  issuedByMembershipId: Nullable(Id),
  voidedAt: Nullable(Timestamp),
  voidedByMembershipId: Nullable(Id),
  journalEntryId: Nullable(Id),
  lines: Type.Array(InvoiceLineSchema),
});

const DraftSchema = Type.Object({
  contractId: Id,
  clientId: Id,
  currency: Type.String(),
  netMinor: Type.Integer(),
  vatMinor: Type.Integer(),
  grossMinor: Type.Integer(),
  lines: Type.Array(
    Type.Object({
      originKind: Type.String(),
      originIds: Type.Array(Id),
      description: Type.String(),
      quantity: Type.Integer(),
      unitPriceMinor: Type.Integer(),
      netMinor: Type.Integer(),
    }),
  ),
});

export const BillingRunSchema = Type.Object({
  id: Nullable(Id),
  dryRun: Type.Boolean(),
  replayed: Type.Boolean(),
  invoices: Type.Array(InvoiceSchema),
  preview: Type.Array(DraftSchema),
  unratedTimeEntryIds: Type.Array(Id),
});

export const InvoiceListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Id),
    legalEntityId: Type.Optional(Id),
    status: Type.Optional(Status),
  },
  { additionalProperties: false },
);

export const IssueInvoiceBody = Type.Object(
  {
    issueDate: Type.Optional(Day),
    dueDate: Type.Optional(Day),
    paymentTermDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  },
  { additionalProperties: false },
);
