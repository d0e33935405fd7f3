import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { fieldsAboveClearance } from '../../platform/auth/field-projection.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { isoWeekStart } from './time-calendar.ts';
import {
  type Assignment,
  assignmentOn,
  assignmentsOf,
  findBooker,
  requireOpenPeriods,
  type TaskDirectory,
} from './time-lookups.ts';
import {
  auditRecord,
  entryEvent,
  entryView,
  presentEntry,
  type TimeEntry,
  type TimeEntryView,
} from './time-views.ts';
import {
  ensureTimesheet,
  findTimesheetRow,
  type Page,
  requireEditableTimesheet,
} from './timesheet.service.ts';
import { TIME_ENTRY_FIELD_CLASSIFICATION } from './timesheets.schema.ts';
import type { BillingState, TimeEntryTable, TimeStatus } from './timesheets.tables.ts';
import './timesheets.tables.ts';

export interface TimeEntryInput {
  readonly projectId: string;
  readonly taskId?: string | null;
  readonly date: string;
  readonly minutes: number;
  readonly billable?: boolean;
  readonly note?: string | null;
  readonly internalNote?: string | null;
}

export type TimeEntryPatch = Partial<Omit<TimeEntryInput, 'projectId'>>;

export interface TimeEntryFilters {
  readonly week?: string;
  readonly from?: string;
  readonly to?: string;
  readonly personId?: string;
  readonly projectId?: string;
  readonly timesheetId?: string;
  readonly status?: TimeStatus;
  readonly billingState?: BillingState;
}

/**
 * Books a block of the caller's own work: on a project they are assigned to on that day (422
 * otherwise), optionally on one of its tasks (`tasks`: readAssignedTasks; billable defaults to the
 * task's, else true), in a
 * month that is not closed (409), on their timesheet of that week (found or created; 409 when it
 * is submitted or approved). The entry carries the project's segments, copied from the
 * assignment, and the booker's legal entity and membership.
 */
export async function createTimeEntry(
  tx: TenantTransaction,
  input: TimeEntryInput,
  tasks: TaskDirectory,
): Promise<TimeEntryView> {
  requireClearanceToWrite(tx, input.internalNote ?? undefined);
  const person = await findBooker(tx);
  await requireOpenPeriods(tx, [input.date], '/body/date');
  const assignment = await requireAssignment(tx, person.id, input.projectId, input.date);
  const task = requireTask(input.taskId ?? null, input.projectId, tasks);
  const { row: week } = await ensureTimesheet(tx, person, isoWeekStart(input.date));
  // Locked (the entry is written next): a submit in progress finishes first, and is seen.
  const timesheet = await findTimesheetRow(tx, week.id, { forUpdate: true });
  requireEditableTimesheet(timesheet);
  const row = await insertEntry(tx, {
    timesheet,
    assignment,
    taskId: task?.id ?? null,
    date: input.date,
    minutes: input.minutes,
    billable: input.billable ?? task?.billable ?? true,
    note: input.note ?? null,
    internalNote: input.internalNote ?? null,
  });
  return entryView(presentEntry(row), tx.ctx.clearance);
}

/** What an insert of an entry needs once every rule was checked. */
export interface CheckedEntry {
  readonly timesheet: {
    id: string;
    person_id: string;
    person_legal_entity_id: string;
    person_membership_id: string | null;
    week_starts_on: string;
  };
  readonly assignment: Assignment;
  readonly taskId: string | null;
  readonly date: string;
  readonly minutes: number;
  readonly billable: boolean;
  readonly note: string | null;
  readonly internalNote: string | null;
}

/** Inserts a checked draft entry; audited as `time_entry.created` and announced. */
export async function insertEntry(
  tx: TenantTransaction,
  entry: CheckedEntry,
): Promise<Selectable<TimeEntryTable>> {
  const { timesheet, assignment } = entry;
  const row = await tx.db
    .insertInto('time_entries')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      timesheet_id: timesheet.id,
      week_starts_on: timesheet.week_starts_on,
      person_id: timesheet.person_id,
      person_legal_entity_id: timesheet.person_legal_entity_id,
      person_membership_id: timesheet.person_membership_id,
      assignment_id: assignment.id,
      project_id: assignment.projectId,
      task_id: entry.taskId,
      contract_id: assignment.contractId,
      client_id: assignment.clientId,
      legal_entity_id: assignment.legalEntityId,
      practice_id: assignment.practiceId,
      region_id: assignment.regionId,
      portfolio_id: assignment.portfolioId,
      currency: assignment.currency,
      work_date: entry.date,
      minutes: entry.minutes,
      billable: entry.billable,
      note: entry.note,
      internal_note: entry.internalNote,
      approved_at: null,
      invoice_id: null,
      invoice_line_id: null,
      billed_at: null,
      write_off_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const created = presentEntry(row);
  tx.audit({
    action: 'time_entry.created',
    resourceKind: 'time_entry',
    resourceId: row.id,
    after: auditRecord(created),
  });
  tx.emit({
    topic: 'time_entry.created',
    resourceKind: 'time_entry',
    resourceId: row.id,
    payload: entryEvent(created),
  });
  return row;
}

/** One entry the caller can see (by the project's scope, or their own), or NOT_FOUND. */
export async function getTimeEntry(tx: TenantTransaction, id: string): Promise<TimeEntryView> {
  return entryView(presentEntry(await findEntryRow(tx, id)), tx.ctx.clearance);
}

/** A page of the entries the caller can see, filtered, by id. */
export async function listTimeEntries(
  tx: TenantTransaction,
  page: Page,
  filters: TimeEntryFilters = {},
): Promise<{ items: TimeEntryView[]; nextCursor: string | null }> {
  let query = tx.db.selectFrom('time_entries').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (filters.week) query = query.where('week_starts_on', '=', isoWeekStart(filters.week));
  if (filters.from) query = query.where('work_date', '>=', filters.from);
  if (filters.to) query = query.where('work_date', '<=', filters.to);
  if (filters.personId) query = query.where('person_id', '=', filters.personId);
  if (filters.projectId) query = query.where('project_id', '=', filters.projectId);
  if (filters.timesheetId) query = query.where('timesheet_id', '=', filters.timesheetId);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (filters.billingState) query = query.where('billing_state', '=', filters.billingState);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  const rows = await query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
  const items = rows.slice(0, page.limit).map((row) => entryView(presentEntry(row), tx.ctx.clearance));
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}

/**
 * Changes the caller's own draft or rejected entry (409 once submitted or approved), within its
 * week, in open months only (the old date and the new); a new date or task is checked like a new
 * entry's. Audited with before and after.
 */
export async function updateTimeEntry(
  tx: TenantTransaction,
  id: string,
  patch: TimeEntryPatch,
  tasks: TaskDirectory,
): Promise<TimeEntryView> {
  const row = await findEntryRow(tx, id, { forUpdate: true });
  requireOwnEntry(tx, row);
  // Clearing the internal note (null) is writing it too.
  requireClearanceToWrite(tx, patch.internalNote);
  requireEditableEntry(row);
  const date = patch.date ?? row.work_date;
  if (isoWeekStart(date) !== row.week_starts_on) {
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: 'time_entry', id },
      {
        detail: `An entry stays in its week (${row.week_starts_on}): delete it and book it again in the other week.`,
        fieldProblems: [{ path: '/body/date', message: `must be in the week of ${row.week_starts_on}` }],
      },
    );
  }
  await requireOpenPeriods(tx, [...new Set([row.work_date, date])], '/body/date');
  const timesheet = await findTimesheetRow(tx, row.timesheet_id);
  requireEditableTimesheet(timesheet);
  const assignment =
    date === row.work_date ? null : await requireAssignment(tx, row.person_id, row.project_id, date);
  const task = patch.taskId ? requireTask(patch.taskId, row.project_id, tasks) : null;
  const before = presentEntry(row);
  const updated = await tx.db
    .updateTable('time_entries')
    .set({
      ...(patch.date !== undefined ? { work_date: patch.date } : {}),
      ...(assignment ? { assignment_id: assignment.id } : {}),
      ...(patch.taskId !== undefined ? { task_id: task?.id ?? null } : {}),
      ...(patch.minutes !== undefined ? { minutes: patch.minutes } : {}),
      ...(patch.billable !== undefined ? { billable: patch.billable } : {}),
      ...(patch.note !== undefined ? { note: patch.note } : {}),
      ...(patch.internalNote !== undefined ? { internal_note: patch.internalNote } : {}),
      updated_at: new Date(),
    })
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = presentEntry(updated);
  tx.audit({
    action: 'time_entry.updated',
    resourceKind: 'time_entry',
    resourceId: id,
    before: auditRecord(before),
    after: auditRecord(after),
  });
  tx.emit({
    topic: 'time_entry.updated',
    resourceKind: 'time_entry',
    resourceId: id,
    payload: entryEvent(after),
  });
  return entryView(after, tx.ctx.clearance);
}

/** Deletes the caller's own draft or rejected entry in an open month; audited with what it was. */
export async function deleteTimeEntry(tx: TenantTransaction, id: string): Promise<void> {
  const row = await findEntryRow(tx, id, { forUpdate: true });
  requireOwnEntry(tx, row);
  requireEditableEntry(row);
  await requireOpenPeriods(tx, [row.work_date], '/params/id');
  requireEditableTimesheet(await findTimesheetRow(tx, row.timesheet_id));
  await tx.db
    .deleteFrom('time_entries')
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const before = presentEntry(row);
  tx.audit({
    action: 'time_entry.deleted',
    resourceKind: 'time_entry',
    resourceId: id,
    before: auditRecord(before),
  });
  tx.emit({ topic: 'time_entry.deleted', resourceKind: 'time_entry', resourceId: id, payload: { id } });
}

/** The entry row, or NOT_FOUND when it does not exist or the caller cannot see it. */
export async function findEntryRow(
  tx: TenantTransaction,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Selectable<TimeEntryTable>> {
  let query = tx.db
    .selectFrom('time_entries')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'time_entry', id });
  return row;
}

function requireOwnEntry(tx: TenantTransaction, row: Selectable<TimeEntryTable>): void {
  if (row.person_membership_id === null || row.person_membership_id !== tx.ctx.actor.membershipId) {
    throw new AppError(
      'FORBIDDEN',
      { resource: 'time_entry', id: row.id },
      { detail: 'Only the person who booked an entry can change or delete it.' },
    );
  }
}

/** TIME_ENTRY_LOCKED unless the entry is a draft or was rejected: submitted and approved time is locked. */
export function requireEditableEntry(row: Selectable<TimeEntryTable>): void {
  if (row.status === 'draft' || row.status === 'rejected') return;
  throw new AppError(
    'TIME_ENTRY_LOCKED',
    { resource: 'time_entry', id: row.id, status: row.status },
    {
      detail:
        row.status === 'approved'
          ? 'The entry is approved: approved time is locked.'
          : 'The entry is submitted and awaits approval.',
    },
  );
}

/** The booker's assignment on the project covering the day, or 422 naming the project. */
async function requireAssignment(
  tx: TenantTransaction,
  personId: string,
  projectId: string,
  day: string,
): Promise<Assignment> {
  const assignment = assignmentOn(await assignmentsOf(tx, [personId], [projectId]), personId, projectId, day);
  if (!assignment) {
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: 'assignment', projectId, day },
      {
        detail: `Time is booked on a project you are assigned to: no assignment to this project covers ${day}.`,
        fieldProblems: [{ path: '/body/projectId', message: `no assignment of yours covers ${day}` }],
      },
    );
  }
  return assignment;
}

/** An open task of the project (from the tasks of the caller's assigned projects), or 422 naming it. */
function requireTask(taskId: string | null, projectId: string, tasks: TaskDirectory) {
  if (taskId === null) return null;
  const task = tasks.get(taskId);
  if (!task || task.projectId !== projectId) {
    throw new AppError(
      'REFERENCE_NOT_FOUND',
      { resource: 'project_task', id: taskId },
      { fieldProblems: [{ path: '/body/taskId', message: 'no such task of this project' }] },
    );
  }
  if (task.status === 'closed') {
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: 'project_task', id: taskId },
      { detail: 'The task is closed.', fieldProblems: [{ path: '/body/taskId', message: 'is closed' }] },
    );
  }
  return task;
}

function requireClearanceToWrite(tx: TenantTransaction, internalNote: string | null | undefined): void {
  const above = fieldsAboveClearance<TimeEntry>(
    { internalNote },
    TIME_ENTRY_FIELD_CLASSIFICATION,
    tx.ctx.clearance,
  );
  if (above.length > 0) {
    throw new AppError(
      'FORBIDDEN',
      { resource: 'time_entry', fields: above },
      { detail: `Your clearance does not allow writing: ${above.join(', ')}` },
    );
  }
}
