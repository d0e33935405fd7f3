import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import { isMonday, isoWeekStart } from './time-calendar.ts';
import { type Booker, findBooker } from './time-lookups.ts';
import {
  auditRecord,
  entryView,
  presentEntry,
  presentTimesheet,
  type TimeEntryView,
  type TimesheetView,
  type TimesheetWithEntries,
  timesheetView,
} from './time-views.ts';
import type { TimeStatus, TimesheetTable } from './timesheets.tables.ts';
import './timesheets.tables.ts';

export interface Page {
  readonly limit: number;
  readonly cursor: string | null;
}

export interface TimesheetFilters {
  readonly week?: string;
  readonly personId?: string;
  readonly status?: TimeStatus;
}

/** A timesheet row, or NOT_FOUND when it does not exist or the caller cannot see it. */
export async function findTimesheetRow(
  tx: TenantTransaction,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Selectable<TimesheetTable>> {
  let query = tx.db
    .selectFrom('timesheets')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { resource: 'timesheet', id });
  return row;
}

/**
 * The person's timesheet of the week, created (draft, round 0) when there is none yet, carrying
 * the person's legal entity, practice and membership. Audited as `timesheet.created`.
 */
export async function ensureTimesheet(
  tx: TenantTransaction,
  person: Booker,
  weekStartsOn: string,
): Promise<{ row: Selectable<TimesheetTable>; created: boolean }> {
  const existing = await tx.db
    .selectFrom('timesheets')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('person_id', '=', person.id)
    .where('week_starts_on', '=', weekStartsOn)
    .executeTakeFirst();
  if (existing) return { row: existing, created: false };
  const row = await tx.db
    .insertInto('timesheets')
    .values({
      tenant_id: tx.ctx.tenantId,
      id: uuidv7(),
      person_id: person.id,
      person_legal_entity_id: person.legalEntityId,
      person_practice_id: person.practiceId,
      person_membership_id: person.membershipId,
      week_starts_on: weekStartsOn,
      submitted_at: null,
      decided_at: null,
      rejection_reason: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const timesheet = presentTimesheet(row, 0);
  tx.audit({
    action: 'timesheet.created',
    resourceKind: 'timesheet',
    resourceId: row.id,
    after: auditRecord(timesheet),
  });
  tx.emit({
    topic: 'timesheet.created',
    resourceKind: 'timesheet',
    resourceId: row.id,
    payload: { timesheet },
  });
  return { row, created: true };
}

/**
 * Finds or creates the caller's own timesheet of the ISO week starting on `weekStartsOn` (a
 * Monday; 422 otherwise), with its entries. The caller is the person linked to their membership.
 */
export async function openOwnTimesheet(
  tx: TenantTransaction,
  weekStartsOn: string,
): Promise<{ timesheet: TimesheetWithEntries; created: boolean }> {
  if (!isMonday(weekStartsOn)) {
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { weekStartsOn },
      {
        detail: `A timesheet week starts on a Monday; the week of ${weekStartsOn} starts on ${isoWeekStart(weekStartsOn)}.`,
        fieldProblems: [{ path: '/body/weekStartsOn', message: 'must be a Monday' }],
      },
    );
  }
  const person = await findBooker(tx);
  const { row, created } = await ensureTimesheet(tx, person, weekStartsOn);
  const [timesheet] = await withEntries(tx, [row]);
  return { timesheet: timesheet as TimesheetWithEntries, created };
}

/** One timesheet with the entries of it the caller can see; NOT_FOUND when the header is out of scope. */
export async function getTimesheet(tx: TenantTransaction, id: string): Promise<TimesheetWithEntries> {
  const row = await findTimesheetRow(tx, id);
  const [timesheet] = await withEntries(tx, [row]);
  return timesheet as TimesheetWithEntries;
}

/** A page of the timesheet headers the caller can see (their own, and their scope's people's), by id. */
export async function listTimesheets(
  tx: TenantTransaction,
  page: Page,
  filters: TimesheetFilters = {},
): Promise<{ items: TimesheetView[]; nextCursor: string | null }> {
  const rows = await pageOfTimesheets(tx, page, filters, false);
  const totals = await visibleTotals(
    tx,
    rows.slice(0, page.limit).map((row) => row.id),
  );
  const items = rows
    .slice(0, page.limit)
    .map((row) => timesheetView(presentTimesheet(row, totals.get(row.id) ?? 0), tx.ctx.clearance));
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}

/** A page of the caller's own timesheets, each with its entries, by id. */
export async function listMyTimesheets(
  tx: TenantTransaction,
  page: Page,
  filters: { week?: string } = {},
): Promise<{ items: TimesheetWithEntries[]; nextCursor: string | null }> {
  const rows = await pageOfTimesheets(tx, page, filters, true);
  const items = await withEntries(tx, rows.slice(0, page.limit));
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}

async function pageOfTimesheets(
  tx: TenantTransaction,
  page: Page,
  filters: TimesheetFilters,
  mine: boolean,
): Promise<Selectable<TimesheetTable>[]> {
  let query = tx.db.selectFrom('timesheets').selectAll().where('tenant_id', '=', tx.ctx.tenantId);
  if (mine) {
    const membershipId = tx.ctx.actor.membershipId;
    if (membershipId === null) return [];
    query = query.where('person_membership_id', '=', membershipId);
  }
  if (filters.week) query = query.where('week_starts_on', '=', isoWeekStart(filters.week));
  if (filters.personId) query = query.where('person_id', '=', filters.personId);
  if (filters.status) query = query.where('status', '=', filters.status);
  if (page.cursor) query = query.where('id', '>', page.cursor);
  return query
    .orderBy('id')
    .limit(page.limit + 1)
    .execute();
}

async function visibleTotals(tx: TenantTransaction, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.db
    .selectFrom('time_entries')
    .select(['timesheet_id', (eb) => eb.fn.sum<string | number | bigint>('minutes').as('total')])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('timesheet_id', 'in', [...ids])
    .groupBy('timesheet_id')
    .execute();
  return new Map(rows.map((row) => [row.timesheet_id, Number(row.total)]));
}

/** The timesheets with the entries of each that the caller can see, in date order. */
export async function withEntries(
  tx: TenantTransaction,
  rows: readonly Selectable<TimesheetTable>[],
): Promise<TimesheetWithEntries[]> {
  if (rows.length === 0) return [];
  const entries = await tx.db
    .selectFrom('time_entries')
    .selectAll()
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where(
      'timesheet_id',
      'in',
      rows.map((row) => row.id),
    )
    .orderBy('work_date')
    .orderBy('id')
    .execute();
  return rows.map((row) => {
    const mine = entries.filter((entry) => entry.timesheet_id === row.id);
    const views: TimeEntryView[] = mine.map((entry) => entryView(presentEntry(entry), tx.ctx.clearance));
    const total = mine.reduce((sum, entry) => sum + entry.minutes, 0);
    return { ...timesheetView(presentTimesheet(row, total), tx.ctx.clearance), entries: views };
  });
}

/** FORBIDDEN unless the timesheet is the caller's own (only its person fills in and submits it). */
export function requireOwnTimesheet(tx: TenantTransaction, row: Selectable<TimesheetTable>): void {
  if (row.person_membership_id === null || row.person_membership_id !== tx.ctx.actor.membershipId) {
    throw new AppError(
      'FORBIDDEN',
      { resource: 'timesheet', id: row.id },
      { detail: 'Only the person whose week it is can change or submit their timesheet.' },
    );
  }
}

/** TIMESHEET_LOCKED unless the timesheet is a draft or was rejected (its person may work on it). */
export function requireEditableTimesheet(row: Selectable<TimesheetTable>): void {
  if (row.status === 'draft' || row.status === 'rejected') return;
  throw new AppError(
    'TIMESHEET_LOCKED',
    { timesheetId: row.id, status: row.status },
    {
      detail:
        row.status === 'submitted'
          ? `The timesheet of the week of ${row.week_starts_on} is submitted and awaits approval.`
          : `The timesheet of the week of ${row.week_starts_on} is approved.`,
    },
  );
}
