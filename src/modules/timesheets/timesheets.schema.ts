import { Type } from 'typebox';
import type { FieldClassification } from '../../platform/auth/field-projection.ts';
import { Nullable, PageParams } from '../../platform/http/index.ts';
import type { TimeApproval, TimeEntry, Timesheet } from './time-views.ts';

const Id = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const Timestamp = Type.String({ format: 'date-time' });
const Minutes = Type.Integer({ minimum: 1, maximum: 1440, description: 'Minutes of work, 1 to 1440' });
const Note = Type.String({ maxLength: 2000 });
/** `YYYY-MM`: a calendar month. */
export const MonthPattern = '^[0-9]{4}-(0[1-9]|1[0-2])$';
const Month = Type.String({ pattern: MonthPattern, description: 'A month, YYYY-MM' });

const TimeStatus = Type.Union([
  Type.Literal('draft'),
  Type.Literal('submitted'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
]);
const BillingState = Type.Union([
  Type.Literal('unbilled'),
  Type.Literal('billed'),
  Type.Literal('written_off'),
]);
const ApprovalStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('cancelled'),
]);
const Approver = Type.Union([
  Type.Literal('project_manager'),
  Type.Literal('practice_lead'),
  Type.Literal('client'),
]);
const Condition = Type.Union([
  Type.Literal('always'),
  Type.Literal('week_over_threshold'),
  Type.Literal('contract_requires_client'),
]);

const internal = 'Internal: absent below internal clearance (client approvers)';
const confidential = 'Confidential: absent below confidential clearance, and only written with it';

// ---- Time entries ----

/**
 * What a client approver (public clearance) sees of an entry: who, where, when, how long, billable
 * and the note; never the internal note (confidential), the segments or the billing details.
 */
export const TIME_ENTRY_FIELD_CLASSIFICATION = Object.freeze({
  id: 'public',
  timesheetId: 'public',
  weekStartsOn: 'public',
  personId: 'public',
  personLegalEntityId: 'internal',
  assignmentId: 'internal',
  projectId: 'public',
  taskId: 'public',
  contractId: 'internal',
  clientId: 'public',
  legalEntityId: 'internal',
  practiceId: 'internal',
  regionId: 'internal',
  portfolioId: 'internal',
  currency: 'internal',
  date: 'public',
  minutes: 'public',
  billable: 'public',
  note: 'public',
  internalNote: 'confidential',
  intercompany: 'internal',
  status: 'public',
  approvedAt: 'public',
  billingState: 'internal',
  invoiceId: 'internal',
  invoiceLineId: 'internal',
  billedAt: 'internal',
  writeOffReason: 'internal',
  createdAt: 'public',
  updatedAt: 'public',
} as const satisfies FieldClassification<TimeEntry>);

const opt = <T extends Parameters<typeof Type.Optional>[0]>(schema: T, description = internal) =>
  Type.Optional(Type.Union([schema, Type.Null()], { description }));

export const TimeEntrySchema = Type.Object({
  id: Id,
  timesheetId: Id,
  weekStartsOn: Day,
  personId: Id,
  personLegalEntityId: Type.Optional(Id),
  assignmentId: Type.Optional(Id),
  projectId: Id,
  taskId: Nullable(Id),
  contractId: Type.Optional(Id),
  clientId: Id,
  legalEntityId: Type.Optional(Id),
  practiceId: Type.Optional(Id),
  regionId: opt(Id),
  portfolioId: opt(Id),
  currency: Type.Optional(Type.String()),
  date: Day,
  minutes: Type.Integer(),
  billable: Type.Boolean(),
  note: Nullable(Type.String()),
  internalNote: opt(Type.String(), confidential),
  intercompany: Type.Optional(
    Type.Boolean({ description: "The booker's legal entity is not the project's: billing recharges it" }),
  ),
  status: TimeStatus,
  approvedAt: Nullable(Timestamp),
  billingState: Type.Optional(BillingState),
  invoiceId: opt(Id),
  invoiceLineId: opt(Id),
  billedAt: opt(Timestamp),
  writeOffReason: opt(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateTimeEntryBody = Type.Object(
  {
    projectId: Id,
    taskId: Type.Optional(Nullable(Id)),
    date: Day,
    minutes: Minutes,
    billable: Type.Optional(Type.Boolean({ description: "Default: the task's, else true" })),
    note: Type.Optional(Nullable(Note)),
    internalNote: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: confidential }))),
  },
  { additionalProperties: false },
);

export const UpdateTimeEntryBody = Type.Object(
  {
    taskId: Type.Optional(Nullable(Id)),
    date: Type.Optional(Day),
    minutes: Type.Optional(Minutes),
    billable: Type.Optional(Type.Boolean()),
    note: Type.Optional(Nullable(Note)),
    internalNote: Type.Optional(Nullable(Type.String({ maxLength: 2000, description: confidential }))),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TimeEntryListQuery = Type.Object(
  {
    ...PageParams,
    week: Type.Optional(Type.String({ format: 'date', description: 'Any day of the ISO week' })),
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    personId: Type.Optional(Id),
    projectId: Type.Optional(Id),
    timesheetId: Type.Optional(Id),
    status: Type.Optional(TimeStatus),
    billingState: Type.Optional(BillingState),
  },
  { additionalProperties: false },
);

export const ExportQuery = Type.Object({ from: Day, to: Day }, { additionalProperties: false });

// ---- Timesheets ----

export const TIMESHEET_FIELD_CLASSIFICATION = Object.freeze({
  id: 'public',
  personId: 'public',
  personLegalEntityId: 'internal',
  personPracticeId: 'internal',
  weekStartsOn: 'public',
  status: 'public',
  round: 'public',
  submittedAt: 'public',
  decidedAt: 'public',
  rejectionReason: 'public',
  totalMinutes: 'public',
  createdAt: 'public',
  updatedAt: 'public',
} as const satisfies FieldClassification<Timesheet>);

const TimesheetFields = {
  id: Id,
  personId: Id,
  personLegalEntityId: Type.Optional(Id),
  personPracticeId: opt(Id),
  weekStartsOn: Day,
  status: TimeStatus,
  round: Type.Integer({ description: 'How many times the week was submitted' }),
  submittedAt: Nullable(Timestamp),
  decidedAt: Nullable(Timestamp),
  rejectionReason: Nullable(Type.String()),
  totalMinutes: Type.Integer({ description: 'Minutes of the entries you can see' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};

export const TimesheetSchema = Type.Object(TimesheetFields);
export const TimesheetWithEntriesSchema = Type.Object({
  ...TimesheetFields,
  entries: Type.Array(TimeEntrySchema, { description: 'The entries of the week you can see' }),
});

export const OpenTimesheetBody = Type.Object(
  { weekStartsOn: Type.String({ format: 'date', description: 'The Monday of the ISO week' }) },
  { additionalProperties: false },
);

export const TimesheetListQuery = Type.Object(
  {
    ...PageParams,
    week: Type.Optional(Type.String({ format: 'date', description: 'Any day of the ISO week' })),
    personId: Type.Optional(Id),
    status: Type.Optional(TimeStatus),
  },
  { additionalProperties: false },
);

export const MyTimesheetsQuery = Type.Object(
  {
    ...PageParams,
    week: Type.Optional(Type.String({ format: 'date', description: 'Any day of the ISO week' })),
  },
  { additionalProperties: false },
);

// ---- Approvals ----

export const TIME_APPROVAL_FIELD_CLASSIFICATION = Object.freeze({
  id: 'public',
  timesheetId: 'public',
  round: 'public',
  position: 'public',
  approver: 'public',
  personId: 'public',
  weekStartsOn: 'public',
  projectId: 'public',
  contractId: 'internal',
  clientId: 'public',
  legalEntityId: 'internal',
  practiceId: 'internal',
  regionId: 'internal',
  portfolioId: 'internal',
  currency: 'internal',
  minutes: 'public',
  weekMinutes: 'internal',
  status: 'public',
  decidedAt: 'public',
  decidedByMembershipId: 'internal',
  reason: 'public',
  decidableByMe: 'public',
  createdAt: 'public',
} as const satisfies FieldClassification<TimeApproval>);

export const TimeApprovalSchema = Type.Object({
  id: Id,
  timesheetId: Id,
  round: Type.Integer(),
  position: Type.Integer(),
  approver: Approver,
  personId: Nullable(Id),
  weekStartsOn: Nullable(Day),
  projectId: Id,
  contractId: Type.Optional(Id),
  clientId: Id,
  legalEntityId: Type.Optional(Id),
  practiceId: Type.Optional(Id),
  regionId: opt(Id),
  portfolioId: opt(Id),
  currency: Type.Optional(Type.String()),
  minutes: Type.Integer({ description: "The project's minutes in the week" }),
  weekMinutes: Type.Optional(Type.Integer({ description: "The week's total minutes (internal)" })),
  status: ApprovalStatus,
  decidedAt: Nullable(Timestamp),
  decidedByMembershipId: opt(Id),
  reason: Nullable(Type.String()),
  decidableByMe: Type.Boolean({ description: 'You may approve or reject it now' }),
  createdAt: Timestamp,
});

export const ApprovalListQuery = Type.Object(
  {
    ...PageParams,
    status: Type.Optional(ApprovalStatus),
    decidableByMe: Type.Optional(Type.Boolean()),
    timesheetId: Type.Optional(Id),
    projectId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const RejectBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

// ---- The approval chain ----

export const ApprovalStepSchema = Type.Object({
  position: Type.Integer(),
  approver: Approver,
  condition: Condition,
  thresholdMinutes: Nullable(Type.Integer()),
});

export const ApprovalChainSchema = Type.Object({
  steps: Type.Array(ApprovalStepSchema),
  isDefault: Type.Boolean({ description: 'No chain configured: one project_manager step' }),
});

export const ReplaceChainBody = Type.Object(
  {
    steps: Type.Array(
      Type.Object(
        {
          approver: Approver,
          condition: Type.Optional(Condition),
          thresholdMinutes: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 10080 }))),
        },
        { additionalProperties: false },
      ),
      { maxItems: 20, description: 'In order; an empty list restores the default chain' },
    ),
  },
  { additionalProperties: false },
);

// ---- Closed periods ----

export const ClosedPeriodSchema = Type.Object({
  month: Type.String({ description: 'YYYY-MM' }),
  closedAt: Timestamp,
  closedByMembershipId: Nullable(Id),
});

export const MonthParams = Type.Object({ month: Month }, { additionalProperties: false });

export const PeriodListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Month),
  },
  { additionalProperties: false },
);

// ---- Import ----

export const ImportResultSchema = Type.Object({
  imported: Type.Integer(),
  timesheetsCreated: Type.Integer(),
  entryIds: Type.Array(Id),
});
