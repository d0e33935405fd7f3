import { Type } from 'typebox';
import type { FieldClassification } from '../../platform/auth/field-projection.ts';
import { Nullable, PageParams } from '../../platform/http/index.ts';
import type { Expense } from './expense.service.ts';

const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const Timestamp = Type.String({ format: 'date-time' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });

export const EXPENSE_CATEGORIES = [
  'travel',
  'lodging',
  'meals',
  'software',
  'equipment',
  'subcontracting',
  'other',
] as const;
const Category = Type.Union(EXPENSE_CATEGORIES.map((category) => Type.Literal(category)));
const Status = Type.Union([
  Type.Literal('draft'),
  Type.Literal('submitted'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
]);
const Approver = Type.Union([Type.Literal('project_manager'), Type.Literal('client')]);

/** An amount spent: positive integer minor units in the receipt's currency. */
const SpentSchema = Type.Object(
  {
    amountMinor: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    currency: Currency,
  },
  { additionalProperties: false },
);

/**
 * What a client's approver (public clearance) sees of an expense on their project: what was spent,
 * on what, and where it stands. Internal: the segments, the spender's legal entity, inter-company,
 * who decided internally, billing. Confidential: the internal note.
 */
export const EXPENSE_FIELD_CLASSIFICATION = Object.freeze({
  id: 'public',
  personId: 'public',
  personLegalEntityId: 'internal',
  assignmentId: 'internal',
  projectId: 'public',
  contractId: 'internal',
  clientId: 'public',
  legalEntityId: 'internal',
  practiceId: 'internal',
  regionId: 'internal',
  portfolioId: 'internal',
  projectCurrency: 'public',
  incurredOn: 'public',
  category: 'public',
  amount: 'public',
  description: 'public',
  receiptReference: 'public',
  rebillable: 'public',
  internalNote: 'confidential',
  intercompany: 'internal',
  status: 'public',
  awaiting: 'public',
  submittedAt: 'public',
  managerDecidedByMembershipId: 'internal',
  managerDecidedAt: 'public',
  clientDecidedByMembershipId: 'public',
  clientDecidedAt: 'public',
  rejectionReason: 'public',
  approvedAt: 'public',
  billingState: 'internal',
  invoiceId: 'internal',
  createdAt: 'public',
  updatedAt: 'public',
} as const satisfies FieldClassification<Expense>);

const confidential = 'Confidential: absent below confidential clearance, and only written with it';
/** Internal fields are absent below internal clearance (a client's approver). */
const optionalInternal = Type.Optional;

export const ExpenseSchema = Type.Object({
  id: Id,
  personId: Id,
  personLegalEntityId: optionalInternal(Id),
  assignmentId: optionalInternal(Id),
  projectId: Id,
  contractId: optionalInternal(Id),
  clientId: Id,
  legalEntityId: optionalInternal(Id),
  practiceId: optionalInternal(Id),
  regionId: optionalInternal(Nullable(Id)),
  portfolioId: optionalInternal(Nullable(Id)),
  projectCurrency: Currency,
  incurredOn: Day,
  category: Category,
  amount: SpentSchema,
  description: Type.String(),
  receiptReference: Nullable(Type.String()),
  rebillable: Type.Boolean(),
  internalNote: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: confidential })),
  intercompany: optionalInternal(
    Type.Boolean({ description: "The spender's legal entity is not the project's: billing recharges it" }),
  ),
  status: Status,
  awaiting: Nullable(Approver),
  submittedAt: Nullable(Timestamp),
  managerDecidedByMembershipId: optionalInternal(Nullable(Id)),
  managerDecidedAt: Nullable(Timestamp),
  clientDecidedByMembershipId: Nullable(Id),
  clientDecidedAt: Nullable(Timestamp),
  rejectionReason: Nullable(Type.String()),
  approvedAt: Nullable(Timestamp),
  billingState: optionalInternal(
    Type.Union([Type.Literal('unbilled'), Type.Literal('billed'), Type.Literal('written_off')]),
  ),
  invoiceId: optionalInternal(Nullable(Id)),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

const Description = Type.String({ minLength: 1, maxLength: 2000 });
const ReceiptReference = Nullable(Type.String({ minLength: 1, maxLength: 200 }));
const InternalNote = Nullable(Type.String({ maxLength: 2000 }));

export const CreateExpenseBody = Type.Object(
  {
    projectId: Id,
    incurredOn: Day,
    category: Category,
    amount: SpentSchema,
    description: Description,
    receiptReference: Type.Optional(ReceiptReference),
    rebillable: Type.Optional(Type.Boolean()),
    internalNote: Type.Optional(InternalNote),
  },
  { additionalProperties: false },
);

export const UpdateExpenseBody = Type.Object(
  {
    incurredOn: Type.Optional(Day),
    category: Type.Optional(Category),
    amount: Type.Optional(SpentSchema),
    description: Type.Optional(Description),
    receiptReference: Type.Optional(ReceiptReference),
    rebillable: Type.Optional(Type.Boolean()),
    internalNote: Type.Optional(InternalNote),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RejectExpenseBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

/** `GET /api/v1/expenses` (and `/mine`): the list convention plus filters. */
export const ExpenseListQuery = Type.Object(
  {
    ...PageParams,
    status: Type.Optional(Status),
    projectId: Type.Optional(Id),
    personId: Type.Optional(Id),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    inbox: Type.Optional(
      Type.Boolean({
        description: 'Only the submitted expenses whose next decision is yours (your approver inbox)',
      }),
    ),
  },
  { additionalProperties: false },
);
