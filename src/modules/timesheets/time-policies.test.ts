import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { readContractRules, submitTimesheet } from './submit-timesheet.ts';
import { createTimeEntry } from './time-entry.service.ts';
import { member, seedTimeFixture, type TimeWorld } from './time-test-fixture.ts';

let t: TestTessera;
let w: TimeWorld;
let globexEntry: string;
let initechEntry: string;
let timesheetId: string;

// Consultants: Jin (Technology, which covers Cloud) and Kim (Data), neither with Pricing in scope.
const jin = () => member(w, w.members.jin, { practice: [w.b.technology, w.b.cloud] }, 'internal');
const kim = () => member(w, '01900000-0000-7000-8000-0000000000c1', { practice: [w.b.data] }, 'internal');
const ava = () => member(w, w.members.ava, { client: [w.b.globex] }, 'public');

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedTimeFixture(t);
  const book = (projectId: string, date: string) =>
    t.tessera.withTenant(jin(), (tx) => createTimeEntry(tx, { projectId, date, minutes: 120 }, new Map()));
  const globex = await book(w.projects.globex, '2026-03-02');
  const initech = await book(w.projects.initech, '2026-03-03');
  globexEntry = globex.id;
  initechEntry = initech.id;
  timesheetId = globex.timesheetId;
  const rules = await readContractRules(t.tessera.withTenant, jin(), timesheetId);
  await t.tessera.withTenant(jin(), (tx) => submitTimesheet(tx, timesheetId, rules));
});
afterAll(() => t.cleanup());

// No tenant or segment filter on purpose: only the policies decide what comes back.
async function ids(ctx: TenantContext, table: 'time_entries' | 'timesheets' | 'time_approvals') {
  return t.tessera.withTenant(
    ctx,
    async (tx) =>
      (await sql<{ id: string }>`SELECT id FROM ${sql.table(table)} ORDER BY id`.execute(tx.db)).rows.map(
        (row) => row.id,
      ),
    { readOnly: true },
  );
}

describe('own time', () => {
  it('is visible to its person on a project outside their practice, and not to another consultant', async () => {
    expect((await ids(jin(), 'time_entries')).sort()).toEqual([globexEntry, initechEntry].sort());
    expect(await ids(jin(), 'timesheets')).toEqual([timesheetId]);
    expect((await ids(jin(), 'time_approvals')).length).toBe(3);
    expect(await ids(kim(), 'time_entries')).toEqual([]);
    expect(await ids(kim(), 'timesheets')).toEqual([]);
    expect(await ids(kim(), 'time_approvals')).toEqual([]);
  });

  it('is visible by scope to others: the Cloud project to Technology, never the Pricing one', async () => {
    const colleague = member(w, uuidv7(), { practice: [w.b.technology, w.b.cloud] }, 'internal');
    expect(await ids(colleague, 'time_entries')).toEqual([initechEntry]);
    // Jin's timesheet carries his practice (Cloud): a Technology colleague's scope covers it.
    expect(await ids(colleague, 'timesheets')).toEqual([timesheetId]);
  });

  it("is visible to a client's approver for that client's projects only, without any timesheet header", async () => {
    expect(await ids(ava(), 'time_entries')).toEqual([globexEntry]);
    expect(await ids(ava(), 'timesheets')).toEqual([]);
    const steps = await ids(ava(), 'time_approvals');
    expect(steps.length).toBe(2);
  });

  it('is written under its own membership only: no one books into another person’s time out of scope', async () => {
    // Kim writes a row that claims Jin's membership on the Pricing project: the policies refuse it.
    const direct = t.tessera.withTenant(kim(), async (tx) => {
      await sql`INSERT INTO time_entries (tenant_id, id, timesheet_id, week_starts_on, person_id, person_legal_entity_id,
          person_membership_id, assignment_id, project_id, contract_id, client_id, legal_entity_id, practice_id,
          currency, work_date, minutes, billable)
        VALUES (${w.tenantId}, ${uuidv7()}, ${timesheetId}, '2026-03-02', ${w.people.jin}, ${w.b.inc},
          ${w.members.jin}, ${uuidv7()}, ${w.projects.globex}, ${w.contracts.globex}, ${w.b.globex}, ${w.b.inc},
          ${w.b.pricing}, 'USD', '2026-03-04', 5, true)`.execute(tx.db);
      tx.audit({ action: 'test.forge', resourceKind: 'time_entry', resourceId: null });
    });
    await expect(direct).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('is invisible to another tenant, whatever its scope', async () => {
    const other: TenantContext = { ...member(w, w.members.jin), tenantId: w.otherTenantId };
    for (const table of ['time_entries', 'timesheets', 'time_approvals'] as const)
      expect(await ids(other, table)).toEqual([]);
  });
});
