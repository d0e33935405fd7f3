import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { addDays, type TimePlan } from './plan-time.ts';
import type { DatasetIds } from './seed-dataset.ts';

/**
 * The dataset's past weeks, written as history in a few set-based statements (thousands of rows
 * would take minutes one service call at a time on the embedded database): every row is checked
 * by the same keys and constraints as the services' writes — segments carried from the
 * assignment, the week and the person from the timesheet — and each timesheet and expense gets
 * its audit event. Weeks before the last are approved by the project's manager; the last week is
 * submitted and waits in the managers' inboxes.
 */
export async function insertTimeHistory(
  tx: TenantTransaction,
  plan: TimePlan,
  ids: DatasetIds,
): Promise<{ timesheets: number; timeEntries: number }> {
  const lastWeek = plan.weeks[plan.weeks.length - 1];
  const sheets = new Map<string, { id: string; person: string; week: string; minutes: number }>();
  const entries = plan.entries.map((entry) => {
    const week = mondayOf(entry.workDate);
    const key = `${entry.person}/${week}`;
    let sheet = sheets.get(key);
    if (!sheet) {
      sheet = { id: uuidv7(), person: entry.person, week, minutes: 0 };
      sheets.set(key, sheet);
    }
    sheet.minutes += entry.minutes;
    return {
      id: uuidv7(),
      timesheet_id: sheet.id,
      assignment_id: required(ids.assignments, `${entry.project}/${entry.person}`),
      task_id: required(ids.tasks, `${entry.project}/${entry.task}`),
      work_date: entry.workDate,
      minutes: entry.minutes,
      billable: entry.billable,
      note: entry.note,
      approved: week !== lastWeek,
      approved_at: `${addDays(week, 8)}T10:00:00Z`,
    };
  });
  const timesheetRows = [...sheets.values()].map((sheet) => ({
    id: sheet.id,
    person_id: required(ids.people, sheet.person),
    week: sheet.week,
    approved: sheet.week !== lastWeek,
    submitted_at: `${addDays(sheet.week, 4)}T17:00:00Z`,
    decided_at: `${addDays(sheet.week, 8)}T10:00:00Z`,
  }));
  const tenant = tx.ctx.tenantId;
  await sql`
    INSERT INTO timesheets (tenant_id, id, person_id, person_legal_entity_id, person_practice_id,
      person_membership_id, week_starts_on, status, round, submitted_at, decided_at)
    SELECT ${tenant}, t.id, p.id, p.legal_entity_id, p.practice_id, p.membership_id, t.week,
      CASE WHEN t.approved THEN 'approved' ELSE 'submitted' END, 1, t.submitted_at,
      CASE WHEN t.approved THEN t.decided_at END
    FROM jsonb_to_recordset(${JSON.stringify(timesheetRows)}::jsonb)
      AS t(id uuid, person_id uuid, week date, approved boolean, submitted_at timestamptz, decided_at timestamptz)
    JOIN people p ON p.tenant_id = ${tenant} AND p.id = t.person_id`.execute(tx.db);
  await sql`
    INSERT INTO time_entries (tenant_id, id, timesheet_id, week_starts_on, person_id, person_legal_entity_id,
      person_membership_id, assignment_id, project_id, task_id, contract_id, client_id, legal_entity_id,
      practice_id, region_id, portfolio_id, currency, work_date, minutes, billable, note, status, approved_at)
    SELECT ${tenant}, e.id, ts.id, ts.week_starts_on, a.person_id, a.person_legal_entity_id, a.person_membership_id,
      a.id, a.project_id, e.task_id, a.contract_id, a.client_id, a.legal_entity_id, a.practice_id, a.region_id,
      a.portfolio_id, a.currency, e.work_date, e.minutes, e.billable, e.note,
      CASE WHEN e.approved THEN 'approved' ELSE 'submitted' END, CASE WHEN e.approved THEN e.approved_at END
    FROM jsonb_to_recordset(${JSON.stringify(entries)}::jsonb)
      AS e(id uuid, timesheet_id uuid, assignment_id uuid, task_id uuid, work_date date, minutes integer,
           billable boolean, note text, approved boolean, approved_at timestamptz)
    JOIN assignments a ON a.tenant_id = ${tenant} AND a.id = e.assignment_id
    JOIN timesheets ts ON ts.tenant_id = ${tenant} AND ts.id = e.timesheet_id`.execute(tx.db);
  // One approval record per timesheet and project: the project manager's step of round 1.
  await sql`
    INSERT INTO time_approvals (tenant_id, id, timesheet_id, round, position, approver, person_membership_id,
      project_id, contract_id, client_id, legal_entity_id, practice_id, region_id, portfolio_id, currency,
      minutes, week_minutes, status, decided_at, decided_by_membership_id)
    SELECT ${tenant}, gen_random_uuid(), g.timesheet_id, 1, 1, 'project_manager', ts.person_membership_id,
      p.id, p.contract_id, p.client_id, p.legal_entity_id, p.practice_id, p.region_id, p.portfolio_id,
      p.currency, g.minutes, g.week_minutes,
      CASE WHEN ts.status = 'approved' THEN 'approved' ELSE 'pending' END,
      CASE WHEN ts.status = 'approved' THEN ts.decided_at END,
      CASE WHEN ts.status = 'approved' THEN m.membership_id END
    FROM (
      SELECT e.timesheet_id, e.project_id, sum(e.minutes)::int AS minutes,
        sum(sum(e.minutes)) OVER (PARTITION BY e.timesheet_id)::int AS week_minutes
      FROM time_entries e WHERE e.tenant_id = ${tenant}
        AND e.timesheet_id = ANY (${[...sheets.values()].map((s) => s.id)}::uuid[])
      GROUP BY e.timesheet_id, e.project_id
    ) g
    JOIN timesheets ts ON ts.tenant_id = ${tenant} AND ts.id = g.timesheet_id
    JOIN projects p ON p.tenant_id = ${tenant} AND p.id = g.project_id
    LEFT JOIN people m ON m.tenant_id = ${tenant} AND m.id = p.manager_person_id`.execute(tx.db);
  for (const sheet of timesheetRows)
    tx.audit({
      action: 'timesheet.imported',
      resourceKind: 'timesheet',
      resourceId: sheet.id,
      after: {
        weekStartsOn: sheet.week,
        status: sheet.approved ? 'approved' : 'submitted',
        source: 'demo dataset',
      },
    });
  return { timesheets: timesheetRows.length, timeEntries: entries.length };
}

/** The dataset's re-billable travel, approved by the project's manager (and the client where required). */
export async function insertExpenses(
  tx: TenantTransaction,
  plan: TimePlan,
  ids: DatasetIds,
): Promise<number> {
  const lastWeek = plan.weeks[plan.weeks.length - 1] ?? '';
  const rows = plan.expenses.map((expense) => ({
    id: uuidv7(),
    assignment_id: required(ids.assignments, `${expense.project}/${expense.person}`),
    incurred_on: expense.incurredOn,
    category: expense.category,
    amount_minor: expense.amountMinor,
    description: expense.description,
    receipt_reference: `RCPT-${expense.incurredOn.replaceAll('-', '')}-${expense.person.toUpperCase()}`,
    approved: expense.incurredOn < lastWeek,
    submitted_at: `${addDays(mondayOf(expense.incurredOn), 4)}T17:00:00Z`,
    approved_at: `${addDays(mondayOf(expense.incurredOn), 9)}T10:00:00Z`,
  }));
  const tenant = tx.ctx.tenantId;
  await sql`
    INSERT INTO expenses (tenant_id, id, person_id, person_legal_entity_id, person_membership_id, assignment_id,
      project_id, contract_id, client_id, legal_entity_id, practice_id, region_id, portfolio_id, project_currency,
      incurred_on, category, amount_minor, currency, description, receipt_reference, rebillable, status, awaiting,
      submitted_at, manager_decided_by_membership_id, manager_decided_at, approved_at)
    SELECT ${tenant}, x.id, a.person_id, a.person_legal_entity_id, a.person_membership_id, a.id, a.project_id,
      a.contract_id, a.client_id, a.legal_entity_id, a.practice_id, a.region_id, a.portfolio_id, a.currency,
      x.incurred_on, x.category, x.amount_minor, a.currency, x.description, x.receipt_reference, true,
      CASE WHEN x.approved THEN 'approved' ELSE 'submitted' END,
      CASE WHEN x.approved THEN NULL ELSE 'project_manager' END, x.submitted_at,
      CASE WHEN x.approved THEN m.membership_id END, CASE WHEN x.approved THEN x.approved_at END,
      CASE WHEN x.approved THEN x.approved_at END
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS x(id uuid, assignment_id uuid, incurred_on date, category text, amount_minor bigint, description text,
           receipt_reference text, approved boolean, submitted_at timestamptz, approved_at timestamptz)
    JOIN assignments a ON a.tenant_id = ${tenant} AND a.id = x.assignment_id
    JOIN projects p ON p.tenant_id = ${tenant} AND p.id = a.project_id
    LEFT JOIN people m ON m.tenant_id = ${tenant} AND m.id = p.manager_person_id`.execute(tx.db);
  for (const row of rows)
    tx.audit({
      action: 'expense.imported',
      resourceKind: 'expense',
      resourceId: row.id,
      after: { incurredOn: row.incurred_on, category: row.category, source: 'demo dataset' },
    });
  return rows.length;
}

function mondayOf(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((day + 6) % 7));
}

function required(map: ReadonlyMap<string, string>, key: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`the dataset has no "${key}"`);
  return id;
}
