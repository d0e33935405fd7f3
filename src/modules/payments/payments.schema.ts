import { Type } from 'typebox';
import { Nullable, PageParams } from '../../platform/http/index.ts';

const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const Timestamp = Type.String({ format: 'date-time' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });
const MinorAmount = Type.Integer({ minimum: 1, maximum: 99_999_999_999_999 });
const Money = Type.Object({ amountMinor: Type.Integer(), currency: Currency });
const Method = Type.Union([
  Type.Literal('bank_transfer'),
  Type.Literal('card'),
  Type.Literal('direct_debit'),
  Type.Literal('cheque'),
  Type.Literal('cash'),
  Type.Literal('other'),
]);
const Status = Type.Union([Type.Literal('recorded'), Type.Literal('void')]);

export const PaymentHeaders = Type.Object({
  'idempotency-key': Type.String({
    minLength: 1,
    maxLength: 200,
    pattern: '^[\\x21-\\x7E]+$',
    description: 'Required: the same key and body return the first payment; another body is 409',
  }),
});

const AllocationInput = Type.Object(
  { invoiceId: Id, amountMinor: MinorAmount },
  { additionalProperties: false },
);

export const AllocationsBody = Type.Object(
  { allocations: Type.Array(AllocationInput, { minItems: 1, maxItems: 200 }) },
  { additionalProperties: false },
);

export const RecordPaymentBody = Type.Object(
  {
    legalEntityId: Id,
    clientId: Id,
    amount: Type.Object({ amountMinor: MinorAmount, currency: Currency }, { additionalProperties: false }),
    receivedOn: Day,
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    method: Type.Optional(Method),
    allocations: Type.Optional(Type.Array(AllocationInput, { maxItems: 200 })),
  },
  { additionalProperties: false },
);

export const VoidPaymentBody = Type.Object(
  { voidedOn: Type.Optional(Day) },
  { additionalProperties: false, description: 'The date of the reversal; the payment’s date by default' },
);

export const AllocationParams = Type.Object({ id: Id, allocationId: Id }, { additionalProperties: false });

export const PaymentSchema = Type.Object({
  id: Id,
  legalEntityId: Id,
  clientId: Id,
  amount: Money,
  allocated: Money,
  unallocated: Money,
  receivedOn: Day,
  reference: Nullable(Type.String()),
  method: Method,
  status: Status,
  recordedAt: Timestamp,
  recordedByMembershipId: Nullable(Id),
  voidedAt: Nullable(Timestamp),
  voidedByMembershipId: Nullable(Id),
  journalEntryId: Nullable(Id),
  voidJournalEntryId: Nullable(Id),
  allocations: Type.Array(
    Type.Object({
      id: Id,
      invoiceId: Id,
      amountMinor: Type.Integer(),
      createdAt: Timestamp,
      createdByMembershipId: Nullable(Id),
    }),
  ),
});

export const PaymentListQuery = Type.Object(
  {
    ...PageParams,
    legalEntityId: Type.Optional(Id),
    clientId: Type.Optional(Id),
    status: Type.Optional(Status),
  },
  { additionalProperties: false },
);
