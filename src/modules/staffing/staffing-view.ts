import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { getPractice } from '../organization/index.ts';
import { dayNumber, dayString, LOAD_THRESHOLDS, mondayOf, type WeekLoad, weeklyLoad } from './weekly-load.ts';
import './staffing.tables.ts';
import '../resources/resources.tables.ts';
import '../organization/organization.tables.ts';

export interface StaffingQuery {
  /** Any day of the first week; the view starts on its Monday. */
  readonly from: string;
  readonly weeks: number;
  /** People of this practice and its sub-practices only (NOT_FOUND for one out of scope). */
  readonly practiceId?: string;
  readonly limit: number;
  readonly cursor: string | null;
}

export interface PersonLoad {
  readonly personId: string;
  readonly name: string;
  readonly practiceId: string | null;
  readonly capacityMinutesPerWeek: number;
  readonly weeks: WeekLoad[];
}

export interface StaffingView {
  readonly from: string;
  readonly weeks: number;
  readonly thresholds: typeof LOAD_THRESHOLDS;
  readonly items: PersonLoad[];
  readonly nextCursor: string | null;
}

/**
 * The staffing view: per active person the caller can see (a page of them, by id), per ISO week,
 * capacity, allocated minutes and load (weekly-load.ts). Allocation counts the assignments the
 * caller can see (in scope, and their own): what is staffed outside the caller's scope stays
 * invisible, also as a number.
 */
export async function staffingView(tx: TenantTransaction, query: StaffingQuery): Promise<StaffingView> {
  const from = mondayOf(query.from);
  const until = dayString(dayNumber(from) + query.weeks * 7 - 1);
  let people = tx.db
    .selectFrom('people')
    .select(['id', 'name', 'practice_id', 'capacity_minutes_per_week'])
    .where('tenant_id', '=', tx.ctx.tenantId)
    .where('status', '=', 'active');
  if (query.practiceId) {
    // A practice the caller cannot see is one that does not exist (404).
    await getPractice(tx, query.practiceId);
    const under = tx.db
      .selectFrom('practices')
      .select('id')
      .where('tenant_id', '=', tx.ctx.tenantId)
      .where((eb) => eb('path', '&&', eb.val([query.practiceId as string])));
    people = people.where('practice_id', 'in', under);
  }
  if (query.cursor) people = people.where('id', '>', query.cursor);
  const rows = await people
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const assignments =
    page.length === 0
      ? []
      : await tx.db
          .selectFrom('assignments')
          .select(['person_id', 'allocation_percent', 'starts_on', 'ends_on'])
          .where('tenant_id', '=', tx.ctx.tenantId)
          .where(
            'person_id',
            'in',
            page.map((person) => person.id),
          )
          .where('starts_on', '<=', until)
          .where('ends_on', '>=', from)
          .execute();
  return {
    from,
    weeks: query.weeks,
    thresholds: LOAD_THRESHOLDS,
    items: page.map((person) => ({
      personId: person.id,
      name: person.name,
      practiceId: person.practice_id,
      capacityMinutesPerWeek: person.capacity_minutes_per_week,
      weeks: weeklyLoad(
        person.capacity_minutes_per_week,
        assignments
          .filter((assignment) => assignment.person_id === person.id)
          .map((assignment) => ({
            allocationPercent: assignment.allocation_percent,
            startsOn: assignment.starts_on,
            endsOn: assignment.ends_on,
          })),
        from,
        query.weeks,
      ),
    })),
    nextCursor: rows.length > query.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}
