import { Type } from 'typebox';
import type { FieldClassification } from '../../platform/auth/field-projection.ts';
import { Nullable } from '../../platform/http/index.ts';
import type { Milestone } from './milestone.service.ts';
import type { Project } from './project.service.ts';
import type { ProjectTask } from './project-task.service.ts';

const Id = Type.String({ format: 'uuid' });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Day = Type.String({ format: 'date' });
const Timestamp = Type.String({ format: 'date-time' });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217' });
const Minutes = Type.Integer({ minimum: 0, maximum: 2_147_483_647 });

/** Money (API.md): integer minor units and an ISO 4217 currency. */
const Money = Type.Object(
  {
    amountMinor: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    currency: Currency,
  },
  { additionalProperties: false },
);

// ---- Projects ----

/**
 * Who sees which field of a project. A client's approver (public clearance) sees what the project
 * is, its dates and status; the firm's staff see its segments, manager and budgets; the internal
 * notes are confidential.
 */
export const PROJECT_FIELD_CLASSIFICATION = Object.freeze({
  id: 'public',
  contractId: 'public',
  clientId: 'public',
  legalEntityId: 'internal',
  practiceId: 'internal',
  regionId: 'internal',
  portfolioId: 'internal',
  currency: 'public',
  code: 'public',
  name: 'public',
  managerPersonId: 'internal',
  status: 'public',
  startsOn: 'public',
  endsOn: 'public',
  budgetMinutes: 'internal',
  budget: 'internal',
  internalNotes: 'confidential',
  createdAt: 'public',
  updatedAt: 'public',
} as const satisfies FieldClassification<Project>);

const ProjectStatus = Type.Union([
  Type.Literal('planned'),
  Type.Literal('active'),
  Type.Literal('on_hold'),
  Type.Literal('completed'),
  Type.Literal('cancelled'),
]);
const Code = Type.String({
  pattern: '^[A-Z0-9]+(-[A-Z0-9]+)*$',
  maxLength: 32,
  description: 'Upper-case letters and digits, parts joined by hyphens: `GLX-PRICING`; unique in the tenant',
});
const InternalNotes = Nullable(Type.String({ maxLength: 4000 }));
const confidential = 'Confidential: absent below confidential clearance, and only written with it';

/** A project; fields above public are optional, since a masked response leaves them out. */
export const ProjectSchema = Type.Object({
  id: Id,
  contractId: Id,
  clientId: Id,
  legalEntityId: Type.Optional(Id),
  practiceId: Type.Optional(Id),
  regionId: Type.Optional(Nullable(Id)),
  portfolioId: Type.Optional(Nullable(Id)),
  currency: Currency,
  code: Code,
  name: Name,
  managerPersonId: Type.Optional(Nullable(Id)),
  status: ProjectStatus,
  startsOn: Day,
  endsOn: Nullable(Day),
  budgetMinutes: Type.Optional(Nullable(Minutes)),
  budget: Type.Optional(Nullable(Money)),
  internalNotes: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: confidential })),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateProjectBody = Type.Object(
  {
    contractId: Id,
    practiceId: Id,
    portfolioId: Type.Optional(Nullable(Id)),
    code: Code,
    name: Name,
    managerPersonId: Type.Optional(Nullable(Id)),
    status: Type.Optional(ProjectStatus),
    startsOn: Day,
    endsOn: Type.Optional(Nullable(Day)),
    budgetMinutes: Type.Optional(Nullable(Minutes)),
    budget: Type.Optional(Nullable(Money)),
    internalNotes: Type.Optional(InternalNotes),
  },
  { additionalProperties: false },
);

export const UpdateProjectBody = Type.Object(
  {
    practiceId: Type.Optional(Id),
    portfolioId: Type.Optional(Nullable(Id)),
    code: Type.Optional(Code),
    name: Type.Optional(Name),
    managerPersonId: Type.Optional(Nullable(Id)),
    status: Type.Optional(ProjectStatus),
    startsOn: Type.Optional(Day),
    endsOn: Type.Optional(Nullable(Day)),
    budgetMinutes: Type.Optional(Nullable(Minutes)),
    budget: Type.Optional(Nullable(Money)),
    internalNotes: Type.Optional(InternalNotes),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const ProjectFilters = Type.Object({
  contractId: Type.Optional(Id),
  clientId: Type.Optional(Id),
  practiceId: Type.Optional(Id),
  portfolioId: Type.Optional(Id),
  status: Type.Optional(ProjectStatus),
});

// ---- Tasks ----

/** A task's budget is the firm's business; the rest is what the client sees of the work. */
export const TASK_FIELD_CLASSIFICATION = Object.freeze({
  id: 'public',
  projectId: 'public',
  name: 'public',
  billable: 'public',
  budgetMinutes: 'internal',
  status: 'public',
  createdAt: 'public',
  updatedAt: 'public',
} as const satisfies FieldClassification<ProjectTask>);

const TaskStatus = Type.Union([Type.Literal('open'), Type.Literal('closed')]);

export const TaskSchema = Type.Object({
  id: Id,
  projectId: Id,
  name: Name,
  billable: Type.Boolean(),
  budgetMinutes: Type.Optional(Nullable(Minutes)),
  status: TaskStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateTaskBody = Type.Object(
  {
    projectId: Id,
    name: Name,
    billable: Type.Optional(Type.Boolean()),
    budgetMinutes: Type.Optional(Nullable(Minutes)),
  },
  { additionalProperties: false },
);

export const UpdateTaskBody = Type.Object(
  {
    name: Type.Optional(Name),
    billable: Type.Optional(Type.Boolean()),
    budgetMinutes: Type.Optional(Nullable(Minutes)),
    status: Type.Optional(TaskStatus),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TaskFilters = Type.Object({ projectId: Type.Optional(Id), status: Type.Optional(TaskStatus) });

// ---- Milestones ----

/** A milestone's amount and decision are what the client accepts: public. Who decided is internal. */
export const MILESTONE_FIELD_CLASSIFICATION = Object.freeze({
  id: 'public',
  projectId: 'public',
  name: 'public',
  amount: 'public',
  dueOn: 'public',
  status: 'public',
  decidedAt: 'public',
  decidedByMembershipId: 'internal',
  decisionNote: 'public',
  createdAt: 'public',
  updatedAt: 'public',
} as const satisfies FieldClassification<Milestone>);

const MilestoneStatus = Type.Union([
  Type.Literal('planned'),
  Type.Literal('ready'),
  Type.Literal('accepted'),
  Type.Literal('rejected'),
]);

export const MilestoneSchema = Type.Object({
  id: Id,
  projectId: Id,
  name: Name,
  amount: Money,
  dueOn: Day,
  status: MilestoneStatus,
  decidedAt: Nullable(Timestamp),
  decidedByMembershipId: Type.Optional(Nullable(Id)),
  decisionNote: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const CreateMilestoneBody = Type.Object(
  { projectId: Id, name: Name, amount: Money, dueOn: Day },
  { additionalProperties: false },
);

export const UpdateMilestoneBody = Type.Object(
  { name: Type.Optional(Name), amount: Type.Optional(Money), dueOn: Type.Optional(Day) },
  { additionalProperties: false, minProperties: 1 },
);

export const MilestoneFilters = Type.Object({
  projectId: Type.Optional(Id),
  status: Type.Optional(MilestoneStatus),
});

const Note = Type.String({ minLength: 1, maxLength: 2000 });

/** Marking ready takes nothing; accepting may say why; rejecting must. */
export const ReadyMilestoneBody = Type.Object({}, { additionalProperties: false });
export const AcceptMilestoneBody = Type.Object(
  { note: Type.Optional(Note) },
  { additionalProperties: false },
);
export const RejectMilestoneBody = Type.Object({ note: Note }, { additionalProperties: false });
