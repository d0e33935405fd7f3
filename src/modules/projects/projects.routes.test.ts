import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestApp, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { createContract } from '../contracts/index.ts';
import { type BrightpathSegments, seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { createPerson } from '../resources/index.ts';

let t: TestTessera;
let app: HttpApp;
let brightpath: string;
let b: BrightpathSegments;
let globexContract: string;
let initechContract: string;
let manager: string;
let admin: TestIdentity;
let notesAdmin: TestIdentity;
let growthPm: TestIdentity;
let globexApprover: TestIdentity;
let initechApprover: TestIdentity;
let kestrelAdmin: TestIdentity;

type Headers = { authorization: string };
const get = (url: string, who: TestIdentity) => app.inject({ method: 'GET', url, headers: who.headers });
const send = (method: 'POST' | 'PATCH', url: string, who: TestIdentity | Headers, payload: object) =>
  app.inject({ method, url, headers: 'headers' in who ? who.headers : who, payload });
const paths = (response: { json(): { errors?: { path: string }[] } }) =>
  (response.json().errors ?? []).map((e) => e.path);
let codes = 0;
const projectBody = (overrides: object = {}) => ({
  contractId: globexContract,
  practiceId: b.pricing,
  portfolioId: b.growth,
  code: `GLX-${++codes}`,
  name: `Globex pricing ${codes}`,
  managerPersonId: manager,
  startsOn: '2026-02-01',
  endsOn: '2026-07-31',
  budgetMinutes: 30_000,
  budget: { amountMinor: 12_000_000, currency: 'USD' },
  ...overrides,
});

beforeAll(async () => {
  t = await openTestTessera();
  brightpath = await createTestTenant(t.tessera, { name: 'Brightpath' });
  const kestrel = await createTestTenant(t.tessera, { name: 'Kestrel' });
  b = await seedBrightpath(t.tessera, brightpath);
  await seedBrightpath(t.tessera, kestrel, 'Kestrel ');
  await t.tessera.withTenant(staff(brightpath), async (tx) => {
    const contract = (clientId: string, legalEntityId: string, practiceId: string, currency: string) =>
      createContract(tx, {
        clientId,
        legalEntityId,
        practiceId,
        name: `Contract ${currency}`,
        currency,
        billingModel: 'fixed_fee',
        startsOn: '2026-01-01',
      });
    globexContract = (await contract(b.globex, b.inc, b.pricing, 'USD')).id;
    initechContract = (await contract(b.initech, b.ltd, b.cloud, 'GBP')).id;
    manager = (await createPerson(tx, { name: 'Mia Manager', kind: 'employee', legalEntityId: b.inc })).id;
  });
  const opened = await openTestApp(t);
  app = opened.app;
  admin = await opened.signIn(staffOf(brightpath, ['project-manager']));
  notesAdmin = await opened.signIn(staffOf(brightpath, ['practice-lead']));
  growthPm = await opened.signIn(staffOf(brightpath, ['project-manager'], { portfolio: [b.growth] }));
  const approver = (client: string) => ({
    kind: 'client' as const,
    tenantId: brightpath,
    roles: ['client-approver'],
    scope: {
      legal_entity: 'all',
      practice: 'all',
      region: 'all',
      client: [client],
      portfolio: 'all',
    } as const,
  });
  globexApprover = await opened.signIn(approver(b.globex));
  initechApprover = await opened.signIn(approver(b.initech));
  kestrelAdmin = await opened.signIn(staffOf(kestrel, ['tenant-admin']));
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('projects', () => {
  it('are created under a contract, carrying its client, legal entity, region and currency', async () => {
    const created = await send('POST', '/api/v1/projects', admin, projectBody({ code: 'GLX-PRICING' }));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      contractId: globexContract,
      clientId: b.globex,
      legalEntityId: b.inc,
      regionId: b.us,
      practiceId: b.pricing,
      portfolioId: b.growth,
      currency: 'USD',
      code: 'GLX-PRICING',
      status: 'planned',
      budget: { amountMinor: 12_000_000, currency: 'USD' },
    });
    const { id } = created.json();
    expect((await get(`/api/v1/projects/${id}`, admin)).json().code).toBe('GLX-PRICING');
    const changed = await send('PATCH', `/api/v1/projects/${id}`, admin, {
      status: 'active',
      name: 'Renamed',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ status: 'active', name: 'Renamed', code: 'GLX-PRICING' });
    expect(
      (await send('POST', '/api/v1/projects', admin, projectBody({ code: 'GLX-PRICING' }))).statusCode,
    ).toBe(409);
  });

  it('are listed a page at a time and filtered by contract, client, practice, portfolio and status', async () => {
    const initech = await send(
      'POST',
      '/api/v1/projects',
      admin,
      projectBody({ contractId: initechContract, practiceId: b.cloud, portfolioId: b.run, budget: null }),
    );
    expect(initech.statusCode, initech.body).toBe(201);
    expect(initech.json()).toMatchObject({ clientId: b.initech, legalEntityId: b.ltd, currency: 'GBP' });
    const ids = (response: { json(): { items: { id: string }[] } }) => response.json().items.map((p) => p.id);
    expect(ids(await get(`/api/v1/projects?contractId=${initechContract}`, admin))).toEqual([
      initech.json().id,
    ]);
    expect(ids(await get(`/api/v1/projects?clientId=${b.initech}`, admin))).toEqual([initech.json().id]);
    expect(ids(await get(`/api/v1/projects?portfolioId=${b.run}`, admin))).toEqual([initech.json().id]);
    expect(ids(await get(`/api/v1/projects?practiceId=${b.cloud}&status=planned`, admin))).toEqual([
      initech.json().id,
    ]);
    expect(ids(await get(`/api/v1/projects?practiceId=${b.cloud}&status=active`, admin))).toEqual([]);
    const all = ids(await get('/api/v1/projects?limit=200', admin));
    const first = await get('/api/v1/projects?limit=1', admin);
    expect(ids(first)).toEqual([all[0]]);
    const second = await get(`/api/v1/projects?limit=1&cursor=${first.json().nextCursor}`, admin);
    expect(ids(second)).toEqual([all[1]]);
    expect((await get('/api/v1/projects?status=late', admin)).statusCode).toBe(400);
  });

  it('refuse invalid input with 400 naming each field, and broken business rules with 422', async () => {
    const invalid = await send('POST', '/api/v1/projects', admin, {
      ...projectBody(),
      code: 'lower case',
      startsOn: '2026-02-30',
      budgetMinutes: -1,
      tenantId: brightpath,
    });
    expect(invalid.statusCode).toBe(400);
    for (const path of ['/body/code', '/body/startsOn', '/body/budgetMinutes', '/body/tenantId'])
      expect(paths(invalid), path).toContain(path);
    const currency = await send(
      'POST',
      '/api/v1/projects',
      admin,
      projectBody({ budget: { amountMinor: 1, currency: 'EUR' } }),
    );
    expect(currency.statusCode).toBe(422);
    expect(currency.json().errors).toEqual([{ path: '/body/budget/currency', message: 'must be USD' }]);
    const dates = await send('POST', '/api/v1/projects', admin, projectBody({ endsOn: '2026-01-31' }));
    expect(dates.statusCode).toBe(422);
    expect(paths(dates)).toEqual(['/body/endsOn']);
    const nowhere = await send('POST', '/api/v1/projects', admin, projectBody({ managerPersonId: b.globex }));
    expect(nowhere.statusCode).toBe(422);
    expect(paths(nowhere)).toEqual(['/body/managerPersonId']);
  });

  it('show internal notes only from confidential clearance, which writing them also needs', async () => {
    const created = await send(
      'POST',
      '/api/v1/projects',
      notesAdmin,
      projectBody({ internalNotes: 'Fee at risk' }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const { id } = created.json();
    expect((await get(`/api/v1/projects/${id}`, notesAdmin)).json().internalNotes).toBe('Fee at risk');
    const masked = await get(`/api/v1/projects/${id}`, admin);
    expect(masked.statusCode).toBe(200);
    expect(masked.json()).not.toHaveProperty('internalNotes');
    expect(masked.body).not.toContain('Fee at risk');
    expect((await send('PATCH', `/api/v1/projects/${id}`, admin, { internalNotes: 'x' })).statusCode).toBe(
      403,
    );
    // A client's approver sees what the project is, not its budget, manager or segments.
    const client = (await get(`/api/v1/projects/${id}`, globexApprover)).json();
    expect(client).toMatchObject({ id, name: expect.any(String), status: 'planned' });
    for (const field of ['budget', 'budgetMinutes', 'managerPersonId', 'practiceId', 'internalNotes'])
      expect(client, field).not.toHaveProperty(field);
  });

  it('answer 404 outside the caller’s scope and to another tenant, for reads and writes', async () => {
    const run = (await send('POST', '/api/v1/projects', admin, projectBody({ portfolioId: b.run }))).json();
    const growth = (await send('POST', '/api/v1/projects', admin, projectBody())).json();
    expect((await get(`/api/v1/projects/${run.id}`, growthPm)).statusCode).toBe(404);
    expect((await send('PATCH', `/api/v1/projects/${run.id}`, growthPm, { name: 'Mine' })).statusCode).toBe(
      404,
    );
    expect((await get(`/api/v1/projects/${growth.id}`, growthPm)).statusCode).toBe(200);
    const listed = (await get('/api/v1/projects?limit=200', growthPm))
      .json()
      .items.map((p: { id: string }) => p.id);
    expect(listed).toContain(growth.id);
    expect(listed).not.toContain(run.id);
    // A project created by a portfolio-scoped manager must be in that portfolio.
    const outside = await send('POST', '/api/v1/projects', growthPm, projectBody({ portfolioId: b.run }));
    expect(outside.statusCode).toBe(422);
    expect(paths(outside)).toEqual(['/body/portfolioId']);
    const none = await send('POST', '/api/v1/projects', growthPm, projectBody({ portfolioId: null }));
    expect(none.statusCode).toBe(422);
    expect(none.json().errors).toEqual([{ path: '/body/portfolioId', message: 'is required in your scope' }]);
    expect((await get(`/api/v1/projects/${growth.id}`, initechApprover)).statusCode).toBe(404);
    expect((await get(`/api/v1/projects/${growth.id}`, kestrelAdmin)).statusCode).toBe(404);
    expect(
      (await send('PATCH', `/api/v1/projects/${growth.id}`, kestrelAdmin, { name: 'Mine' })).statusCode,
    ).toBe(404);
    const foreign = await send('POST', '/api/v1/projects', kestrelAdmin, projectBody());
    expect(foreign.statusCode).toBe(422);
    expect((await get('/api/v1/projects', kestrelAdmin)).json().items).toEqual([]);
  });
});

describe('tasks', () => {
  it('are added to a visible project, listed by project, changed, and hidden from another tenant', async () => {
    const project = (await send('POST', '/api/v1/projects', admin, projectBody())).json();
    const created = await send('POST', '/api/v1/tasks', admin, {
      projectId: project.id,
      name: 'Discovery',
      budgetMinutes: 600,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      projectId: project.id,
      name: 'Discovery',
      billable: true,
      status: 'open',
    });
    const { id } = created.json();
    expect(
      (await send('POST', '/api/v1/tasks', admin, { projectId: project.id, name: 'Discovery' })).statusCode,
    ).toBe(409);
    const listed = (await get(`/api/v1/tasks?projectId=${project.id}`, admin)).json().items;
    expect(listed.map((task: { id: string }) => task.id)).toEqual([id]);
    const closed = await send('PATCH', `/api/v1/tasks/${id}`, admin, { status: 'closed', billable: false });
    expect(closed.json()).toMatchObject({ status: 'closed', billable: false });
    expect((await get(`/api/v1/tasks/${id}`, globexApprover)).json()).not.toHaveProperty('budgetMinutes');
    expect((await get(`/api/v1/tasks/${id}`, kestrelAdmin)).statusCode).toBe(404);
    expect((await send('PATCH', `/api/v1/tasks/${id}`, kestrelAdmin, { name: 'x' })).statusCode).toBe(404);
    const missing = await send('POST', '/api/v1/tasks', kestrelAdmin, { projectId: project.id, name: 'x' });
    expect(missing.statusCode).toBe(422);
    expect(paths(missing)).toEqual(['/body/projectId']);
  });
});

describe('milestones', () => {
  it('are in the project’s currency and go planned → ready → accepted or rejected by the client', async () => {
    const project = (await send('POST', '/api/v1/projects', admin, projectBody())).json();
    const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });
    const eur = await send('POST', '/api/v1/milestones', admin, {
      projectId: project.id,
      name: 'Phase 1',
      amount: { amountMinor: 100, currency: 'EUR' },
      dueOn: '2026-03-31',
    });
    expect(eur.statusCode).toBe(422);
    expect(eur.json().errors).toEqual([{ path: '/body/amount/currency', message: 'must be USD' }]);
    const created = await send('POST', '/api/v1/milestones', admin, {
      projectId: project.id,
      name: 'Phase 1',
      amount: usd(2_500_000),
      dueOn: '2026-03-31',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ status: 'planned', amount: usd(2_500_000), decidedAt: null });
    const url = `/api/v1/milestones/${created.json().id}`;
    // Only a ready milestone is decided; only the client (accept:milestones) decides.
    const early = await send('POST', `${url}/accept`, globexApprover, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('CONFLICT');
    expect((await send('POST', `${url}/ready`, globexApprover, {})).statusCode).toBe(403);
    expect((await send('POST', `${url}/ready`, admin, {})).json().status).toBe('ready');
    expect((await send('POST', `${url}/accept`, admin, {})).statusCode).toBe(403);
    expect((await send('POST', `${url}/accept`, initechApprover, {})).statusCode).toBe(404);
    expect((await send('POST', `${url}/reject`, globexApprover, {})).statusCode).toBe(400);
    const rejected = await send('POST', `${url}/reject`, globexApprover, { note: 'Scope incomplete' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ status: 'rejected', decisionNote: 'Scope incomplete' });
    expect(rejected.json()).not.toHaveProperty('decidedByMembershipId');
    expect(rejected.json().decidedAt).toEqual(expect.any(String));
    expect((await send('PATCH', url, admin, { amount: usd(2_000_000) })).json().amount).toEqual(
      usd(2_000_000),
    );
    expect((await send('POST', `${url}/ready`, admin, {})).json()).toMatchObject({
      status: 'ready',
      decidedAt: null,
    });
    const accepted = await send('POST', `${url}/accept`, globexApprover, { note: 'Thanks' });
    expect(accepted.json()).toMatchObject({ status: 'accepted', decisionNote: 'Thanks' });
    expect((await get(url, admin)).json().decidedByMembershipId).toBe(globexApprover.membershipId);
    expect((await send('PATCH', url, admin, { name: 'Changed' })).statusCode).toBe(409);
    expect((await send('POST', `${url}/ready`, admin, {})).statusCode).toBe(409);
    const listed = await get(`/api/v1/milestones?projectId=${project.id}&status=accepted`, admin);
    expect(listed.json().items.map((m: { id: string }) => m.id)).toEqual([created.json().id]);
    expect((await get(url, kestrelAdmin)).statusCode).toBe(404);
    expect((await send('POST', `${url}/reject`, kestrelAdmin, { note: 'x' })).statusCode).toBe(404);
  });
});
