import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { systemContext } from '../../platform/tenancy/tenant-context.ts';
import { seedTimeFixture, type TimeWorld } from './time-test-fixture.ts';

let t: TestTessera;
let app: HttpApp;
let w: TimeWorld;
const as: Record<string, TestIdentity> = {};

beforeAll(async () => {
  t = await openTestTessera();
  const opened = await openTestApp(t);
  app = opened.app;
  w = await seedTimeFixture(t, async (tenantId, b) => {
    as.jin = await opened.signIn(staffOf(tenantId, ['consultant'], { practice: [b.technology] }));
    as.elena = await opened.signIn(staffOf(tenantId, ['practice-lead'], { practice: [b.strategy] }));
    as.omar = await opened.signIn(staffOf(tenantId, ['project-manager']));
    as.ava = await opened.signIn({
      kind: 'client',
      tenantId,
      roles: ['client-approver'],
      scope: { legal_entity: 'all', practice: 'all', region: 'all', client: [b.globex], portfolio: 'all' },
    });
    as.priya = await opened.signIn(staffOf(tenantId, ['tenant-admin']));
    return {
      jin: as.jin.membershipId,
      elena: as.elena.membershipId,
      omar: as.omar.membershipId,
      ava: as.ava.membershipId,
    };
  });
  as.other = await opened.signIn(staffOf(w.otherTenantId, ['tenant-admin']));
}, 60_000);
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

const call = (
  who: string,
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
) =>
  app.inject({
    method,
    url,
    headers: (as[who] as TestIdentity).headers,
    ...(payload === undefined ? {} : { payload }),
  });
const csv = (who: string, body: string | Buffer) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/time-entries/import',
    headers: { ...(as[who] as TestIdentity).headers, 'content-type': 'text/csv' },
    payload: body,
  });
const entryCount = () =>
  t.tessera.withTenant(
    systemContext(w.tenantId, 'test'),
    async (tx) =>
      (await sql<{ n: number }>`SELECT count(*)::int AS n FROM time_entries`.execute(tx.db)).rows[0]?.n,
    { readOnly: true },
  );

describe('a week of time, through the API', () => {
  it('is opened, filled, submitted and approved by the manager and the client', async () => {
    const opened = await call('jin', 'POST', '/api/v1/timesheets', { weekStartsOn: '2026-03-02' });
    expect(opened.statusCode).toBe(201);
    expect((await call('jin', 'POST', '/api/v1/timesheets', { weekStartsOn: '2026-03-02' })).statusCode).toBe(
      200,
    );
    const tuesday = await call('jin', 'POST', '/api/v1/timesheets', { weekStartsOn: '2026-03-03' });
    expect(tuesday.statusCode).toBe(422);
    expect(tuesday.json().errors).toEqual([{ path: '/body/weekStartsOn', message: 'must be a Monday' }]);

    // A task of a project outside Jin's practice: known to him through his assignment.
    const booked = await call('jin', 'POST', '/api/v1/time-entries', {
      projectId: w.projects.globex,
      taskId: w.tasks.discovery,
      date: '2026-03-03',
      minutes: 240,
      note: 'Pricing workshop',
    });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({
      timesheetId: opened.json().id,
      billable: true,
      intercompany: false,
    });
    expect(booked.json()).not.toHaveProperty('internalNote');
    const secret = await call('jin', 'POST', '/api/v1/time-entries', {
      projectId: w.projects.globex,
      date: '2026-03-04',
      minutes: 30,
      internalNote: 'not mine to write',
    });
    expect(secret.statusCode).toBe(403);
    const notAssigned = await call('ava', 'POST', '/api/v1/time-entries', {
      projectId: w.projects.globex,
      date: '2026-03-04',
      minutes: 30,
    });
    expect(notAssigned.statusCode).toBe(403);

    // A consultant reads his own weeks (no read:time): the list of his timesheets with entries.
    const mine = await call('jin', 'GET', '/api/v1/timesheets/mine?week=2026-03-05');
    expect(mine.json().items).toHaveLength(1);
    expect(mine.json().items[0]).toMatchObject({ totalMinutes: 240, entries: [{ id: booked.json().id }] });
    expect((await call('jin', 'GET', '/api/v1/time-entries')).statusCode).toBe(403);

    const submitted = await call('jin', 'POST', `/api/v1/timesheets/${opened.json().id}/submit`, {});
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', round: 1 });
    expect((await call('jin', 'POST', `/api/v1/timesheets/${opened.json().id}/submit`, {})).json().code).toBe(
      'TIMESHEET_LOCKED',
    );

    const inbox = await call('omar', 'GET', '/api/v1/time-approvals?status=pending&decidableByMe=true');
    const managerStep = inbox
      .json()
      .items.find((s: { timesheetId: string }) => s.timesheetId === opened.json().id);
    expect(managerStep).toMatchObject({
      approver: 'project_manager',
      personId: w.people.jin,
      weekStartsOn: '2026-03-02',
    });
    const early = await call('ava', 'GET', '/api/v1/time-approvals?status=pending&decidableByMe=true');
    expect(early.json().items).toEqual([]);
    const forbidden = await call('ava', 'POST', `/api/v1/time-approvals/${managerStep.id}/approve`, {});
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json().detail).toBe("This step is decided by the project's manager, which you are not.");
    expect(
      (await call('omar', 'POST', `/api/v1/time-approvals/${managerStep.id}/approve`, {})).statusCode,
    ).toBe(200);

    const clientInbox = await call('ava', 'GET', '/api/v1/time-approvals?status=pending&decidableByMe=true');
    expect(clientInbox.json().items).toHaveLength(1);
    const clientStep = clientInbox.json().items[0];
    expect(clientStep).not.toHaveProperty('weekMinutes');
    // The client's approver reads the entries: the note, never the internal note or the segments.
    const entries = await call('ava', 'GET', `/api/v1/time-entries?timesheetId=${clientStep.timesheetId}`);
    expect(entries.json().items).toEqual([
      expect.objectContaining({ id: booked.json().id, note: 'Pricing workshop', minutes: 240 }),
    ]);
    expect(Object.keys(entries.json().items[0])).not.toContain('internalNote');
    expect(Object.keys(entries.json().items[0])).not.toContain('legalEntityId');
    expect((await call('ava', 'GET', `/api/v1/timesheets/${clientStep.timesheetId}`)).statusCode).toBe(404);
    const rejectWithout = await call('ava', 'POST', `/api/v1/time-approvals/${clientStep.id}/reject`, {});
    expect(rejectWithout.statusCode).toBe(400);
    expect(rejectWithout.json().errors).toEqual([{ path: '/body/reason', message: 'is required' }]);
    expect(
      (await call('ava', 'POST', `/api/v1/time-approvals/${clientStep.id}/approve`, {})).statusCode,
    ).toBe(200);

    const done = await call('jin', 'GET', '/api/v1/timesheets/mine?week=2026-03-02');
    expect(done.json().items[0]).toMatchObject({ status: 'approved', entries: [{ status: 'approved' }] });
    const locked = await call('jin', 'PATCH', `/api/v1/time-entries/${booked.json().id}`, { minutes: 1 });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().code).toBe('TIME_ENTRY_LOCKED');
  });

  it("answers another tenant's ids as unknown", async () => {
    const { items } = (await call('priya', 'GET', '/api/v1/time-entries?limit=1')).json();
    const { items: steps } = (await call('priya', 'GET', '/api/v1/time-approvals?limit=1')).json();
    const { items: sheets } = (await call('priya', 'GET', '/api/v1/timesheets?limit=1')).json();
    expect(items).toHaveLength(1);
    for (const url of [
      `/api/v1/time-entries/${items[0].id}`,
      `/api/v1/time-approvals/${steps[0].id}`,
      `/api/v1/timesheets/${sheets[0].id}`,
    ]) {
      expect((await call('priya', 'GET', url)).statusCode, url).toBe(200);
      expect((await call('other', 'GET', url)).statusCode, url).toBe(404);
    }
    expect(
      (await call('other', 'POST', `/api/v1/time-approvals/${steps[0].id}/approve`, {})).statusCode,
    ).toBe(404);
    expect((await call('other', 'DELETE', `/api/v1/time-entries/${items[0].id}`)).statusCode).toBe(404);
    expect((await call('other', 'GET', '/api/v1/time-entries')).json().items).toEqual([]);
  });
});

describe('the approval chain', () => {
  it('is read by readers of time and replaced, validated, by those who set time policy', async () => {
    const chain = (await call('omar', 'GET', '/api/v1/time-approval-steps')).json();
    expect(chain).toMatchObject({ isDefault: false, steps: [{ approver: 'project_manager' }, {}, {}] });
    expect((await call('omar', 'PUT', '/api/v1/time-approval-steps', { steps: [] })).statusCode).toBe(403);
    const invalid = await call('priya', 'PUT', '/api/v1/time-approval-steps', {
      steps: [
        { approver: 'practice_lead', condition: 'week_over_threshold' },
        { approver: 'client' },
        { approver: 'project_manager', thresholdMinutes: 60 },
      ],
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors.map((e: { path: string }) => e.path)).toEqual([
      '/body/steps/0/thresholdMinutes',
      '/body/steps/1/condition',
      '/body/steps/2/thresholdMinutes',
    ]);
    const other = await call('other', 'GET', '/api/v1/time-approval-steps');
    expect(other.json()).toEqual({
      isDefault: true,
      steps: [{ position: 1, approver: 'project_manager', condition: 'always', thresholdMinutes: null }],
    });
    const same = chain.steps.map(({ approver, condition, thresholdMinutes }: Record<string, unknown>) => ({
      approver,
      condition,
      thresholdMinutes,
    }));
    const replaced = await call('priya', 'PUT', '/api/v1/time-approval-steps', { steps: same });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toEqual(chain);
  });
});

describe('closed periods', () => {
  it('are closed, listed and reopened by month', async () => {
    expect((await call('priya', 'POST', '/api/v1/time-periods/2026-13/close', {})).statusCode).toBe(400);
    const closed = await call('priya', 'POST', '/api/v1/time-periods/2026-07/close', {});
    expect(closed.statusCode).toBe(201);
    expect(closed.json()).toMatchObject({ month: '2026-07', closedByMembershipId: as.priya?.membershipId });
    expect((await call('jin', 'POST', '/api/v1/time-periods/2026-07/close', {})).statusCode).toBe(403);
    const refused = await call('jin', 'POST', '/api/v1/time-entries', {
      projectId: w.projects.initech,
      date: '2026-07-06',
      minutes: 60,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'TIME_PERIOD_CLOSED', errors: [{ path: '/body/date' }] });
    expect(
      (await call('omar', 'GET', '/api/v1/time-periods')).json().items.map((p: { month: string }) => p.month),
    ).toEqual(['2026-07']);
    expect((await call('priya', 'POST', '/api/v1/time-periods/2026-07/reopen', {})).statusCode).toBe(200);
    expect((await call('other', 'GET', '/api/v1/time-periods')).json().items).toEqual([]);
  });
});

describe('CSV import', () => {
  const header = 'person_email,project_code,task_name,date,minutes,billable,note';

  it('with one bad line changes nothing and reports that line and column', async () => {
    const before = await entryCount();
    const file = [
      header,
      'lee@brightpath.example,INITECH-1,,2026-04-06,60,true,Standup',
      'lee@brightpath.example,INITECH-1,,2026-04-07,sixty,true,Migration',
      'jin@brightpath.example,GLOBEX-1,Discovery,2026-04-07,90,,"Workshop, day 2"',
    ].join('\r\n');
    const answer = await csv('priya', file);
    expect(answer.statusCode).toBe(400);
    expect(answer.json().errors).toEqual([
      {
        path: '/body/3/minutes',
        message: 'line 3, minutes: must be a whole number of minutes from 1 to 1440',
        line: 3,
        column: 'minutes',
      },
    ]);
    expect(await entryCount()).toBe(before);

    // A rule refusing a line (not assigned) is a 422 naming the line, and again nothing changes.
    const unassigned = await csv('priya', `${header}\nlee@brightpath.example,GLOBEX-1,,2026-04-06,60,,`);
    expect(unassigned.statusCode).toBe(422);
    expect(unassigned.json().errors).toMatchObject([{ line: 2, column: 'project_code' }]);
    expect(await entryCount()).toBe(before);
  });

  it('applies a valid file: drafts on the timesheets of the people of each line', async () => {
    const file = `${header}\nlee@brightpath.example,INITECH-1,,2026-04-06,60,true,Standup\nJIN@brightpath.example,GLOBEX-1,Discovery,2026-04-07,90,,"Workshop, ""day"" 2"\n`;
    const answer = await csv('priya', file);
    expect(answer.statusCode, answer.body).toBe(201);
    expect(answer.json()).toMatchObject({ imported: 2, timesheetsCreated: 2 });
    const [lee, jin] = answer.json().entryIds;
    expect((await call('priya', 'GET', `/api/v1/time-entries/${lee}`)).json()).toMatchObject({
      personId: w.people.lee,
      status: 'draft',
      intercompany: false,
    });
    expect((await call('priya', 'GET', `/api/v1/time-entries/${jin}`)).json()).toMatchObject({
      personId: w.people.jin,
      taskId: w.tasks.discovery,
      note: 'Workshop, "day" 2',
    });
  });

  it('refuses what is not CSV text: JSON, invalid UTF-8, and callers without import:time', async () => {
    expect((await call('priya', 'POST', '/api/v1/time-entries/import', { csv: header })).statusCode).toBe(
      400,
    );
    const bytes = await csv('priya', Buffer.concat([Buffer.from(`${header}\n`), Buffer.from([0xff, 0xfe])]));
    expect(bytes.statusCode).toBe(400);
    expect(bytes.json().errors).toEqual([{ path: '/body', message: 'is not valid UTF-8' }]);
    expect((await csv('omar', header)).statusCode).toBe(403);
    const empty = await csv('priya', `${header}\n`);
    expect(empty.statusCode).toBe(400);
    const broken = await csv('priya', `${header}\nlee@brightpath.example,"INITECH-1,,2026-04-06,60,,`);
    expect(broken.json().errors).toMatchObject([
      { line: 2, message: expect.stringContaining('never closed') },
    ]);
  });
});

describe('malformed CSV', () => {
  it('is refused with a 4xx problem naming lines, never a 5xx, and changes nothing', async () => {
    const before = await entryCount();
    const cell = fc.stringMatching(/^[a-z0-9@.," \r\n\u00e9-]{0,12}$/);
    const file = fc
      .array(fc.array(cell, { minLength: 1, maxLength: 9 }), { minLength: 1, maxLength: 6 })
      .map((rows) => `person_email,project_code,date,minutes\n${rows.map((r) => r.join(',')).join('\n')}`);
    await fc.assert(
      fc.asyncProperty(file, async (body) => {
        const answer = await csv('priya', body);
        expect([400, 422, 201], body).toContain(answer.statusCode);
        if (answer.statusCode === 201) return;
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        for (const error of answer.json().errors) expect(error.path).toMatch(/^\/body/);
      }),
      { seed: 4, numRuns: 150 },
    );
    const created = await entryCount();
    // Random lines name no assigned person and project: none was accepted.
    expect(created).toBe(before);
  });
});

describe('CSV export', () => {
  it('holds what the caller may see, the internal note only with confidential clearance', async () => {
    const booked = await call('elena', 'POST', '/api/v1/time-entries', {
      projectId: w.projects.globex,
      date: '2026-05-05',
      minutes: 45,
      note: '=HYPERLINK("x")',
      internalNote: 'margin is thin here',
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const exportAs = (who: string) =>
      call(who, 'GET', '/api/v1/time-entries/export?from=2026-05-04&to=2026-05-10');
    const full = await exportAs('priya');
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [head, row] = full.body.split('\r\n');
    expect(head?.split(',')).toContain('internal_note');
    expect(row).toContain('margin is thin here');
    expect(row).toContain(`"'=HYPERLINK(""x"")"`);
    expect(row).toContain('GLOBEX-1');
    const manager = await exportAs('omar');
    expect(manager.body.split('\r\n')[0]?.split(',')).not.toContain('internal_note');
    expect(manager.body).not.toContain('margin is thin');
    const client = await exportAs('ava');
    expect(client.body.split('\r\n')[0]).toBe(
      'id,person_id,project_id,project_code,task_id,task_name,date,minutes,billable,note,status,approved_at',
    );
    expect(client.body).toContain(booked.json().id);
    expect(
      (await call('other', 'GET', '/api/v1/time-entries/export?from=2026-05-04&to=2026-05-10')).body,
    ).toBe(
      'id,person_id,person_email,project_id,project_code,task_id,task_name,date,minutes,billable,note,status,approved_at,billing_state,invoice_id,intercompany,person_legal_entity_id,legal_entity_id,internal_note\r\n',
    );
    expect(
      (await call('priya', 'GET', '/api/v1/time-entries/export?from=2026-05-04&to=2027-06-01')).statusCode,
    ).toBe(422);
  });
});

describe('the OpenAPI document', () => {
  it('documents the import as a text/csv body and the export as a text/csv answer', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(document.paths['/api/v1/time-entries/import'].post.requestBody.content)).toEqual([
      'text/csv',
    ]);
    expect(Object.keys(document.paths['/api/v1/time-entries/export'].get.responses['200'].content)).toEqual([
      'text/csv',
    ]);
  });
});
