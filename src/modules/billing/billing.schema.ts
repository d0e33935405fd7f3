import { Type } from 'typebox';
import { Nullable, PageParams } from '../../platform/http/index.ts';

const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const Timestamp = Type.String({ format: 'date-time' });
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
    vatCategory: Type.Optional(VatCategory),
    vatRate: Type.Optional(VatRate),
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
  correctsLineId: Nullable(Id),
});

const Kind = Type.Union([Type.Literal('invoice'), Type.Literal('credit_note')]);
const AllowanceKind = Type.Union([Type.Literal('allowance'), Type.Literal('charge')]);

export const InvoiceAllowanceSchema = Type.Object({
  id: Id,
  kind: AllowanceKind,
  reason: Type.String(),
  reasonCode: Nullable(Type.String()),
  amountMinor: Type.Integer(),
  vatCategory: VatCategory,
  vatRate: Type.String(),
});

export const InvoiceSchema = Type.Object({
  id: Id,
  kind: Kind,
  correctsInvoiceId: Nullable(Id),
  creditReason: Nullable(Type.String()),
  rebill: Type.Boolean({
    description: "A credit note that, once issued, releases the corrected invoice's work to bill again",
  }),
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
  lineNetMinor: Type.Integer(),
  allowanceTotalMinor: Type.Integer(),
  chargeTotalMinor: Type.Integer(),
  netMinor: Type.Integer(),
  vatMinor: Type.Integer(),
  grossMinor: Type.Integer(),
  vatExemptionReason: Nullable(Type.String()),
  vatExemptionCode: Nullable(Type.String()),
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
  allowances: Type.Array(InvoiceAllowanceSchema),
});

const DraftSchema = Type.Object({
  kind: Type.Union([Type.Literal('invoice'), Type.Literal('credit_note')], {
    description:
      'credit_note: fee credits (a downgrade or stop after the period was billed) that no invoice can carry, credited on the invoice that billed the period',
  }),
  correctsInvoiceId: Nullable(Id),
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

/** A billing run as stored (GET /billing-runs): never its Idempotency-Key, the client's retry token. */
export const BillingRunRecordSchema = Type.Object({
  id: Id,
  legalEntityId: Id,
  periodFrom: Day,
  periodTo: Day,
  invoiceIds: Type.Array(Id),
  invoiceCount: Type.Integer(),
  createdAt: Timestamp,
  createdByMembershipId: Nullable(Id),
});

export const BillingRunListQuery = Type.Object(
  {
    ...PageParams,
    legalEntityId: Type.Optional(Id),
    from: Type.Optional(Type.String({ format: 'date', description: 'runs whose period ends on or after' })),
    to: Type.Optional(Type.String({ format: 'date', description: 'runs whose period starts on or before' })),
  },
  { additionalProperties: false },
);

export const InvoiceListQuery = Type.Object(
  {
    ...PageParams,
    legalEntityId: Type.Optional(Id),
    status: Type.Optional(Status),
    kind: Type.Optional(Kind),
    correctsInvoiceId: Type.Optional(Id),
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

const Reason = Type.String({ minLength: 1, maxLength: 500 });
const ExemptionCode = Type.String({ pattern: '^VATEX-[A-Z0-9-]{1,24}$', description: 'CEF VATEX code' });
const PositiveMinor = Type.Integer({ minimum: 1, maximum: 99999999999999 });

export const AddAllowanceBody = Type.Object(
  {
    kind: AllowanceKind,
    reason: Reason,
    reasonCode: Type.Optional(
      Type.String({ pattern: '^[A-Z0-9]{1,3}$', description: 'UNTDID 5189 (allowance) or 7161 (charge)' }),
    ),
    amountMinor: PositiveMinor,
    vatCategory: Type.Optional(VatCategory),
    vatRate: Type.Optional(VatRate),
  },
  { additionalProperties: false },
);

export const AllowanceParams = Type.Object({ id: Id, allowanceId: Id }, { additionalProperties: false });

export const CreditNoteHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: '^[\\x21-\\x7E]+$',
      description:
        'The same key and body return the first credit note; the same key with another body is 409',
    }),
  ),
});

export const CreateCreditNoteBody = Type.Object(
  {
    reason: Reason,
    full: Type.Optional(Type.Boolean()),
    rebill: Type.Optional(
      Type.Boolean({
        description:
          "With full: once the credit note is issued, the invoice's time, expenses, milestones and fee " +
          'periods become unbilled and the next billing run bills them again (e.g. at a corrected rate)',
      }),
    ),
    lines: Type.Optional(
      Type.Array(Type.Object({ lineId: Id, amountMinor: PositiveMinor }, { additionalProperties: false }), {
        minItems: 1,
        maxItems: 1000,
      }),
    ),
  },
  { additionalProperties: false },
);

const ClientTreatmentSchema = Type.Object(
  {
    clientId: Id,
    vatCategory: VatCategory,
    vatRate: Nullable(VatRate),
    exemptionReason: Nullable(Reason),
    exemptionCode: Nullable(ExemptionCode),
  },
  { additionalProperties: false },
);

const DefaultCategory = Type.Union([
  Type.Literal('S'),
  Type.Literal('Z'),
  Type.Literal('E'),
  Type.Literal('O'),
]);

export const TaxSettingsSchema = Type.Object({
  legalEntityId: Id,
  standardVatRate: Type.String(),
  defaultVatCategory: DefaultCategory,
  defaultExemptionReason: Nullable(Type.String()),
  defaultExemptionCode: Nullable(Type.String()),
  reverseChargeAbroad: Type.Boolean(),
  clientTreatments: Type.Array(ClientTreatmentSchema),
  updatedAt: Timestamp,
});

export const PutTaxSettingsBody = Type.Object(
  {
    standardVatRate: VatRate,
    defaultVatCategory: Type.Optional(DefaultCategory),
    defaultExemptionReason: Type.Optional(Nullable(Reason)),
    defaultExemptionCode: Type.Optional(Nullable(ExemptionCode)),
    reverseChargeAbroad: Type.Optional(Type.Boolean()),
    clientTreatments: Type.Optional(Type.Array(ClientTreatmentSchema, { maxItems: 10000 })),
  },
  { additionalProperties: false },
);
