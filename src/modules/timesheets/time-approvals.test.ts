import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { systemContext } from '../../platform/tenancy/tenant-context.ts';
import { type Decision, decideTimeApproval } from './decide-time-approval.ts';
import { readContractRules, submitTimesheet } from './submit-timesheet.ts';
import { listTimeApprovals } from './time-approval.service.ts';
import {
  createTimeEntry,
  deleteTimeEntry,
  getTimeEntry,
  listTimeEntries,
  type TimeEntryInput,
  type TimeEntryPatch,
  updateTimeEntry,
} from './time-entry.service.ts';
import { readAssignedTasks } from './time-lookups.ts';
import { closePeriod, reopenPeriod } from './time-period.service.ts';
import { member, seedTimeFixture, type TimeWorld } from './time-test-fixture.ts';
import { getTimesheet } from './timesheet.service.ts';

let t: TestTessera;
let w: TimeWorld;

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedTimeFixture(t);
});
afterAll(() => t.cleanup());

// The people of the fixture, each with the scope their role would have.
const jin = () => member(w, w.members.jin, { practice: [w.b.technology, w.b.cloud] }, 'internal');
const omar = () => member(w, w.members.omar, {}, 'internal');
const elena = () => member(w, w.members.elena, { practice: [w.b.strategy, w.b.pricing] });
const ava = () => member(w, w.members.ava, { client: [w.b.globex] }, 'public');

async function book(ctx: TenantContext, input: Omit<TimeEntryInput, 'minutes'> & { minutes?: number }) {
  const tasks = await readAssignedTasks(t.tessera.withTenant, ctx, input.taskId ? [input.taskId] : []);
  return t.tessera.withTenant(ctx, (tx) => createTimeEntry(tx, { minutes: 480, ...input }, tasks));
}
async function change(ctx: TenantContext, id: string, patch: TimeEntryPatch) {
  const tasks = await readAssignedTasks(t.tessera.withTenant, ctx, patch.taskId ? [patch.taskId] : []);
  return t.tessera.withTenant(ctx, (tx) => updateTimeEntry(tx, id, patch, tasks));
}
async function submit(ctx: TenantContext, timesheetId: string) {
  const rules = await readContractRules(t.tessera.withTenant, ctx, timesheetId);
  return t.tessera.withTenant(ctx, (tx) => submitTimesheet(tx, timesheetId, rules));
}
const decide = (ctx: TenantContext, id: string, decision: Decision = { kind: 'approve' }) =>
  decideTimeApproval(t.tessera.withTenant, ctx, id, decision);
const approvalsOf = (ctx: TenantContext, timesheetId: string) =>
  t.tessera.withTenant(
    ctx,
    async (tx) => (await listTimeApprovals(tx, { limit: 200, cursor: null }, { timesheetId })).items,
    { readOnly: true },
  );
const inbox = (ctx: TenantContext, timesheetId?: string) =>
  t.tessera.withTenant(
    ctx,
    async (tx) =>
      (
        await listTimeApprovals(
          tx,
          { limit: 200, cursor: null },
          { decidableByMe: true, status: 'pending', ...(timesheetId ? { timesheetId } : {}) },
        )
      ).items,
    { readOnly: true },
  );
const timesheet = (ctx: TenantContext, id: string) =>
  t.tessera.withTenant(ctx, (tx) => getTimesheet(tx, id), { readOnly: true });
const entry = (ctx: TenantContext, id: string) =>
  t.tessera.withTenant(ctx, (tx) => getTimeEntry(tx, id), { readOnly: true });

/** Books one entry per listed day on the project, returns the entries. */
async function week(ctx: TenantContext, projectId: string, days: readonly string[], minutes = 480) {
  const booked = [];
  for (const date of days) booked.push(await book(ctx, { projectId, date, minutes }));
  return booked;
}

describe('the threshold step', () => {
  it("adds the practice lead's step only when the week's total is over the threshold", async () => {
    // 5 × 500 = 2,500 minutes > 2,400: manager, practice lead, client.
    const over = await week(
      jin(),
      w.projects.globex,
      ['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06'],
      500,
    );
    await submit(jin(), over[0]?.timesheetId as string);
    const steps = await approvalsOf(omar(), over[0]?.timesheetId as string);
    expect(steps.map((s) => [s.position, s.approver, s.status])).toEqual([
      [1, 'project_manager', 'pending'],
      [2, 'practice_lead', 'pending'],
      [3, 'client', 'pending'],
    ]);
    expect(steps.every((s) => s.weekMinutes === 2500 && s.minutes === 2500)).toBe(true);
    // 5 × 480 = 2,400 minutes is not over: no practice lead.
    const under = await week(jin(), w.projects.globex, [
      '2026-03-09',
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
    ]);
    await submit(jin(), under[0]?.timesheetId as string);
    expect((await approvalsOf(omar(), under[0]?.timesheetId as string)).map((s) => s.approver)).toEqual([
      'project_manager',
      'client',
    ]);

    // In order: the lead's step waits for the manager's (409), then is Elena's alone.
    const [manager, lead] = steps;
    await expect(decide(elena(), lead?.id as string)).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await inbox(elena())).map((s) => s.id)).not.toContain(lead?.id);
    await expect(decide(jin(), manager?.id as string)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await decide(omar(), manager?.id as string);
    expect((await inbox(elena())).map((s) => s.id)).toContain(lead?.id);
    await expect(decide(omar(), lead?.id as string)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('lead'),
    });
    const decided = await decide(elena(), lead?.id as string);
    expect(decided).toMatchObject({ status: 'approved', decidableByMe: false });
    expect((await entry(jin(), over[0]?.id as string)).status).toBe('submitted');
  });

  it('never lets a lead decide a step of their own week', async () => {
    const mine = await week(
      elena(),
      w.projects.globex,
      ['2026-03-16', '2026-03-17', '2026-03-18', '2026-03-19', '2026-03-20'],
      600,
    );
    await submit(elena(), mine[0]?.timesheetId as string);
    const [manager, lead] = await approvalsOf(omar(), mine[0]?.timesheetId as string);
    await decide(omar(), manager?.id as string);
    expect((await inbox(elena())).map((s) => s.id)).not.toContain(lead?.id);
    await expect(decide(elena(), lead?.id as string)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'You cannot approve or reject your own time.',
    });
  });
});

describe('the client step', () => {
  it("applies where the contract requires the client, waits for the manager, and is decided by the client's approver", async () => {
    const globex = await book(jin(), { projectId: w.projects.globex, date: '2026-03-23', note: 'Workshop' });
    const initech = await book(jin(), { projectId: w.projects.initech, date: '2026-03-24' });
    // Jin cannot see the Globex contract (Pricing is outside his scope): the client step still applies.
    await submit(jin(), globex.timesheetId);
    const steps = await approvalsOf(omar(), globex.timesheetId);
    expect(steps.map((s) => [s.projectId === w.projects.globex ? 'globex' : 'initech', s.approver])).toEqual([
      ['globex', 'project_manager'],
      ['globex', 'client'],
      ['initech', 'project_manager'],
    ]);
    const client = steps.find((s) => s.approver === 'client');
    // The client's approver sees only Globex's steps, and none is theirs to decide yet.
    expect((await approvalsOf(ava(), globex.timesheetId)).map((s) => s.projectId)).toEqual([
      w.projects.globex,
      w.projects.globex,
    ]);
    expect(await inbox(ava(), globex.timesheetId)).toEqual([]);
    const manager = steps.find((s) => s.approver === 'project_manager' && s.projectId === w.projects.globex);
    await expect(decide(ava(), manager?.id as string)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining("the project's manager"),
    });
    await decide(omar(), manager?.id as string);
    expect((await inbox(ava(), globex.timesheetId)).map((s) => s.id)).toEqual([client?.id]);
    // Below internal clearance: no week total, no segments.
    expect((await inbox(ava(), globex.timesheetId))[0]).not.toHaveProperty('weekMinutes');
    await decide(ava(), client?.id as string);
    expect((await entry(jin(), globex.id)).status).toBe('approved');
    expect((await entry(jin(), initech.id)).status).toBe('submitted');
    expect((await timesheet(jin(), globex.timesheetId)).status).toBe('submitted');
    await decide(omar(), steps.find((s) => s.projectId === w.projects.initech)?.id as string);
    expect((await timesheet(jin(), globex.timesheetId)).status).toBe('approved');
  });
});

describe('rejection and resubmission', () => {
  it("rejects one project's entries and the week with the reason; the person changes it and submits a new round", async () => {
    const globex = await book(jin(), { projectId: w.projects.globex, date: '2026-03-30', minutes: 300 });
    const initech = await book(jin(), { projectId: w.projects.initech, date: '2026-03-31' });
    await submit(jin(), globex.timesheetId);
    const round1 = await approvalsOf(omar(), globex.timesheetId);
    const initechStep = round1.find((s) => s.projectId === w.projects.initech);
    const globexManager = round1.find((s) => s.projectId === w.projects.globex && s.position === 1);
    await decide(omar(), initechStep?.id as string);
    await expect(
      decide(omar(), globexManager?.id as string, { kind: 'reject', reason: '' }),
    ).rejects.toThrow();
    await decide(omar(), globexManager?.id as string, {
      kind: 'reject',
      reason: 'Split the workshop by task',
    });

    const rejected = await timesheet(jin(), globex.timesheetId);
    expect(rejected).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Split the workshop by task',
      round: 1,
    });
    expect((await entry(jin(), globex.id)).status).toBe('rejected');
    expect((await entry(jin(), initech.id)).status).toBe('approved');
    expect(
      (await approvalsOf(omar(), globex.timesheetId)).map((s) => [
        s.approver,
        s.projectId === w.projects.globex,
        s.status,
      ]),
    ).toEqual([
      ['project_manager', true, 'rejected'],
      ['client', true, 'cancelled'],
      ['project_manager', false, 'approved'],
    ]);
    await expect(
      decide(ava(), round1.find((s) => s.approver === 'client')?.id as string),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    // The approved Initech entry stays locked; the rejected Globex entry can change.
    await expect(change(jin(), initech.id, { minutes: 60 })).rejects.toMatchObject({
      code: 'TIME_ENTRY_LOCKED',
    });
    await change(jin(), globex.id, { minutes: 240, taskId: w.tasks.discovery });
    const resubmitted = await submit(jin(), globex.timesheetId);
    expect(resubmitted).toMatchObject({ status: 'submitted', round: 2, rejectionReason: null });
    const round2 = (await approvalsOf(omar(), globex.timesheetId)).filter((s) => s.round === 2);
    expect(round2.map((s) => [s.approver, s.projectId, s.minutes])).toEqual([
      ['project_manager', w.projects.globex, 240],
      ['client', w.projects.globex, 240],
    ]);
    await decide(omar(), round2[0]?.id as string);
    await decide(ava(), round2[1]?.id as string);
    expect((await timesheet(jin(), globex.timesheetId)).status).toBe('approved');
    expect((await entry(jin(), globex.id)).status).toBe('approved');
  });
});

describe('approved time', () => {
  it('is locked: no change, no deletion, no new entry in the approved week', async () => {
    const booked = await book(jin(), { projectId: w.projects.initech, date: '2026-04-06' });
    await submit(jin(), booked.timesheetId);
    const [step] = await approvalsOf(omar(), booked.timesheetId);
    await decide(omar(), step?.id as string);
    expect(await entry(jin(), booked.id)).toMatchObject({
      status: 'approved',
      approvedAt: expect.any(String),
    });
    await expect(change(jin(), booked.id, { note: 'later' })).rejects.toMatchObject({
      code: 'TIME_ENTRY_LOCKED',
      status: 409,
    });
    await expect(t.tessera.withTenant(jin(), (tx) => deleteTimeEntry(tx, booked.id))).rejects.toMatchObject({
      code: 'TIME_ENTRY_LOCKED',
    });
    await expect(book(jin(), { projectId: w.projects.initech, date: '2026-04-07' })).rejects.toMatchObject({
      code: 'TIMESHEET_LOCKED',
    });
    await expect(submit(jin(), booked.timesheetId)).rejects.toMatchObject({ code: 'TIMESHEET_LOCKED' });
  });

  it('is changed only by its own person, even for an administrator who sees it', async () => {
    const booked = await book(jin(), { projectId: w.projects.initech, date: '2026-04-13' });
    await expect(change(omar(), booked.id, { minutes: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(submit(omar(), booked.timesheetId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('a closed period', () => {
  it('refuses creating, changing, deleting and submitting entries dated in it, until reopened', async () => {
    const booked = await book(jin(), { projectId: w.projects.initech, date: '2026-06-01' });
    const admin = member(w, w.members.omar);
    await t.tessera.withTenant(admin, (tx) => closePeriod(tx, '2026-06'));
    await expect(t.tessera.withTenant(admin, (tx) => closePeriod(tx, '2026-06'))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const closed = { code: 'TIME_PERIOD_CLOSED', status: 409 };
    await expect(book(jin(), { projectId: w.projects.initech, date: '2026-06-02' })).rejects.toMatchObject(
      closed,
    );
    await expect(change(jin(), booked.id, { minutes: 1 })).rejects.toMatchObject(closed);
    await expect(t.tessera.withTenant(jin(), (tx) => deleteTimeEntry(tx, booked.id))).rejects.toMatchObject(
      closed,
    );
    await expect(submit(jin(), booked.timesheetId)).rejects.toMatchObject(closed);
    await t.tessera.withTenant(admin, (tx) => reopenPeriod(tx, '2026-06'));
    await change(jin(), booked.id, { minutes: 1 });
    await expect(t.tessera.withTenant(admin, (tx) => reopenPeriod(tx, '2026-06'))).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });
});

describe('billing state', () => {
  it('belongs to each entry: a week on two projects keeps one state per entry', async () => {
    const a = await book(jin(), { projectId: w.projects.initech, date: '2026-04-20' });
    const b = await book(jin(), { projectId: w.projects.initech, date: '2026-04-21' });
    const c = await book(jin(), { projectId: w.projects.globex, date: '2026-04-22' });
    await submit(jin(), a.timesheetId);
    const steps = await approvalsOf(omar(), a.timesheetId);
    await decide(omar(), steps.find((s) => s.projectId === w.projects.initech)?.id as string);
    // Billing (a later module) bills one approved entry and writes another off.
    await t.tessera.withTenant(systemContext(w.tenantId, 'billing-test'), async (tx) => {
      await sql`UPDATE time_entries SET billing_state = 'billed', invoice_id = gen_random_uuid(), billed_at = now()
        WHERE tenant_id = ${w.tenantId} AND id = ${a.id}`.execute(tx.db);
      tx.audit({ action: 'time_entry.billed', resourceKind: 'time_entry', resourceId: a.id });
    });
    await expect(
      t.tessera.withTenant(systemContext(w.tenantId, 'billing-test'), async (tx) => {
        await sql`UPDATE time_entries SET billing_state = 'billed', invoice_id = gen_random_uuid(), billed_at = now()
          WHERE tenant_id = ${w.tenantId} AND id = ${c.id}`.execute(tx.db);
        tx.audit({ action: 'time_entry.billed', resourceKind: 'time_entry', resourceId: c.id });
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const states = await t.tessera.withTenant(
      omar(),
      async (tx) =>
        (await listTimeEntries(tx, { limit: 200, cursor: null }, { timesheetId: a.timesheetId })).items.map(
          (e) => [e.id, e.status, e.billingState],
        ),
      { readOnly: true },
    );
    expect(states.sort()).toEqual(
      [
        [a.id, 'approved', 'billed'],
        [b.id, 'approved', 'unbilled'],
        [c.id, 'submitted', 'unbilled'],
      ].sort(),
    );
    const billed = await t.tessera.withTenant(
      omar(),
      (tx) => listTimeEntries(tx, { limit: 200, cursor: null }, { billingState: 'billed' }),
      { readOnly: true },
    );
    expect(billed.items.map((e) => e.id)).toEqual([a.id]);
  });
});

describe('inter-company time', () => {
  it("is flagged when the booker's legal entity is not the project's, with both entities on the entry", async () => {
    const across = await book(jin(), {
      projectId: w.projects.initech,
      date: '2026-05-04',
      taskId: w.tasks.internal,
    });
    const home = await book(jin(), { projectId: w.projects.globex, date: '2026-05-05', internalNote: null });
    expect(across).toMatchObject({
      intercompany: true,
      personLegalEntityId: w.b.inc,
      legalEntityId: w.b.ltd,
      billable: false,
      taskId: w.tasks.internal,
    });
    expect(home).toMatchObject({
      intercompany: false,
      personLegalEntityId: w.b.inc,
      legalEntityId: w.b.inc,
      billable: true,
    });
    // Billing in Ltd's scope finds it, with Inc as the entity to recharge.
    const ltdFinance = member(w, uuidv7(), { legal_entity: [w.b.ltd] }, 'restricted');
    const seen = await t.tessera.withTenant(
      ltdFinance,
      (tx) => listTimeEntries(tx, { limit: 200, cursor: null }, { week: '2026-05-06' }),
      { readOnly: true },
    );
    expect(seen.items.map((e) => [e.id, e.intercompany, e.personLegalEntityId])).toEqual([
      [across.id, true, w.b.inc],
    ]);
  });

  it('is booked only under an assignment covering the day', async () => {
    await expect(book(jin(), { projectId: w.projects.globex, date: '2027-01-04' })).rejects.toMatchObject({
      code: 'BUSINESS_RULE_VIOLATED',
      fieldProblems: [{ path: '/body/projectId', message: expect.stringContaining('2027-01-04') }],
    });
    await expect(
      book(member(w, w.members.ava), { projectId: w.projects.globex, date: '2026-05-04' }),
    ).rejects.toMatchObject({
      code: 'BUSINESS_RULE_VIOLATED',
      message: expect.stringContaining('No person is linked to your membership'),
    });
  });
});
