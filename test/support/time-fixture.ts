import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../src/platform/db/tenant-transaction.ts';

/**
 * Time entries (0007) for the tests of what reads them (reports, expenses), written straight
 * through the tenant transaction with an audit event, in the style of delivery-fixture.ts, so
 * that those tests do not depend on the timesheets API. Each entry goes into its person's
 * timesheet of the ISO week (created as a draft header when missing); the entry's own status is
 * set directly (`approved` also sets `approved_at`), as the approval chain would have left it.
 */

export interface TimeEntryRowInput {
  readonly assignmentId: string;
  readonly workDate: string;
  readonly minutes: number;
  readonly billable?: boolean;
  readonly status?: 'draft' | 'submitted' | 'approved' | 'rejected';
  readonly taskId?: string | null;
  readonly note?: string | null;
  readonly internalNote?: string | null;
}

/** Inserts one time entry under an assignment (its project's segments, its person's entity and membership). */
export async function insertTimeEntryRow(tx: TenantTransaction, input: TimeEntryRowInput): Promise<string> {
  const timesheetId = await timesheetOf(tx, input.assignmentId, input.workDate);
  const id = uuidv7();
  const status = input.status ?? 'approved';
  await sql`
    INSERT INTO time_entries (tenant_id, id, timesheet_id, week_starts_on, person_id, person_legal_entity_id,
      person_membership_id, assignment_id, project_id, task_id, contract_id, client_id, legal_entity_id,
      practice_id, region_id, portfolio_id, currency, work_date, minutes, billable, note, internal_note,
      status, approved_at)
    SELECT a.tenant_id, ${id}, ts.id, ts.week_starts_on, a.person_id, a.person_legal_entity_id,
      a.person_membership_id, a.id, a.project_id, ${input.taskId ?? null}, a.contract_id, a.client_id,
      a.legal_entity_id, a.practice_id, a.region_id, a.portfolio_id, a.currency, ${input.workDate}::date,
      ${input.minutes}, ${input.billable ?? true}, ${input.note ?? null}, ${input.internalNote ?? null},
      ${status}, ${status === 'approved' ? sql`now()` : sql`NULL`}
    FROM assignments a, timesheets ts
    WHERE a.tenant_id = ${tx.ctx.tenantId} AND a.id = ${input.assignmentId}
      AND ts.tenant_id = a.tenant_id AND ts.id = ${timesheetId}`.execute(tx.db);
  tx.audit({ action: 'time_entry.created', resourceKind: 'time_entry', resourceId: id, after: { id } });
  return id;
}

/** The person's timesheet of the ISO week of `day`, created (draft) when missing. */
async function timesheetOf(tx: TenantTransaction, assignmentId: string, day: string): Promise<string> {
  const week = sql`(${day}::date - (extract(isodow FROM ${day}::date)::int - 1))`;
  await sql`
    INSERT INTO timesheets (tenant_id, id, person_id, person_legal_entity_id, person_practice_id,
      person_membership_id, week_starts_on)
    SELECT a.tenant_id, ${uuidv7()}, a.person_id, a.person_legal_entity_id, pe.practice_id,
      a.person_membership_id, ${week}
    FROM assignments a JOIN people pe ON pe.tenant_id = a.tenant_id AND pe.id = a.person_id
    WHERE a.tenant_id = ${tx.ctx.tenantId} AND a.id = ${assignmentId}
    ON CONFLICT (tenant_id, person_id, week_starts_on) DO NOTHING`.execute(tx.db);
  const { rows } = await sql<{ id: string }>`
    SELECT ts.id FROM timesheets ts JOIN assignments a ON a.tenant_id = ts.tenant_id AND a.person_id = ts.person_id
    WHERE a.tenant_id = ${tx.ctx.tenantId} AND a.id = ${assignmentId} AND ts.week_starts_on = ${week}`.execute(
    tx.db,
  );
  const id = rows[0]?.id;
  if (!id) throw new Error(`no assignment ${assignmentId} visible to the fixture`);
  return id;
}

/** Sets what staffing and reports read of a person (0006): weekly capacity and role. */
export async function setPersonCapacity(
  tx: TenantTransaction,
  personId: string,
  input: { capacityMinutesPerWeek: number; role?: string | null },
): Promise<void> {
  await sql`
    UPDATE people SET capacity_minutes_per_week = ${input.capacityMinutesPerWeek}, role = ${input.role ?? null}
    WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${personId}`.execute(tx.db);
  tx.audit({ action: 'person.updated', resourceKind: 'person', resourceId: personId, after: input });
}

/**
 * Inserts one time entry of a person on a project (approved and billable unless told otherwise),
 * under the person's assignment to the project, as `insertTimeEntryRow` does.
 */
export async function insertTimeOf(
  tx: TenantTransaction,
  input: Omit<TimeEntryRowInput, 'assignmentId'> & { readonly personId: string; readonly projectId: string },
): Promise<string> {
  const { personId, projectId, ...entry } = input;
  const { rows } = await sql<{ id: string }>`SELECT id FROM assignments
    WHERE tenant_id = ${tx.ctx.tenantId} AND person_id = ${personId} AND project_id = ${projectId}
    ORDER BY starts_on LIMIT 1`.execute(tx.db);
  const assignmentId = rows[0]?.id;
  if (!assignmentId) throw new Error(`no assignment of ${personId} on ${projectId} visible to the fixture`);
  return insertTimeEntryRow(tx, { note: 'Work', ...entry, assignmentId });
}
