import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestApp, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { createContract } from '../contracts/index.ts';
import { type BrightpathSegments, seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { createProject } from '../projects/index.ts';
import { createPerson } from '../resources/index.ts';

let t: TestTessera;
let app: HttpApp;
let brightpath: string;
let b: BrightpathSegments;
let admin: TestIdentity;
let consultant: TestIdentity;
let kestrelAdmin: TestIdentity;
let strategyProject: string;
let cloudProject: string;
let dana: string;
let lars: string;
let consultantPerson: string;

const get = (url: string, who: TestIdentity) => app.inject({ method: 'GET', url, headers: who.headers });
const send = (method: 'POST' | 'PATCH', url: string, who: TestIdentity, payload: object) =>
  app.inject({ method, url, headers: who.headers, payload });
const assign = (who: TestIdentity, body: object) =>
  send('POST', '/api/v1/assignments', who, {
    projectId: strategyProject,
    personId: dana,
    role: 'consultant',
    allocationPercent: 50,
    startsOn: '2026-03-02',
    endsOn: '2026-03-27',
    ...body,
  });

beforeAll(async () => {
  t = await openTestTessera();
  brightpath = await createTestTenant(t.tessera, { name: 'Brightpath' });
  const kestrel = await createTestTenant(t.tessera, { name: 'Kestrel' });
  b = await seedBrightpath(t.tessera, brightpath);
  const opened = await openTestApp(t);
  app = opened.app;
  admin = await opened.signIn(staffOf(brightpath, ['tenant-admin']));
  consultant = await opened.signIn(staffOf(brightpath, ['consultant'], { practice: [b.technology] }));
  kestrelAdmin = await opened.signIn(staffOf(kestrel, ['tenant-admin']));
  await t.tessera.withTenant(staff(brightpath), async (tx) => {
    const contract = await createContract(tx, {
      clientId: b.globex,
      legalEntityId: b.inc,
      practiceId: b.strategy,
      name: 'Globex',
      currency: 'USD',
      billingModel: 'time_and_materials',
      startsOn: '2026-01-01',
    });
    const project = (code: string, practiceId: string) =>
      createProject(tx, {
        contractId: contract.id,
        practiceId,
        code,
        name: code,
        startsOn: '2026-02-01',
        endsOn: '2026-06-30',
      });
    strategyProject = (await project('STRATEGY', b.strategy)).id;
    cloudProject = (await project('CLOUD', b.cloud)).id;
    // Dana (Inc) and Lars (Ltd) are in Data, a practice of their own here; the consultant is in Cloud.
    dana = (
      await createPerson(tx, { name: 'Dana', kind: 'employee', legalEntityId: b.inc, practiceId: b.data })
    ).id;
    lars = (
      await createPerson(tx, { name: 'Lars', kind: 'employee', legalEntityId: b.ltd, practiceId: b.data })
    ).id;
    consultantPerson = (
      await createPerson(tx, {
        name: 'Casey Consultant',
        kind: 'employee',
        legalEntityId: b.inc,
        practiceId: b.cloud,
        membershipId: consultant.membershipId,
      })
    ).id;
  });
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('assignments', () => {
  it('staff a person on a project, across legal entities, carrying the person’s entity', async () => {
    const created = await assign(admin, { personId: lars, allocationPercent: 40 });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      projectId: strategyProject,
      personId: lars,
      personLegalEntityId: b.ltd,
      allocationPercent: 40,
      startsOn: '2026-03-02',
      endsOn: '2026-03-27',
    });
    const { id } = created.json();
    const changed = await send('PATCH', `/api/v1/assignments/${id}`, admin, {
      allocationPercent: 60,
      endsOn: '2026-04-24',
    });
    expect(changed.json()).toMatchObject({ allocationPercent: 60, endsOn: '2026-04-24' });
    const byPerson = (await get(`/api/v1/assignments?personId=${lars}`, admin)).json().items;
    expect(byPerson.map((a: { id: string }) => a.id)).toEqual([id]);
    expect((await get(`/api/v1/assignments?projectId=${cloudProject}`, admin)).json().items).toEqual([]);
  });

  it("refuse dates outside the project's (422 naming each), an inactive person and bad input", async () => {
    const outside = await assign(admin, { startsOn: '2026-01-15', endsOn: '2026-07-15' });
    expect(outside.statusCode).toBe(422);
    expect(outside.json().errors.map((e: { path: string }) => e.path)).toEqual([
      '/body/startsOn',
      '/body/endsOn',
    ]);
    const reversed = await assign(admin, { startsOn: '2026-03-10', endsOn: '2026-03-09' });
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/endsOn']);
    const invalid = await assign(admin, { allocationPercent: 0, personId: 'nobody', extra: true });
    expect(invalid.statusCode).toBe(400);
    const problems = new Set(invalid.json().errors.map((e: { path: string }) => e.path));
    for (const path of ['/body/allocationPercent', '/body/personId', '/body/extra'])
      expect(problems).toContain(path);
    const leaver = (
      await send('POST', '/api/v1/people', admin, { name: 'Leaver', kind: 'employee', legalEntityId: b.inc })
    ).json();
    expect(
      (await send('PATCH', `/api/v1/people/${leaver.id}`, admin, { status: 'left' })).json().status,
    ).toBe('left');
    const left = await assign(admin, { personId: leaver.id });
    expect(left.statusCode).toBe(422);
    expect(left.json().errors).toEqual([{ path: '/body/personId', message: 'has left' }]);
    const created = (await assign(admin, {})).json();
    const moved = await send('PATCH', `/api/v1/assignments/${created.id}`, admin, { endsOn: '2026-07-01' });
    expect(moved.statusCode).toBe(422);
    expect(moved.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/endsOn']);
    // Nor may the project shrink around it.
    const shrink = await send('PATCH', `/api/v1/projects/${strategyProject}`, admin, {
      endsOn: '2026-03-15',
    });
    expect(shrink.statusCode).toBe(422);
    expect(shrink.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/endsOn']);
  });

  it("are seen by the assigned person as their own outside their scope, and nobody else's are", async () => {
    const own = (await assign(admin, { personId: consultantPerson, allocationPercent: 20 })).json();
    const others = (await assign(admin, { personId: dana, allocationPercent: 10 })).json();
    expect((await get(`/api/v1/assignments/${own.id}`, consultant)).statusCode).toBe(200);
    expect((await get(`/api/v1/assignments/${others.id}`, consultant)).statusCode).toBe(404);
    expect((await get(`/api/v1/projects/${strategyProject}`, consultant)).statusCode).toBe(404);
    const listed = (await get('/api/v1/assignments?limit=200', consultant)).json().items;
    expect(listed.map((a: { id: string }) => a.id)).toEqual([own.id]);
    // Their own, not theirs to change: staffing needs write:staffing.
    expect((await send('PATCH', `/api/v1/assignments/${own.id}`, consultant, { role: 'x' })).statusCode).toBe(
      403,
    );
  });

  it('answer 404 to another tenant, and refuse its references with 422', async () => {
    const created = (await assign(admin, {})).json();
    expect((await get(`/api/v1/assignments/${created.id}`, kestrelAdmin)).statusCode).toBe(404);
    expect(
      (await send('PATCH', `/api/v1/assignments/${created.id}`, kestrelAdmin, { role: 'x' })).statusCode,
    ).toBe(404);
    const foreign = await assign(kestrelAdmin, {});
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/projectId']);
    expect((await get('/api/v1/assignments', kestrelAdmin)).json().items).toEqual([]);
  });
});

describe('the staffing view', () => {
  it('gives each person in scope their weekly capacity, allocation and load (known answer)', async () => {
    // Zoe (capacity 2250, Pricing) alone in her practice: 50 % Wed 4 – Fri 20 March on one
    // project, 33 % Mon 16 – Mon 23 March on another.
    const zoe = (
      await send('POST', '/api/v1/people', admin, {
        name: 'Zoe',
        kind: 'employee',
        legalEntityId: b.ltd,
        practiceId: b.pricing,
        capacityMinutesPerWeek: 2250,
      })
    ).json();
    const staffing = (projectId: string, allocationPercent: number, startsOn: string, endsOn: string) =>
      assign(admin, { projectId, personId: zoe.id, allocationPercent, startsOn, endsOn });
    expect((await staffing(strategyProject, 50, '2026-03-04', '2026-03-20')).statusCode).toBe(201);
    expect((await staffing(cloudProject, 33, '2026-03-16', '2026-03-23')).statusCode).toBe(201);
    const view = await get(`/api/v1/staffing?from=2026-03-05&weeks=4&practiceId=${b.strategy}`, admin);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      from: '2026-03-02',
      weeks: 4,
      thresholds: { overAbovePercent: 100, underBelowPercent: 80 },
    });
    expect(view.json().items).toEqual([
      {
        personId: zoe.id,
        name: 'Zoe',
        practiceId: b.pricing,
        capacityMinutesPerWeek: 2250,
        weeks: [
          // 50 × 2250 × 3 / 500 = 675
          {
            week: '2026-W10',
            startsOn: '2026-03-02',
            capacityMinutes: 2250,
            allocatedMinutes: 675,
            load: 'under',
          },
          // 50 × 2250 × 5 / 500 = 1125
          {
            week: '2026-W11',
            startsOn: '2026-03-09',
            capacityMinutes: 2250,
            allocatedMinutes: 1125,
            load: 'under',
          },
          // 1125 + 33 × 2250 × 5 / 500 = 1125 + 742.5 → 743: 1868 ≥ 1800 (80 %)
          {
            week: '2026-W12',
            startsOn: '2026-03-16',
            capacityMinutes: 2250,
            allocatedMinutes: 1868,
            load: 'ok',
          },
          // 33 × 2250 × 1 / 500 = 148.5 → 149
          {
            week: '2026-W13',
            startsOn: '2026-03-23',
            capacityMinutes: 2250,
            allocatedMinutes: 149,
            load: 'under',
          },
        ],
      },
    ]);
    const over = (await staffing(strategyProject, 100, '2026-03-09', '2026-03-13')).json();
    const week11 = (
      await get(`/api/v1/staffing?from=2026-03-09&weeks=1&practiceId=${b.pricing}`, admin)
    ).json();
    expect(week11.items[0].weeks[0]).toMatchObject({ allocatedMinutes: 3375, load: 'over' });
    expect(over.id).toEqual(expect.any(String));
  });

  it('is bounded, needs read:people too, and hides a practice out of scope like a missing one', async () => {
    expect((await get('/api/v1/staffing?from=2026-03-02&weeks=27', admin)).statusCode).toBe(400);
    expect((await get('/api/v1/staffing', admin)).statusCode).toBe(400);
    const outOfScope = await get(`/api/v1/staffing?from=2026-03-02&practiceId=${b.strategy}`, consultant);
    expect(outOfScope.statusCode).toBe(404);
    const mine = (await get('/api/v1/staffing?from=2026-03-02&weeks=1', consultant)).json();
    expect(mine.items.map((p: { personId: string }) => p.personId)).toEqual([consultantPerson]);
    // Their own assignment outside their scope counts toward their own load: 20 % of 2400 × 5 / 5.
    expect(mine.items[0].weeks[0]).toMatchObject({ allocatedMinutes: 480, load: 'under' });
    const client = await openTestApp(t).then((o) =>
      o.signIn({
        kind: 'client',
        tenantId: brightpath,
        roles: ['client-approver'],
        scope: { legal_entity: 'all', practice: 'all', region: 'all', client: [b.globex], portfolio: 'all' },
      }),
    );
    expect((await get('/api/v1/staffing?from=2026-03-02', client)).statusCode).toBe(403);
  });
});
