import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { headerPrincipal, sendAs } from '../../../test/support/header-principal.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { insertTimeEntryRow } from '../../../test/support/time-fixture.ts';
import type { Permission } from '../../platform/auth/principal.ts';
import { buildTestApp } from '../../platform/http/http-test-fixture.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { createChart } from '../ledger/index.ts';
import { seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { billingRoutes } from './billing.routes.ts';
import { seedGlobexPricing } from './billing-test-fixture.ts';

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

const send = sendAs(() => app);

beforeAll(async () => {
  t = await openTestTessera();
  tenantId = await createTestTenant(t.tessera, { name: 'Brightpath' });
  const b = await seedBrightpath(t.tessera, tenantId);
  inc = b.inc;
  await t.tessera.withTenant(staff(tenantId), async (tx) => {
    await createChart(tx, { legalEntityId: b.inc });
    const { assignmentId } = await seedGlobexPricing(tx, b);
    await insertTimeEntryRow(tx, { assignmentId, workDate: '2026-03-02', minutes: 60 });
    await insertTimeEntryRow(tx, { assignmentId, workDate: '2026-03-03', minutes: 30 });
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
