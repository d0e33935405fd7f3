import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { headerPrincipal, sendAs } from '../../../test/support/header-principal.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { insertTimeEntryRow } from '../../../test/support/time-fixture.ts';
import { buildTestApp } from '../../platform/http/http-test-fixture.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { createChart } from '../ledger/index.ts';
import { organizationRoutes, organizationSegmentRoutes } from '../organization/index.ts';
import { type BrightpathSegments, seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { billingRoutes } from './billing.routes.ts';
import { seedGlobexPricing } from './billing-test-fixture.ts';
import { invoiceDocumentRoutes } from './invoice-documents.routes.ts';
import { taxSettingsRoutes } from './tax-settings.routes.ts';

let t: TestTessera;
let app: HttpApp;
let tenantId: string;
let b: BrightpathSegments;

const FINANCE = [
  'run:billing',
  'read:invoices',
  'approve:invoices',
  'issue:invoices',
  'edit:invoices',
  'credit:invoices',
  'read:tax-settings',
  'write:tax-settings',
  'write:organization',
  'read:organization',
  'write:legal-entities',
  'read:legal-entities',
];

/** Signed in by test headers (test/support/header-principal.ts). */
const authenticate = headerPrincipal({ tenantId: () => tenantId });

const send = sendAs(() => app);

beforeAll(async () => {
  t = await openTestTessera();
  tenantId = await createTestTenant(t.tessera, { name: 'Brightpath' });
  b = await seedBrightpath(t.tessera, tenantId);
  await t.tessera.withTenant(staff(tenantId), async (tx) => {
    await createChart(tx, { legalEntityId: b.inc });
    const { assignmentId } = await seedGlobexPricing(tx, b);
    // 60 minutes and 30 minutes at 100.00 an hour: lines of 100.00 and 50.00.
    await insertTimeEntryRow(tx, { assignmentId, workDate: '2026-03-02', minutes: 60 });
    await insertTimeEntryRow(tx, { assignmentId, workDate: '2026-03-03', minutes: 30 });
  });
  const withTenant = t.tessera.withTenant;
  app = await buildTestApp({
    authenticate,
    modules: [
      billingRoutes(withTenant),
      invoiceDocumentRoutes(withTenant),
      taxSettingsRoutes(withTenant),
      organizationRoutes(withTenant),
      organizationSegmentRoutes(withTenant),
    ],
  });
}, 120_000);
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('party details, tax settings, allowances and credit notes over HTTP', () => {
  let invoiceId = '';

  it('writes party details of the seller and the buyer', async () => {
    const entity = await send('PATCH', `/api/v1/legal-entities/${b.inc}`, FINANCE, {
      taxId: 'US12-3456789',
      addressLine: '1 Main Street',
      city: 'Boston',
      postalCode: '02101',
    });
    expect(entity.statusCode).toBe(200);
    expect(entity.json()).toMatchObject({ country: 'US', addressLine: '1 Main Street', postalCode: '02101' });
    const client = await send('PATCH', `/api/v1/clients/${b.globex}`, FINANCE, {
      country: 'US',
      vatId: 'US98-7654321',
      city: 'Springfield',
    });
    expect(client.statusCode).toBe(200);
    expect(client.json()).toMatchObject({ country: 'US', vatId: 'US98-7654321', city: 'Springfield' });
    const bad = await send('PATCH', `/api/v1/clients/${b.globex}`, FINANCE, { country: 'usa' });
    expect(bad.statusCode).toBe(400);
  });

  it('sets and reads tax settings with their permission', async () => {
    const url = `/api/v1/legal-entities/${b.inc}/tax-settings`;
    expect((await send('GET', url, FINANCE)).statusCode).toBe(404);
    // Without tax settings (and no VAT in the request) a run cannot say what VAT to charge.
    const noSettings = await send(
      'POST',
      '/api/v1/billing-runs',
      FINANCE,
      { legalEntityId: b.inc, periodFrom: '2026-03-01', periodTo: '2026-03-31', dryRun: true },
      { 'idempotency-key': 'no-settings' },
    );
    expect(noSettings.statusCode).toBe(422);
    expect(noSettings.json().errors).toEqual([
      { path: '/body/legalEntityId', message: 'has no tax settings' },
    ]);
    expect((await send('PUT', url, ['read:tax-settings'], { standardVatRate: '25' })).statusCode).toBe(403);
    const put = await send('PUT', url, FINANCE, { standardVatRate: '25', reverseChargeAbroad: true });
    expect(put.statusCode).toBe(200);
    expect(put.json()).toMatchObject({
      standardVatRate: '25',
      defaultVatCategory: 'S',
      clientTreatments: [],
    });
    const exemptWithoutReason = await send('PUT', url, FINANCE, {
      standardVatRate: '25',
      defaultVatCategory: 'E',
    });
    expect(exemptWithoutReason.statusCode).toBe(400);
    expect(exemptWithoutReason.json().errors).toEqual([
      { path: '/body/defaultExemptionReason', message: 'category E needs an exemption reason or code' },
    ]);
    expect((await send('GET', url, FINANCE)).json().standardVatRate).toBe('25');
  });

  it('reproduces the worked example: 100 + 50, allowance 10, 25% → 140.00, 35.00, 175.00', async () => {
    const run = await send(
      'POST',
      '/api/v1/billing-runs',
      FINANCE,
      { legalEntityId: b.inc, periodFrom: '2026-03-01', periodTo: '2026-03-31' },
      { 'idempotency-key': 'march' },
    );
    expect(run.statusCode).toBe(201);
    const draft = run.json().invoices[0];
    expect(draft).toMatchObject({ kind: 'invoice', netMinor: 15000, vatMinor: 3750, grossMinor: 18750 });
    invoiceId = draft.id;
    const forbidden = await send('POST', `/api/v1/invoices/${invoiceId}/allowances`, ['read:invoices'], {
      kind: 'allowance',
      reason: 'Discount',
      amountMinor: 1000,
    });
    expect(forbidden.statusCode).toBe(403);
    const added = await send('POST', `/api/v1/invoices/${invoiceId}/allowances`, FINANCE, {
      kind: 'allowance',
      reason: 'Discount',
      reasonCode: '95',
      amountMinor: 1000,
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({
      lineNetMinor: 15000,
      allowanceTotalMinor: 1000,
      netMinor: 14000,
      vatMinor: 3500,
      grossMinor: 17500,
      vatExemptionReason: null,
      allowances: [{ kind: 'allowance', reason: 'Discount', reasonCode: '95', amountMinor: 1000 }],
    });
    const charge = await send('POST', `/api/v1/invoices/${invoiceId}/allowances`, FINANCE, {
      kind: 'charge',
      reason: 'Rush',
      amountMinor: 500,
    });
    const chargeId = charge.json().allowances[1].id;
    expect(charge.json().grossMinor).toBe(18125);
    const removed = await send('DELETE', `/api/v1/invoices/${invoiceId}/allowances/${chargeId}`, FINANCE);
    expect(removed.statusCode).toBe(200);
    expect(removed.json().grossMinor).toBe(17500);
    expect((await send('POST', `/api/v1/invoices/${invoiceId}/approve`, FINANCE)).statusCode).toBe(200);
    const issued = await send('POST', `/api/v1/invoices/${invoiceId}/issue`, FINANCE, {
      issueDate: '2026-04-01',
    });
    expect(issued.json()).toMatchObject({ status: 'issued', number: 1, netMinor: 14000, grossMinor: 17500 });
  });

  it('refuses an over-credit with 422 naming the field, then credits in full as credit note 1', async () => {
    const lines = (await send('GET', `/api/v1/invoices/${invoiceId}`, FINANCE)).json().lines;
    const over = await send('POST', `/api/v1/invoices/${invoiceId}/credit-notes`, FINANCE, {
      reason: 'Too much',
      lines: [{ lineId: lines[1].id, amountMinor: 5001 }],
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().errors).toEqual([
      { path: '/body/lines/0/amountMinor', message: 'exceeds what is left to credit of the line (5000)' },
    ]);
    const both = await send('POST', `/api/v1/invoices/${invoiceId}/credit-notes`, FINANCE, {
      reason: 'x',
      full: true,
      lines: [{ lineId: lines[1].id, amountMinor: 1 }],
    });
    expect(both.statusCode).toBe(400);
    const rebillSome = await send('POST', `/api/v1/invoices/${invoiceId}/credit-notes`, FINANCE, {
      reason: 'x',
      rebill: true,
      lines: [{ lineId: lines[1].id, amountMinor: 1 }],
    });
    expect(rebillSome.statusCode).toBe(400);
    expect(rebillSome.json().errors).toEqual([{ path: '/body/rebill', message: 'needs full: true' }]);

    const created = await send(
      'POST',
      `/api/v1/invoices/${invoiceId}/credit-notes`,
      FINANCE,
      { reason: 'Cancelled', full: true },
      { 'idempotency-key': 'credit-1' },
    );
    expect(created.statusCode).toBe(201);
    const note = created.json();
    expect(note).toMatchObject({
      kind: 'credit_note',
      correctsInvoiceId: invoiceId,
      rebill: false,
      status: 'draft',
      netMinor: 14000,
      vatMinor: 3500,
      grossMinor: 17500,
    });
    expect(note.lines.map((line: { correctsLineId: string }) => line.correctsLineId)).toEqual(
      lines.map((line: { id: string }) => line.id),
    );
    const again = await send(
      'POST',
      `/api/v1/invoices/${invoiceId}/credit-notes`,
      FINANCE,
      { reason: 'Cancelled', full: true },
      { 'idempotency-key': 'credit-1' },
    );
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(note.id);
    expect((await send('POST', `/api/v1/invoices/${note.id}/approve`, FINANCE)).statusCode).toBe(200);
    const issued = await send('POST', `/api/v1/invoices/${note.id}/issue`, FINANCE, {
      issueDate: '2026-04-02',
    });
    expect(issued.json()).toMatchObject({ kind: 'credit_note', status: 'issued', number: 1 });
    const notes = await send('GET', '/api/v1/invoices?kind=credit_note', FINANCE);
    expect(notes.json().items.map((i: { id: string }) => i.id)).toEqual([note.id]);
    const invoices = await send('GET', '/api/v1/invoices?kind=invoice', FINANCE);
    expect(invoices.json().items.map((i: { id: string }) => i.id)).toEqual([invoiceId]);
  });

  it('answers 404 to finance scoped to another legal entity, and 404 for an unknown invoice', async () => {
    const ltdOnly = { 'x-legal-entities': b.ltd };
    const scoped = await send(
      'POST',
      `/api/v1/invoices/${invoiceId}/credit-notes`,
      FINANCE,
      { reason: 'x', full: true },
      ltdOnly,
    );
    expect(scoped.statusCode).toBe(404);
    expect(
      (
        await send(
          'POST',
          `/api/v1/invoices/${invoiceId}/allowances`,
          FINANCE,
          {
            kind: 'charge',
            reason: 'x',
            amountMinor: 1,
          },
          ltdOnly,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await send('GET', `/api/v1/legal-entities/${b.inc}/tax-settings`, FINANCE, undefined, ltdOnly))
        .statusCode,
    ).toBe(404);
    expect(
      (await send('POST', `/api/v1/invoices/${uuidv7()}/credit-notes`, FINANCE, { reason: 'x', full: true }))
        .statusCode,
    ).toBe(404);
  });
});
