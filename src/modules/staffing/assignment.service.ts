import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type Projected, projectFields } from '../../platform/auth/field-projection.ts';
import { toPage } from '../../platform/db/keyset-page.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { UnprocessableRequest } from '../contracts/index.ts';
import { findProject, requireOrderedDates, requireProject, requireVisible } from '../projects/index.ts';
import { getPerson } from '../resources/index.ts';
import { ASSIGNMENT_FIELD_CLASSIFICATION } from './staffing.schema.ts';
import type { AssignmentTable } from './staffing.tables.ts';
import './staffing.tables.ts';

/** A person staffed on a project for a share of their week between two dates. */
export interface Assignment {
  readonly id: string;
  readonly projectId: string;
  readonly personId: string;
  /** The person's legal entity: when it is not the project's, their time is inter-company. */
  readonly personLegalEntityId: string;
  readonly role: string | null;
  readonly allocationPercent: number;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type AssignmentView = Projected<Assignment, typeof ASSIGNMENT_FIELD_CLASSIFICATION>;

export interface AssignmentInput {
  readonly projectId: string;
  readonly personId: string;
  readonly role?: string | null;
  readonly allocationPercent: number;
  readonly startsOn: string;
  readonly endsOn: string;
}

export type AssignmentPatch = Partial<
  Pick<AssignmentInput, 'role' | 'allocationPercent' | 'startsOn' | 'endsOn'>
>;

export interface AssignmentFilters {
  readonly projectId?: string;
  readonly personId?: string;
}

/**
 * Staffs a person the caller can see on a project the caller can see (422 naming the field
 * otherwise). The person must be active and the dates within the project's (422). The row carries
 * the project's segments, the person's legal entity (any: inter-company staffing is allowed) and
 * their membership, through which they see their own assignment in any practice.
 */
export async function createAssignment(
  tx: TenantTransaction,
  input: AssignmentInput,
): Promise<AssignmentView> {
  requireOrderedDates('assignment', input.startsOn, input.endsOn);
  const project = await requireProject(tx, input.projectId);
  const person = await requireVisible(
    () => getPerson(tx, input.personId),
    'person',
    input.personId,
    '/body/personId',
  );
  if (person.status !== 'active')
    throw new UnprocessableRequest(
      { resource: 'assignment', personId: person.id },
      'Only an active person is staffed',
      [{ path: '/body/personId', message: 'has left' }],
    );
  requireWithinProject(project, input.startsOn, input.endsOn, {
    startsOn: '/body/startsOn',
    endsOn: '/body/endsOn',
  });
  const row = await tx.db
    .insertInto('assignments')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      project_id: project.id,
      contract_id: project.contract_id,
      client_id: project.client_id,
      legal_entity_id: project.legal_entity_id,
      practice_id: project.practice_id,
      region_id: project.region_id,
      portfolio_id: project.portfolio_id,
      currency: project.currency,
      person_id: person.id,
      person_legal_entity_id: person.legalEntityId,
      person_membership_id: person.membershipId,
      role: input.role ?? null,
      allocation_percent: input.allocationPercent,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const assignment = present(row);
  tx.audit({
    action: 'assignment.created',
    resourceKind: 'assignment',
    resourceId: assignment.id,
    after: record(assignment),
  });
  tx.emit({
    topic: 'assignment.created',
    resourceKind: 'assignment',
    resourceId: assignment.id,
    payload: { assignment },
  });
  return view(tx, assignment);
}

/** One assignment: in the caller's scope through its project, or the caller's own. */
export async function getAssignment(tx: TenantTransaction, id: string): Promise<AssignmentView> {
  return view(tx, present(await findAssignment(tx, id)));
}

/** A page of the assignments the caller may see (in scope, or their own), by id. */
export async function listAssignments(
  tx: TenantTransaction,
  page: { limit: number; cursor: string | null },
  filters: AssignmentFilters = {},
): Promise<{ items: AssignmentView[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('assignments').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (filters.projectId) query = query.where('project_id', '=', filters.projectId);
  if (filters.personId) query = query.where('person_id', '=', filters.personId);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  return toPage(rows, page.limit, (row) => view(tx, present(row)));
}

/**
 * Changes an assignment's role, allocation or dates (not its person or project); the dates are
 * checked together with the unchanged ones, within the project's. Audited with before and after.
 */
export async function updateAssignment(
  tx: TenantTransaction,
  id: string,
  patch: AssignmentPatch,
): Promise<AssignmentView> {
  const row = await findAssignment(tx, id);
  const before = present(row);
  const startsOn = patch.startsOn ?? before.startsOn;
  const endsOn = patch.endsOn ?? before.endsOn;
  if (patch.startsOn !== undefined || patch.endsOn !== undefined) {
    requireOrderedDates('assignment', startsOn, endsOn, patch.endsOn ? '/body/endsOn' : '/body/startsOn');
    // The project of one's own assignment may be out of scope: its dates are read through the row's key.
    const project = await findProject(tx, row.project_id).catch(() => null);
    if (project)
      requireWithinProject(project, startsOn, endsOn, {
        startsOn: patch.startsOn ? '/body/startsOn' : '/body/endsOn',
        endsOn: patch.endsOn ? '/body/endsOn' : '/body/startsOn',
      });
  }
  const updated = await tx.db
    .updateTable('assignments')
    .set({
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.allocationPercent !== undefined ? { allocation_percent: patch.allocationPercent } : {}),
      ...(patch.startsOn !== undefined ? { starts_on: patch.startsOn } : {}),
      ...(patch.endsOn !== undefined ? { ends_on: patch.endsOn } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new AppError('NOT_FOUND', { resource: 'assignment', id });
  const assignment = present(updated);
  tx.audit({
    action: 'assignment.updated',
    resourceKind: 'assignment',
    resourceId: id,
    before: record(before),
    after: record(assignment),
  });
  tx.emit({
    topic: 'assignment.updated',
    resourceKind: 'assignment',
    resourceId: id,
    payload: { assignment },
  });
  return view(tx, assignment);
}

async function findAssignment(tx: TenantTransaction, id: string): Promise<Selectable<AssignmentTable>> {
  const row = await tx.db
    .selectFrom('assignments')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'assignment', id });
  return row;
}

function requireWithinProject(
  project: { starts_on: string; ends_on: string | null },
  startsOn: string,
  endsOn: string,
  paths: { startsOn: string; endsOn: string },
): void {
  const problems = [
    ...(startsOn < project.starts_on
      ? [{ path: paths.startsOn, message: `must not be before the project starts (${project.starts_on})` }]
      : []),
    ...(project.ends_on !== null && endsOn > project.ends_on
      ? [{ path: paths.endsOn, message: `must not be after the project ends (${project.ends_on})` }]
      : []),
  ];
  if (problems.length > 0)
    throw new UnprocessableRequest(
      { resource: 'assignment' },
      "An assignment lies within its project's dates",
      problems,
    );
}

function present(row: Selectable<AssignmentTable>): Assignment {
  return {
    id: row.id,
    projectId: row.project_id,
    personId: row.person_id,
    personLegalEntityId: row.person_legal_entity_id,
    role: row.role,
    allocationPercent: row.allocation_percent,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function view(tx: TenantTransaction, assignment: Assignment): AssignmentView {
  return projectFields(assignment, ASSIGNMENT_FIELD_CLASSIFICATION, tx.ctx.clearance);
}

function record(assignment: Assignment): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...fields } = assignment;
  return fields;
}

/**
 * Carries a person's (newly linked) membership to their assignments, through which they see
 * them as their own. The cascading key follows a change of membership, but not a first link
 * (a NULL key matches nothing): whoever links a person to a membership calls this. Audited.
 */
export async function carryPersonMembership(tx: TenantTransaction, personId: string): Promise<number> {
  const person = await tx.db
    .selectFrom('people')
    .select(['id', 'membership_id'])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!person) throw new AppError('NOT_FOUND', { resource: 'person', id: personId });
  const carried = await tx.db
    .updateTable('assignments')
    .set({ person_membership_id: person.membership_id, updated_at: new Date() })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('person_id', '=', person.id)
    .where((eb) =>
      person.membership_id === null
        ? eb('person_membership_id', 'is not', null)
        : eb.or([
            eb('person_membership_id', 'is', null),
            eb('person_membership_id', '<>', person.membership_id),
          ]),
    )
    .returning('id')
    .execute();
  for (const { id } of carried)
    tx.audit({
      action: 'assignment.membership_carried',
      resourceKind: 'assignment',
      resourceId: id,
      after: { personId: person.id },
    });
  return carried.length;
}
