import { type RawBuilder, sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { type ApprovalRow, approvalView, presentApproval, type TimeApprovalView } from './time-views.ts';
import type { Page } from './timesheet.service.ts';
import type { ApprovalStatus } from './timesheets.tables.ts';
import './timesheets.tables.ts';

/**
 * Who may decide a step (ARCHITECTURE.md: approval chains), as SQL on the approval `ta`, read
 * under the caller's own row-level security:
 *   project_manager — the membership of the project's manager (projects.manager_person_id);
 *   practice_lead   — the membership of the lead of the project's practice or of an ancestor
 *                     practice (practices.path holds the ancestors and the practice itself);
 *   client          — a membership linked to an approver contact of the project's client.
 */
export function approverMatches(membershipId: string | null): RawBuilder<boolean> {
  if (membershipId === null) return sql<boolean>`false`;
  return sql<boolean>`CASE ta.approver
    WHEN 'project_manager' THEN EXISTS (
      SELECT 1 FROM projects pr JOIN people pe ON pe.tenant_id = pr.tenant_id AND pe.id = pr.manager_person_id
      WHERE pr.tenant_id = ta.tenant_id AND pr.id = ta.project_id AND pe.membership_id = ${membershipId}::uuid)
    WHEN 'practice_lead' THEN EXISTS (
      SELECT 1 FROM practices pp
        JOIN practices anc ON anc.tenant_id = pp.tenant_id AND anc.id = ANY (pp.path)
        JOIN people pe ON pe.tenant_id = anc.tenant_id AND pe.id = anc.lead_person_id
      WHERE pp.tenant_id = ta.tenant_id AND pp.id = ta.practice_id AND pe.membership_id = ${membershipId}::uuid)
    WHEN 'client' THEN EXISTS (
      SELECT 1 FROM contacts c
      WHERE c.tenant_id = ta.tenant_id AND c.client_id = ta.client_id AND c.is_approver
        AND c.membership_id = ${membershipId}::uuid)
    ELSE false END`;
}

/** The step is the lowest pending one of its timesheet, project and round. */
export const isLowestPending = sql<boolean>`NOT EXISTS (
  SELECT 1 FROM time_approvals p
  WHERE p.tenant_id = ta.tenant_id AND p.timesheet_id = ta.timesheet_id AND p.project_id = ta.project_id
    AND p.round = ta.round AND p.status = 'pending' AND p.position < ta.position)`;

/** The step is pending, next in line, not about the caller's own time, and names the caller. */
export function decidableBy(membershipId: string | null): RawBuilder<boolean> {
  if (membershipId === null) return sql<boolean>`false`;
  return sql<boolean>`(ta.status = 'pending'
    AND ta.person_membership_id IS DISTINCT FROM ${membershipId}::uuid
    AND ${isLowestPending} AND ${approverMatches(membershipId)})`;
}

const PERSON = sql<string | null>`coalesce(
  (SELECT t.person_id FROM timesheets t WHERE t.tenant_id = ta.tenant_id AND t.id = ta.timesheet_id),
  (SELECT e.person_id FROM time_entries e WHERE e.tenant_id = ta.tenant_id AND e.timesheet_id = ta.timesheet_id LIMIT 1))`;
const WEEK = sql<string | null>`coalesce(
  (SELECT t.week_starts_on FROM timesheets t WHERE t.tenant_id = ta.tenant_id AND t.id = ta.timesheet_id),
  (SELECT e.week_starts_on FROM time_entries e WHERE e.tenant_id = ta.tenant_id AND e.timesheet_id = ta.timesheet_id LIMIT 1))`;

/** The approvals with their person, week and whether the caller may decide them, as the caller sees them. */
export function approvalsQuery(tx: TenantTransaction) {
  return tx.db
    .selectFrom('time_approvals as ta')
    .selectAll('ta')
    .select([
      PERSON.as('person_id'),
      WEEK.as('week_starts_on'),
      decidableBy(tx.ctx.actor.membershipId).as('decidable'),
    ])
    .where('ta.tenant_id', '=', tx.ctx.tenantId);
}

export interface ApprovalFilters {
  readonly status?: ApprovalStatus;
  readonly decidableByMe?: boolean;
  readonly timesheetId?: string;
  readonly projectId?: string;
}

/**
 * A page of the approval steps the caller can see (their projects' in scope, and those of their
 * own weeks), by id. `decidableByMe` keeps (or drops) those the caller may decide now: the inbox.
 */
export async function listTimeApprovals(
  tx: TenantTransaction,
  page: Page,
  filters: ApprovalFilters = {},
): Promise<{ items: TimeApprovalView[]; nextCursor: string | null }> {
  let query = approvalsQuery(tx);
  if (filters.status) query = query.where('ta.status', '=', filters.status);
  if (filters.timesheetId) query = query.where('ta.timesheet_id', '=', filters.timesheetId);
  if (filters.projectId) query = query.where('ta.project_id', '=', filters.projectId);
  if (filters.decidableByMe !== undefined) {
    const decidable = decidableBy(tx.ctx.actor.membershipId);
    query = query.where(filters.decidableByMe ? decidable : sql<boolean>`NOT ${decidable}`);
  }
  if (page.cursor) query = query.where('ta.id', '>', page.cursor);
  const rows = (await query
    .orderBy('ta.id')
    .limit(page.limit + 1)
    .execute()) as ApprovalRow[];
  const items = rows.slice(0, page.limit).map((row) => approvalView(presentApproval(row), tx.ctx.clearance));
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}

/** One approval step the caller can see, or NOT_FOUND. */
export async function getTimeApproval(tx: TenantTransaction, id: string): Promise<TimeApprovalView> {
  const row = (await approvalsQuery(tx).where('ta.id', '=', id).executeTakeFirst()) as
    | ApprovalRow
    | undefined;
  if (!row) throw new AppError('NOT_FOUND', { resource: 'time_approval', id });
  return approvalView(presentApproval(row), tx.ctx.clearance);
}
