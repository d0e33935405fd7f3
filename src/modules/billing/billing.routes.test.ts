import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAssignmentRow, insertProjectRow } from '../../../test/support/delivery-fixture.ts';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { headerPrincipal } from '../../../test/support/header-principal.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { Permission } from '../../platform/auth/principal.ts';
import { buildTestApp } from '../../platform/http/http-test-fixture.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { addRate, createContract, createRateCard } from '../contracts/index.ts';
import { createChart } from '../ledger/index.ts';
import { seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { createPerson } from '../resources/index.ts';
import { billingRoutes } from './billing.routes.ts';

let t: TestTessera;
let app: HttpApp;
let tenantId: string;
let inc: string;

const FINANCE: Permission[] = [
  'run:billing',
  'read:invoices',
  'approve:invoices',
  'issue:invoices',
] as Permission[];

/** Signed in by test headers (test/support/header-principal.ts). */
const authenticate = headerPrincipal({ tenantId: () => tenantId });

const send = (method: 'GET' | 'POST', url: string, perms: readonly string[], body?: object, headers = {}) =>
  app.inject({
    method,
    url,
    headers: { 'x-perms': perms.join(' '), ...headers },
    ...(body ? { payload: body } : {}),
  });

beforeAll(async () => {
  t = await openTestTessera();
  tenantId = await createTestTenant(t.tessera, { name: 'Brightpath' });
  const b = await seedBrightpath(t.tessera, tenantId);
  inc = b.inc;
  await t.tessera.withTenant(staff(tenantId), async (tx) => {
    await createChart(tx, { legalEntityId: b.inc });
    const person = await createPerson(tx, {
      name: 'Jin',
      email: 'jin@brightpath.example',
      kind: 'employee',
      legalEntityId: b.inc,
      practiceId: b.pricing,
      membershipId: uuidv7(),
    });
    const contract = await createContract(tx, {
      name: 'Globex pricing',
      clientId: b.globex,
      legalEntityId: b.inc,
      practiceId: b.pricing,
      currency: 'USD',
      billingModel: 'time_and_materials',
      startsOn: '2026-01-01',
      status: 'active',
    });
    const card = await createRateCard(tx, { name: 'Globex', contractId: contract.id });
    await addRate(tx, card.id, {
      personId: person.id,
      hourlyRate: { amountMinor: 10000, currency: 'USD' },
      validFrom: '2026-01-01',
    });
    const project = await insertProjectRow(tx, {
      contractId: contract.id,
      practiceId: b.pricing,
      code: 'G-1',
    });
    const assignment = await insertAssignmentRow(tx, { personId: person.id, projectId: project });
    const sheet = uuidv7();
    await sql`INSERT INTO timesheets (tenant_id, id, person_id, person_legal_entity_id, person_practice_id,
        person_membership_id, week_starts_on, status, round, submitted_at, decided_at)
      SELECT tenant_id, ${sheet}, id, legal_entity_id, practice_id, membership_id, '2026-03-02'::date,
        'approved', 1, now(), now() FROM people WHERE tenant_id = ${tenantId} AND id = ${person.id}`.execute(
      tx.db,
    );
    for (const [day, minutes] of [
      ['2026-03-02', 60],
      ['2026-03-03', 30],
    ] as const)
      await sql`INSERT INTO time_entries (tenant_id, id, timesheet_id, week_starts_on, person_id, person_legal_entity_id,
          person_membership_id, assignment_id, project_id, contract_id, client_id, legal_entity_id, practice_id,
          region_id, portfolio_id, currency, work_date, minutes, billable, status, approved_at)
        SELECT s.tenant_id, ${uuidv7()}, s.id, s.week_starts_on, s.person_id, s.person_legal_entity_id,
          s.person_membership_id, ${assignment}, p.id, p.contract_id, p.client_id, p.legal_entity_id, p.practice_id,
          p.region_id, p.portfolio_id, p.currency, ${day}::date, ${minutes}, true, 'approved', now()
        FROM timesheets s JOIN projects p ON p.tenant_id = s.tenant_id AND p.id = ${project}
        WHERE s.tenant_id = ${tenantId} AND s.id = ${sheet}`.execute(tx.db);
    tx.audit({ action: 'test.seeded', resourceKind: 'time_entry', resourceId: null });
  });
  app = await buildTestApp({ authenticate, modules: [billingRoutes(t.tessera.withTenant)] });
}, 120_000);
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('the billing routes', () => {
  const body = {
    legalEntityId: '',
    periodFrom: '2026-03-01',
    periodTo: '2026-03-31',
    vatCategory: 'S',
    vatRate: '25',
  };

  it('require an Idempotency-Key and the permission', async () => {
    const run = { ...body, legalEntityId: inc };
    expect((await send('POST', '/api/v1/billing-runs', FINANCE, run)).statusCode).toBe(400);
    const forbidden = await send('POST', '/api/v1/billing-runs', ['read:invoices'], run, {
      'idempotency-key': 'k0',
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('preview, run, replay, approve and issue an invoice over HTTP', async () => {
    const run = { ...body, legalEntityId: inc };
    const dry = await send(
      'POST',
      '/api/v1/billing-runs',
      FINANCE,
      { ...run, dryRun: true },
      { 'idempotency-key': 'k1' },
    );
    expect(dry.statusCode).toBe(200);
    expect(dry.json().preview[0]).toMatchObject({ netMinor: 15000, vatMinor: 3750, grossMinor: 18750 });
    const first = await send('POST', '/api/v1/billing-runs', FINANCE, run, { 'idempotency-key': 'k1' });
    expect(first.statusCode).toBe(201);
    const invoice = first.json().invoices[0];
    expect(invoice).toMatchObject({ status: 'draft', netMinor: 15000, vatMinor: 3750, grossMinor: 18750 });
    const again = await send('POST', '/api/v1/billing-runs', FINANCE, run, { 'idempotency-key': 'k1' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ replayed: true, invoices: [{ id: invoice.id }] });
    const list = await send('GET', '/api/v1/invoices', FINANCE);
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([invoice.id]);
    expect((await send('POST', `/api/v1/invoices/${invoice.id}/issue`, FINANCE, {})).statusCode).toBe(409);
    expect((await send('POST', `/api/v1/invoices/${invoice.id}/approve`, FINANCE)).json().status).toBe(
      'approved',
    );
    const issued = await send('POST', `/api/v1/invoices/${invoice.id}/issue`, FINANCE, {
      issueDate: '2026-04-01',
    });
    expect(issued.statusCode).toBe(200);
    expect(issued.json()).toMatchObject({ status: 'issued', number: 1, dueDate: '2026-05-01' });
    expect((await send('GET', `/api/v1/invoices/${invoice.id}`, FINANCE)).json().number).toBe(1);
    expect((await send('GET', `/api/v1/invoices/${uuidv7()}`, FINANCE)).statusCode).toBe(404);
  });
});
