import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestApp, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { systemContext } from '../../platform/tenancy/tenant-context.ts';
import { type ExpenseScenario, seedExpenseScenario } from './expenses-test-fixture.ts';

let t: TestTessera;
let app: HttpApp;
let tenant: string;
let s: ExpenseScenario;
/** Lee: consultant, scoped to Technology (the Globex project, in Strategy, is outside it). */
let lee: TestIdentity;
/** Mia: project manager of both projects. */
let mia: TestIdentity;
/** Lou: practice lead of Strategy (approves Mia's own expenses on her Strategy project). */
let lou: TestIdentity;
/** Ava: Globex's approver. */
let ava: TestIdentity;
/** Another project manager, of neither project. */
let pat: TestIdentity;
/** A consultant of Kestrel, another tenant. */
let outsider: TestIdentity;

type Who = { headers: { authorization: string } };
const send = (method: 'POST' | 'PATCH' | 'DELETE', url: string, who: Who, payload?: object) =>
  app.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
const get = (url: string, who: Who) => app.inject({ method: 'GET', url, headers: who.headers });
const expense = (overrides: Record<string, unknown> = {}) => ({
  projectId: s.initechProject,
  incurredOn: '2026-03-10',
  category: 'travel',
  amount: { amountMinor: 12_550, currency: 'EUR' },
  description: 'Train to the client site',
  receiptReference: 'RCPT-0042',
  ...overrides,
});
async function recorded(who: Who, overrides: Record<string, unknown> = {}): Promise<string> {
  const created = await send('POST', '/api/v1/expenses', who, expense(overrides));
  expect(created.statusCode, created.body).toBe(201);
  return created.json().id;
}
async function submitted(who: Who, overrides: Record<string, unknown> = {}): Promise<string> {
  const id = await recorded(who, overrides);
  const answer = await send('POST', `/api/v1/expenses/${id}/submit`, who);
  expect(answer.statusCode, answer.body).toBe(200);
  expect(answer.json()).toMatchObject({ status: 'submitted', awaiting: 'project_manager' });
  return id;
}

beforeAll(async () => {
  t = await openTestTessera();
  const opened = await openTestApp(t);
  app = opened.app;
  tenant = await createTestTenant(t.tessera, { name: 'Brightpath' });
  const kestrel = await createTestTenant(t.tessera, { name: 'Kestrel' });
  s = await seedExpenseScenario(t.tessera, tenant, async (segments) => {
    lee = await opened.signIn(staffOf(tenant, ['consultant'], { practice: [segments.technology] }));
    mia = await opened.signIn(staffOf(tenant, ['project-manager']));
    lou = await opened.signIn(staffOf(tenant, ['practice-lead'], { practice: [segments.strategy] }));
    ava = await opened.signIn({
      kind: 'client',
      tenantId: tenant,
      roles: ['client-approver'],
      scope: {
        legal_entity: 'all',
        practice: 'all',
        region: 'all',
        client: [segments.globex],
        portfolio: 'all',
      },
    });
    return {
      consultant: lee.membershipId,
      manager: mia.membershipId,
      lead: lou.membershipId,
      client: ava.membershipId,
    };
  });
  pat = await opened.signIn(staffOf(tenant, ['project-manager']));
  outsider = await opened.signIn(staffOf(kestrel, ['tenant-admin']));
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('recording an expense', () => {
  it("records the caller's own expense under their assignment, with the project's segments", async () => {
    const created = await send('POST', '/api/v1/expenses', lee, expense());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      personId: s.people.lee,
      projectId: s.initechProject,
      clientId: s.segments.initech,
      legalEntityId: s.segments.ltd,
      practiceId: s.segments.cloud,
      regionId: s.segments.ukEu,
      portfolioId: s.segments.run,
      projectCurrency: 'GBP',
      amount: { amountMinor: 12_550, currency: 'EUR' },
      rebillable: false,
      status: 'draft',
      awaiting: null,
      intercompany: false,
      billingState: 'unbilled',
    });
  });

  it('flags an expense as inter-company when the spender is of another legal entity than the project', async () => {
    // Lee is of Brightpath Ltd; the Globex project is under Brightpath Inc. (and outside Lee's practice scope).
    const created = await send('POST', '/api/v1/expenses', lee, expense({ projectId: s.globexProject }));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      personLegalEntityId: s.segments.ltd,
      legalEntityId: s.segments.inc,
      intercompany: true,
    });
    const mine = (await get('/api/v1/expenses/mine?limit=200', lee))
      .json()
      .items.map((e: { id: string }) => e.id);
    expect(mine).toContain(created.json().id);
  });

  it('refuses a day outside the assignment, a project without one, and an internal note without clearance', async () => {
    const late = await send('POST', '/api/v1/expenses', lee, expense({ incurredOn: '2026-07-01' }));
    expect(late.statusCode).toBe(422);
    expect(late.json().errors).toEqual([
      { path: '/body/incurredOn', message: 'outside your assignments to this project' },
    ]);
    const notAssigned = await send('POST', '/api/v1/expenses', lou, expense());
    expect(notAssigned.statusCode).toBe(422);
    expect(notAssigned.json().code).toBe('REFERENCE_NOT_FOUND');
    const foreign = await send('POST', '/api/v1/expenses', outsider, expense());
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().code).toBe('REFERENCE_NOT_FOUND');
    const note = await send('POST', '/api/v1/expenses', lee, expense({ internalNote: 'for finance' }));
    expect(note.statusCode).toBe(403);
  });

  it('lets only the spender change or delete it, and only as a draft or rejected', async () => {
    const id = await recorded(lee);
    expect((await send('PATCH', `/api/v1/expenses/${id}`, mia, { description: 'Mine now' })).statusCode).toBe(
      403,
    );
    expect((await send('DELETE', `/api/v1/expenses/${id}`, mia)).statusCode).toBe(403);
    const changed = await send('PATCH', `/api/v1/expenses/${id}`, lee, {
      description: 'Taxi to the client site',
      amount: { amountMinor: 3_000, currency: 'GBP' },
      incurredOn: '2026-04-02',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({
      description: 'Taxi to the client site',
      incurredOn: '2026-04-02',
    });
    expect((await send('DELETE', `/api/v1/expenses/${id}`, lee)).statusCode).toBe(204);
    expect((await get(`/api/v1/expenses/${id}`, mia)).statusCode).toBe(404);
  });
});

describe('approval', () => {
  it('goes to the project manager only, then locks, when no client step applies', async () => {
    const id = await submitted(lee);
    expect((await send('PATCH', `/api/v1/expenses/${id}`, lee, { description: 'x' })).statusCode).toBe(409);
    // Another project manager, the practice lead and the spender are not the awaited approver.
    expect((await send('POST', `/api/v1/expenses/${id}/approve`, pat)).statusCode).toBe(403);
    expect((await send('POST', `/api/v1/expenses/${id}/approve`, ava)).statusCode).toBe(404);
    const approved = await send('POST', `/api/v1/expenses/${id}/approve`, mia);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      awaiting: null,
      managerDecidedByMembershipId: mia.membershipId,
    });
    expect(approved.json().approvedAt).not.toBeNull();
    // Locked: no change, deletion, resubmission or second decision.
    expect((await send('PATCH', `/api/v1/expenses/${id}`, lee, { description: 'x' })).statusCode).toBe(409);
    expect((await send('DELETE', `/api/v1/expenses/${id}`, lee)).statusCode).toBe(409);
    expect((await send('POST', `/api/v1/expenses/${id}/submit`, lee)).statusCode).toBe(409);
    expect((await send('POST', `/api/v1/expenses/${id}/approve`, mia)).statusCode).toBe(409);
    expect((await send('POST', `/api/v1/expenses/${id}/reject`, mia, { reason: 'late' })).statusCode).toBe(
      409,
    );
  });

  it('skips the client step for an expense that is not re-billable, even under a contract that requires it', async () => {
    const id = await submitted(lee, { projectId: s.globexProject, rebillable: false });
    const approved = await send('POST', `/api/v1/expenses/${id}/approve`, mia);
    expect(approved.json()).toMatchObject({ status: 'approved', awaiting: null });
  });

  it("adds the client's step for a re-billable expense when the contract requires it", async () => {
    const id = await submitted(lee, { projectId: s.globexProject, rebillable: true });
    expect((await send('POST', `/api/v1/expenses/${id}/approve`, ava)).statusCode).toBe(403);
    const managed = await send('POST', `/api/v1/expenses/${id}/approve`, mia);
    expect(managed.json()).toMatchObject({ status: 'submitted', awaiting: 'client', approvedAt: null });
    // Now only Globex's approver decides.
    expect((await send('POST', `/api/v1/expenses/${id}/approve`, mia)).statusCode).toBe(403);
    const inbox = (await get('/api/v1/expenses?inbox=true', ava))
      .json()
      .items.map((e: { id: string }) => e.id);
    expect(inbox).toContain(id);
    expect(
      (await get('/api/v1/expenses?inbox=true', mia)).json().items.map((e: { id: string }) => e.id),
    ).not.toContain(id);
    const approved = await send('POST', `/api/v1/expenses/${id}/approve`, ava);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      clientDecidedByMembershipId: ava.membershipId,
    });
    expect((await send('POST', `/api/v1/expenses/${id}/approve`, ava)).statusCode).toBe(409);
  });

  it('takes a rejection with a reason at either step, and a resubmission after a change', async () => {
    const id = await submitted(lee, { projectId: s.globexProject, rebillable: true });
    expect((await send('POST', `/api/v1/expenses/${id}/reject`, mia, {})).statusCode).toBe(400);
    const rejected = await send('POST', `/api/v1/expenses/${id}/reject`, mia, { reason: 'Receipt missing' });
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      awaiting: null,
      rejectionReason: 'Receipt missing',
    });
    expect((await send('POST', `/api/v1/expenses/${id}/approve`, mia)).statusCode).toBe(409);
    const changed = await send('PATCH', `/api/v1/expenses/${id}`, lee, { receiptReference: 'RCPT-0043' });
    expect(changed.json()).toMatchObject({ status: 'rejected', receiptReference: 'RCPT-0043' });
    const again = await send('POST', `/api/v1/expenses/${id}/submit`, lee);
    expect(again.json()).toMatchObject({
      status: 'submitted',
      awaiting: 'project_manager',
      rejectionReason: null,
      managerDecidedAt: null,
    });
    await send('POST', `/api/v1/expenses/${id}/approve`, mia);
    const byClient = await send('POST', `/api/v1/expenses/${id}/reject`, ava, {
      reason: 'Not in the agreed budget',
    });
    expect(byClient.json()).toMatchObject({
      status: 'rejected',
      rejectionReason: 'Not in the agreed budget',
      clientDecidedByMembershipId: ava.membershipId,
    });
  });

  it("sends a manager's own expense to the lead of the project's practice", async () => {
    const id = await submitted(mia, { projectId: s.globexProject });
    expect((await send('POST', `/api/v1/expenses/${id}/approve`, mia)).statusCode).toBe(403);
    expect(
      (await get('/api/v1/expenses?inbox=true', lou)).json().items.map((e: { id: string }) => e.id),
    ).toEqual([id]);
    expect((await send('POST', `/api/v1/expenses/${id}/approve`, lou)).json()).toMatchObject({
      status: 'approved',
    });
  });

  it('records an audit event and an outbox event for every change', async () => {
    const id = await submitted(lee, { projectId: s.globexProject, rebillable: true });
    await send('POST', `/api/v1/expenses/${id}/approve`, mia);
    await send('POST', `/api/v1/expenses/${id}/approve`, ava);
    const { audit, outbox } = await t.tessera.withTenant(
      systemContext(tenant, 'test'),
      async (tx) => ({
        audit: (
          await sql<{ action: string; membership_id: string }>`
            SELECT action, membership_id FROM audit_events
            WHERE resource_kind = 'expense' AND resource_id = ${id} ORDER BY seq`.execute(tx.db)
        ).rows,
        outbox: (
          await sql<{ topic: string; payload: { expense: Record<string, unknown> } }>`
            SELECT topic, payload FROM outbox_events
            WHERE resource_kind = 'expense' AND resource_id = ${id} ORDER BY seq`.execute(tx.db)
        ).rows,
      }),
      { readOnly: true },
    );
    expect(audit).toEqual([
      { action: 'expense.created', membership_id: lee.membershipId },
      { action: 'expense.submitted', membership_id: lee.membershipId },
      { action: 'expense.step_approved', membership_id: mia.membershipId },
      { action: 'expense.approved', membership_id: ava.membershipId },
    ]);
    expect(outbox.map((event) => event.topic)).toEqual(audit.map((event) => event.action));
    expect(Object.keys(outbox[0]?.payload.expense ?? {})).not.toContain('internalNote');
  });
});

describe('who sees what', () => {
  it("shows a client's approver their client's expenses without internal fields or the internal note", async () => {
    const leads = await louOnTheGlobexProject();
    const id = await recorded(leads, {
      projectId: s.globexProject,
      internalNote: 'canary:expense:internal-note',
    });
    const seen = await get(`/api/v1/expenses/${id}`, ava);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('canary:expense:internal-note');
    expect(Object.keys(seen.json())).not.toEqual(expect.arrayContaining(['internalNote']));
    for (const field of ['legalEntityId', 'practiceId', 'contractId', 'intercompany', 'billingState'])
      expect(seen.json(), field).not.toHaveProperty(field);
    expect((await get(`/api/v1/expenses/${id}`, lou)).json().internalNote).toBe(
      'canary:expense:internal-note',
    );
    // Initech's expenses do not exist for Globex's approver.
    const initech = await recorded(lee);
    expect((await get(`/api/v1/expenses/${initech}`, ava)).statusCode).toBe(404);
    const listed = (await get('/api/v1/expenses?limit=200', ava)).json().items;
    expect(listed.every((e: { clientId: string }) => e.clientId === s.segments.globex)).toBe(true);
  });

  it("answers another tenant's expense as not found, for reading and deciding", async () => {
    const id = await submitted(lee);
    expect((await get(`/api/v1/expenses/${id}`, outsider)).statusCode).toBe(404);
    expect((await send('POST', `/api/v1/expenses/${id}/approve`, outsider)).statusCode).toBe(404);
    expect((await send('PATCH', `/api/v1/expenses/${id}`, outsider, { description: 'x' })).statusCode).toBe(
      404,
    );
    expect((await send('DELETE', `/api/v1/expenses/${id}`, outsider)).statusCode).toBe(404);
  });

  it('filters lists by status, project, person and dates, in keyset pages', async () => {
    const first = await get(`/api/v1/expenses?projectId=${s.initechProject}&status=draft&limit=1`, mia);
    expect(first.json().items).toHaveLength(1);
    const cursor = first.json().nextCursor;
    expect(cursor).toBe(first.json().items[0].id);
    const next = await get(
      `/api/v1/expenses?projectId=${s.initechProject}&status=draft&limit=1&cursor=${cursor}`,
      mia,
    );
    expect(next.json().items[0]?.id ?? null).not.toBe(cursor);
    const april = (
      await get(`/api/v1/expenses?personId=${s.people.lee}&from=2026-04-01&to=2026-04-30`, mia)
    ).json().items;
    expect(april.every((e: { incurredOn: string }) => e.incurredOn.startsWith('2026-04'))).toBe(true);
  });
});

/** Lou, who may write confidential fields (practice lead), as a spender on the Globex project. */
async function louOnTheGlobexProject(): Promise<Who> {
  await t.tessera.withTenant(systemContext(tenant, 'test'), async (tx) => {
    await sql`
      INSERT INTO assignments (tenant_id, id, project_id, contract_id, client_id, legal_entity_id, practice_id,
        region_id, portfolio_id, currency, person_id, person_legal_entity_id, person_membership_id,
        allocation_percent, starts_on, ends_on)
      SELECT p.tenant_id, gen_random_uuid(), p.id, p.contract_id, p.client_id, p.legal_entity_id, p.practice_id,
        p.region_id, p.portfolio_id, p.currency, pe.id, pe.legal_entity_id, pe.membership_id, 50,
        '2026-01-01', '2026-12-31'
      FROM projects p, people pe
      WHERE p.tenant_id = ${tenant} AND p.id = ${s.globexProject} AND pe.tenant_id = ${tenant} AND pe.id = ${s.people.lou}
        AND NOT EXISTS (SELECT 1 FROM assignments a WHERE a.tenant_id = ${tenant} AND a.person_id = ${s.people.lou})`.execute(
      tx.db,
    );
    tx.audit({ action: 'assignment.created', resourceKind: 'assignment', resourceId: s.people.lou });
  });
  return lou;
}
