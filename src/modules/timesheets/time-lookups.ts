import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { WithTenant } from '../../platform/http/index.ts';
import { systemContext, type TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { monthOf } from './time-calendar.ts';
import './timesheets.tables.ts';

/**
 * Reads of the delivery tables other modules own (people, projects, tasks, assignments), written
 * as SQL on the tenant transaction: row-level security decides what each read returns, and the
 * tenant is in every where (ARCHITECTURE.md §4.10). Nothing here writes.
 */

/** A person who books time: the segments a timesheet copies. */
export interface Booker {
  readonly id: string;
  readonly legalEntityId: string;
  readonly practiceId: string | null;
  readonly membershipId: string | null;
  readonly email: string | null;
}

interface PersonRow {
  id: string;
  legal_entity_id: string;
  practice_id: string | null;
  membership_id: string | null;
  email: string | null;
}

const booker = (row: PersonRow): Booker => ({
  id: row.id,
  legalEntityId: row.legal_entity_id,
  practiceId: row.practice_id,
  membershipId: row.membership_id,
  email: row.email,
});

/**
 * The person whose membership is the acting one: who books "my" time. 422 when the caller acts
 * without a membership or none of the people they can see is linked to it.
 */
export async function findBooker(tx: TenantTransaction): Promise<Booker> {
  const membershipId = tx.ctx.actor.membershipId;
  const row =
    membershipId === null
      ? undefined
      : (
          await sql<PersonRow>`
            SELECT id, legal_entity_id, practice_id, membership_id, email FROM people
            WHERE tenant_id = ${tx.ctx.tenantId} AND membership_id = ${membershipId}`.execute(tx.db)
        ).rows[0];
  if (!row) {
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: 'person', membershipId },
      {
        detail:
          'No person is linked to your membership, so you have no timesheet: ask an administrator to link you to your person record.',
      },
    );
  }
  return booker(row);
}

/** The people of the tenant the caller can see with these emails (lower-case), by email. */
export async function peopleByEmail(
  tx: TenantTransaction,
  emails: readonly string[],
): Promise<Map<string, Booker[]>> {
  const found = new Map<string, Booker[]>();
  if (emails.length === 0) return found;
  const { rows } = await sql<PersonRow>`
    SELECT id, legal_entity_id, practice_id, membership_id, email FROM people
    WHERE tenant_id = ${tx.ctx.tenantId} AND email = ANY (${[...emails]}::text[])`.execute(tx.db);
  for (const row of rows) {
    const key = row.email as string;
    found.set(key, [...(found.get(key) ?? []), booker(row)]);
  }
  return found;
}

/** An assignment: the project's segments (and currency) that an entry copies. */
export interface Assignment {
  readonly id: string;
  readonly projectId: string;
  readonly personId: string;
  readonly contractId: string;
  readonly clientId: string;
  readonly legalEntityId: string;
  readonly practiceId: string;
  readonly regionId: string | null;
  readonly portfolioId: string | null;
  readonly currency: string;
  readonly startsOn: string;
  readonly endsOn: string;
}

interface AssignmentRow {
  id: string;
  project_id: string;
  person_id: string;
  contract_id: string;
  client_id: string;
  legal_entity_id: string;
  practice_id: string;
  region_id: string | null;
  portfolio_id: string | null;
  currency: string;
  starts_on: string;
  ends_on: string;
}

/** Every assignment of these people to these projects the caller can see (own ones included). */
export async function assignmentsOf(
  tx: TenantTransaction,
  personIds: readonly string[],
  projectIds: readonly string[],
): Promise<Assignment[]> {
  if (personIds.length === 0 || projectIds.length === 0) return [];
  const { rows } = await sql<AssignmentRow>`
    SELECT id, project_id, person_id, contract_id, client_id, legal_entity_id, practice_id, region_id,
      portfolio_id, currency, starts_on, ends_on
    FROM assignments
    WHERE tenant_id = ${tx.ctx.tenantId} AND person_id = ANY (${[...personIds]}::uuid[])
      AND project_id = ANY (${[...projectIds]}::uuid[])
    ORDER BY starts_on, id`.execute(tx.db);
  return rows.map((row) => ({
    id: row.id,
    projectId: row.project_id,
    personId: row.person_id,
    contractId: row.contract_id,
    clientId: row.client_id,
    legalEntityId: row.legal_entity_id,
    practiceId: row.practice_id,
    regionId: row.region_id,
    portfolioId: row.portfolio_id,
    currency: row.currency,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
  }));
}

/** The assignment of `assignments` that staffs the person on the project on that day, if any. */
export function assignmentOn(
  assignments: readonly Assignment[],
  personId: string,
  projectId: string,
  day: string,
): Assignment | undefined {
  return assignments.find(
    (a) => a.personId === personId && a.projectId === projectId && a.startsOn <= day && day <= a.endsOn,
  );
}

/** A task of a project: what an entry on it defaults to. */
export interface Task {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly billable: boolean;
  readonly status: 'open' | 'closed';
}

/** Tasks by id: what booking on them needs to know. */
export type TaskDirectory = ReadonlyMap<string, Task>;

/**
 * The tasks among `taskIds` of projects the caller is assigned to, by id.
 *
 * A person may be staffed on a project outside their scope (their assignment lets them book on
 * it), and then cannot see its tasks; booking must still know a task's project, billable default
 * and status. So Tessera reads them itself, in a read-only transaction of the tenant before the
 * caller's, limited to projects with an assignment of the caller's own membership.
 */
export async function readAssignedTasks(
  withTenant: WithTenant,
  ctx: TenantContext,
  taskIds: readonly string[],
): Promise<TaskDirectory> {
  const membershipId = ctx.actor.membershipId;
  if (membershipId === null || taskIds.length === 0) return new Map();
  return withTenant(
    systemContext(ctx.tenantId, 'time-assigned-tasks', ctx.requestId),
    async (tx) => {
      const { rows } = await sql<TaskRow>`
        SELECT t.id, t.project_id, t.name, t.billable, t.status FROM project_tasks t
        WHERE t.tenant_id = ${ctx.tenantId} AND t.id = ANY (${[...taskIds]}::uuid[])
          AND EXISTS (SELECT 1 FROM assignments a WHERE a.tenant_id = t.tenant_id AND a.project_id = t.project_id
            AND a.person_membership_id = ${membershipId}::uuid)`.execute(tx.db);
      return new Map(rows.map((row) => [row.id, task(row)]));
    },
    { readOnly: true },
  );
}

interface TaskRow {
  id: string;
  project_id: string;
  name: string;
  billable: boolean;
  status: 'open' | 'closed';
}

const task = (r: TaskRow): Task => ({
  id: r.id,
  projectId: r.project_id,
  name: r.name,
  billable: r.billable,
  status: r.status,
});

/** Tasks the caller can see of these projects, by `projectId name`. */
export async function tasksByName(
  tx: TenantTransaction,
  projectIds: readonly string[],
): Promise<Map<string, Task>> {
  if (projectIds.length === 0) return new Map();
  const { rows } = await sql<TaskRow>`
    SELECT id, project_id, name, billable, status FROM project_tasks
    WHERE tenant_id = ${tx.ctx.tenantId} AND project_id = ANY (${[...projectIds]}::uuid[])`.execute(tx.db);
  return new Map(rows.map((r) => [`${r.project_id} ${r.name}`, task(r)]));
}

/** Projects the caller can see with these codes, by code. */
export async function projectsByCode(
  tx: TenantTransaction,
  codes: readonly string[],
): Promise<Map<string, { id: string; code: string }>> {
  if (codes.length === 0) return new Map();
  const { rows } = await sql<{ id: string; code: string }>`
    SELECT id, code FROM projects
    WHERE tenant_id = ${tx.ctx.tenantId} AND code = ANY (${[...codes]}::text[])`.execute(tx.db);
  return new Map(rows.map((r) => [r.code, r]));
}

/** The closed months (`YYYY-MM`) among the months of these days. */
export async function closedMonthsAmong(
  tx: TenantTransaction,
  days: readonly string[],
): Promise<Set<string>> {
  const months = [...new Set(days.map(monthOf))];
  if (months.length === 0) return new Set();
  const rows = await tx.db
    .selectFrom('time_period_closures')
    .select('month')
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where(
      'month',
      'in',
      months.map((month) => `${month}-01`),
    )
    .execute();
  return new Set(rows.map((row) => monthOf(row.month)));
}

/** 409 TIME_PERIOD_CLOSED when any of these days lies in a closed month. */
export async function requireOpenPeriods(
  tx: TenantTransaction,
  days: readonly string[],
  path: string,
): Promise<void> {
  const closed = [...(await closedMonthsAmong(tx, days))].sort();
  if (closed.length === 0) return;
  throw new AppError(
    'TIME_PERIOD_CLOSED',
    { months: closed },
    {
      detail: `Time of ${closed.join(', ')} is closed: entries dated then cannot be created, changed, deleted or submitted.`,
      fieldProblems: [{ path, message: `lies in a closed month (${closed.join(', ')})` }],
    },
  );
}
