import { Type } from 'typebox';
import type { FieldClassification } from '../../platform/auth/field-projection.ts';
import { Nullable } from '../../platform/http/index.ts';
import type { Contact } from './contact.service.ts';

const Id = Type.String({ format: 'uuid' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Day = Type.String({ format: 'date' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });
const Timestamp = Type.String({ format: 'date-time' });

/** Money (API.md): integer minor units and an ISO 4217 currency. */
export const MoneySchema = Type.Object(
  {
    amountMinor: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    currency: Currency,
  },
  { additionalProperties: false },
);

// ---- Contacts ----

/** A contact's name, title and approver flag are what the client's own approver sees; email and phone are confidential. */
export const CONTACT_FIELD_CLASSIFICATION = Object.freeze({
  id: 'public',
  clientId: 'public',
  legalEntityId: 'internal',
  regionId: 'internal',
  name: 'public',
  email: 'confidential',
  phone: 'confidential',
  title: 'public',
  isApprover: 'public',
  membershipId: 'internal',
  createdAt: 'public',
  updatedAt: 'public',
} as const satisfies FieldClassification<Contact>);

const Email = Nullable(Type.String({ format: 'email', maxLength: 320 }));
const Phone = Nullable(Type.String({ minLength: 1, maxLength: 50 }));
const Title = Nullable(Type.String({ minLength: 1, maxLength: 200 }));
const confidential = 'Confidential: absent below confidential clearance, and only written with it';

export const ContactSchema = Type.Object({
  id: Id,
  clientId: Id,
  legalEntityId: Type.Optional(Id),
  regionId: Type.Optional(Nullable(Id)),
  name: Name,
  email: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: confidential })),
  phone: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: confidential })),
  title: Nullable(Type.String()),
  isApprover: Type.Boolean(),
  membershipId: Type.Optional(Nullable(Id)),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateContactBody = Type.Object(
  {
    clientId: Id,
    name: Name,
    email: Type.Optional(Email),
    phone: Type.Optional(Phone),
    title: Type.Optional(Title),
    isApprover: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UpdateContactBody = Type.Object(
  {
    name: Type.Optional(Name),
    email: Type.Optional(Email),
    phone: Type.Optional(Phone),
    title: Type.Optional(Title),
    isApprover: Type.Optional(Type.Boolean()),
    membershipId: Type.Optional(
      Type.Union([Id, Type.Null()], {
        description:
          "The client approver's membership: a client membership scoped to this contact's client; null unlinks",
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);

// ---- Contracts ----

const BillingModel = Type.Union([
  Type.Literal('time_and_materials'),
  Type.Literal('fixed_fee'),
  Type.Literal('retainer'),
  Type.Literal('subscription'),
]);
const ContractStatus = Type.Union([Type.Literal('draft'), Type.Literal('active'), Type.Literal('closed')]);
const BudgetMinutes = Nullable(Type.Integer({ minimum: 0, maximum: 2_147_483_647 }));

export const ContractSchema = Type.Object({
  id: Id,
  clientId: Id,
  legalEntityId: Id,
  practiceId: Id,
  regionId: Nullable(Id),
  name: Name,
  currency: Currency,
  billingModel: BillingModel,
  startsOn: Day,
  endsOn: Nullable(Day),
  cap: Nullable(MoneySchema),
  budgetMinutes: BudgetMinutes,
  clientApprovalRequired: Type.Boolean(),
  status: ContractStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateContractBody = Type.Object(
  {
    clientId: Id,
    legalEntityId: Id,
    practiceId: Id,
    name: Name,
    currency: Currency,
    billingModel: BillingModel,
    startsOn: Day,
    endsOn: Type.Optional(Nullable(Day)),
    cap: Type.Optional(Nullable(MoneySchema)),
    budgetMinutes: Type.Optional(BudgetMinutes),
    clientApprovalRequired: Type.Optional(Type.Boolean()),
    status: Type.Optional(ContractStatus),
  },
  { additionalProperties: false },
);

export const UpdateContractBody = Type.Object(
  {
    name: Type.Optional(Name),
    billingModel: Type.Optional(BillingModel),
    startsOn: Type.Optional(Day),
    endsOn: Type.Optional(Nullable(Day)),
    cap: Type.Optional(Nullable(MoneySchema)),
    budgetMinutes: Type.Optional(BudgetMinutes),
    clientApprovalRequired: Type.Optional(Type.Boolean()),
    status: Type.Optional(ContractStatus),
  },
  { additionalProperties: false, minProperties: 1 },
);

// ---- Rate cards ----

export const RateCardSchema = Type.Object({
  id: Id,
  contractId: Type.Union([Id, Type.Null()], {
    description: 'Null: the tenant default card for its currency',
  }),
  currency: Currency,
  name: Name,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateRateCardBody = Type.Object(
  {
    name: Name,
    contractId: Type.Optional(Nullable(Id)),
    currency: Type.Optional(Currency),
  },
  { additionalProperties: false },
);

export const UpdateRateCardBody = Type.Object({ name: Name }, { additionalProperties: false });

export const RateSchema = Type.Object({
  id: Id,
  rateCardId: Id,
  role: Nullable(Type.String()),
  personId: Nullable(Id),
  hourlyRate: MoneySchema,
  validFrom: Day,
  validUntil: Type.Union([Day, Type.Null()], { description: 'Inclusive; null: open-ended' }),
});

export const CreateRateBody = Type.Object(
  {
    role: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    personId: Type.Optional(Id),
    hourlyRate: MoneySchema,
    validFrom: Day,
    validUntil: Type.Optional(Nullable(Day)),
  },
  { additionalProperties: false },
);
