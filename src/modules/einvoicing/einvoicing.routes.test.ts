import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAssignmentRow, insertProjectRow } from '../../../test/support/delivery-fixture.ts';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { headerPrincipal } from '../../../test/support/header-principal.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import {
  describeResult,
  standardsAvailability,
  type ValidationResult,
  validateUbl,
} from '../../../test/support/ubl-validation.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { buildTestApp } from '../../platform/http/http-test-fixture.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { approveInvoice, issueInvoice, runBilling } from '../billing/index.ts';
import { addRate, createContract, createRateCard } from '../contracts/index.ts';
import { createChart, createFxRate } from '../ledger/index.ts';
import { createClient, createLegalEntity } from '../organization/index.ts';
import { seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { createPerson } from '../resources/index.ts';
import { einvoicingRoutes } from './einvoicing.routes.ts';

let t: TestTessera;
let app: HttpApp;
let tenantId: string;
let otherTenantId: string;
/** Invoices by what they are: issued in EUR by a German entity, in EUR by a Danish one, … */
const invoices: Record<'de' | 'dk' | 'us' | 'draft', string> = { de: '', dk: '', us: '', draft: '' };
const entities: Record<'de' | 'dk' | 'us' | 'nl', string> = { de: '', dk: '', us: '', nl: '' };
const standards = standardsAvailability();
let projects = 0;

/** Signed in by test headers (test/support/header-principal.ts). */
const authenticate = headerPrincipal({ tenantId: () => tenantId, clearance: 'internal' });

const get = (id: string, perms = ['read:invoices'], headers: Record<string, string> = {}) =>
  app.inject({
    method: 'GET',
    url: `/api/v1/invoices/${id}/ubl`,
    headers: { 'x-perms': perms.join(' '), ...headers },
  });

/** A contract of a client of an entity with one person's approved time at an hourly rate; its project. */
async function billableWork(
  tx: TenantTransaction,
  input: {
    entity: string;
    practice: string;
    client: string;
    currency: string;
    rateMinor: number;
    minutes: number[];
  },
): Promise<void> {
  const person = await createPerson(tx, {
    name: `Consultant of ${input.client}`,
    kind: 'employee',
    legalEntityId: input.entity,
    practiceId: input.practice,
    membershipId: uuidv7(),
  });
  const client = await createClient(tx, { name: input.client, legalEntityId: input.entity, regionId: null });
  const contract = await createContract(tx, {
    name: `${input.client} — advisory 2026`,
    clientId: client.id,
    legalEntityId: input.entity,
    practiceId: input.practice,
    currency: input.currency,
    billingModel: 'time_and_materials',
    startsOn: '2026-01-01',
    status: 'active',
  });
  const card = await createRateCard(tx, { name: `${input.client} rates`, contractId: contract.id });
  await addRate(tx, card.id, {
    personId: person.id,
    hourlyRate: { amountMinor: input.rateMinor, currency: input.currency },
    validFrom: '2026-01-01',
  });
  const project = await insertProjectRow(tx, {
    contractId: contract.id,
    practiceId: input.practice,
    code: `P-${++projects}`,
  });
  const assignment = await insertAssignmentRow(tx, { personId: person.id, projectId: project });
  const sheet = uuidv7();
  await sql`INSERT INTO timesheets (tenant_id, id, person_id, person_legal_entity_id, person_practice_id,
      person_membership_id, week_starts_on, status, round, submitted_at, decided_at)
    SELECT tenant_id, ${sheet}, id, legal_entity_id, practice_id, membership_id, '2026-03-02'::date,
      'approved', 1, now(), now() FROM people WHERE tenant_id = ${tenantId} AND id = ${person.id}`.execute(
    tx.db,
  );
  for (const [i, minutes] of input.minutes.entries())
    await sql`INSERT INTO time_entries (tenant_id, id, timesheet_id, week_starts_on, person_id, person_legal_entity_id,
        person_membership_id, assignment_id, project_id, contract_id, client_id, legal_entity_id, practice_id,
        region_id, portfolio_id, currency, work_date, minutes, billable, note, status, approved_at)
      SELECT s.tenant_id, ${uuidv7()}, s.id, s.week_starts_on, s.person_id, s.person_legal_entity_id,
        s.person_membership_id, ${assignment}, p.id, p.contract_id, p.client_id, p.legal_entity_id, p.practice_id,
        p.region_id, p.portfolio_id, p.currency, ${`2026-03-0${2 + i}`}::date, ${minutes}, true,
        ${'Design & review <phase 1> 🚀'}, 'approved', now()
      FROM timesheets s JOIN projects p ON p.tenant_id = s.tenant_id AND p.id = ${project}
      WHERE s.tenant_id = ${tenantId} AND s.id = ${sheet}`.execute(tx.db);
  tx.audit({ action: 'test.seeded', resourceKind: 'time_entry', resourceId: null });
}

/** Runs billing for an entity's March, approves and (unless told not to) issues its one invoice. */
async function invoiceOf(
  entity: string,
  vat: { vatCategory: 'S' | 'Z' | 'E' | 'AE' | 'O'; vatRate: string },
  issue = true,
): Promise<string> {
  return t.tessera.withTenant(staff(tenantId), async (tx) => {
    const run = await runBilling(tx, `march-${entity}`, {
      legalEntityId: entity,
      periodFrom: '2026-03-01',
      periodTo: '2026-03-31',
      ...vat,
    });
    const [draft] = run.invoices;
    if (!draft) throw new Error('no invoice drafted');
    if (!issue) return draft.id;
    await approveInvoice(tx, draft.id);
    await issueInvoice(tx, draft.id, { issueDate: '2026-04-01' });
    return draft.id;
  });
}

beforeAll(async () => {
  t = await openTestTessera();
  tenantId = await createTestTenant(t.tessera, { name: 'Brightpath' });
  otherTenantId = await createTestTenant(t.tessera, { name: 'Other firm' });
  const b = await seedBrightpath(t.tessera, tenantId);
  await t.tessera.withTenant(staff(tenantId), async (tx) => {
    entities.us = b.inc;
    entities.de = (
      await createLegalEntity(tx, {
        name: 'Brightpath GmbH',
        country: 'DE',
        functionalCurrency: 'EUR',
        taxId: 'DE123456789',
      })
    ).id;
    entities.dk = (
      await createLegalEntity(tx, {
        name: 'Brightpath ApS',
        country: 'DK',
        functionalCurrency: 'DKK',
        taxId: 'DK12345678',
      })
    ).id;
    entities.nl = (
      await createLegalEntity(tx, {
        name: 'Brightpath BV',
        country: 'NL',
        functionalCurrency: 'EUR',
        taxId: 'NL123456789B01',
      })
    ).id;
    for (const entity of Object.values(entities)) await createChart(tx, { legalEntityId: entity });
    await createFxRate(tx, { base: 'EUR', quote: 'DKK', date: '2026-03-01', rate: '7.4604', source: 'test' });
    const work = { practice: b.pricing, currency: 'EUR', rateMinor: 12_345 };
    // 450 min = 7.5 h; 50 min is not a whole hundredth of an hour (written in minutes).
    await billableWork(tx, {
      ...work,
      entity: entities.de,
      client: 'Müller & Söhne <KG>',
      minutes: [450, 50],
    });
    await billableWork(tx, { ...work, entity: entities.dk, client: 'Globex Danmark', minutes: [480] });
    await billableWork(tx, {
      ...work,
      entity: entities.us,
      client: 'Initrode',
      minutes: [60],
      currency: 'USD',
    });
    await billableWork(tx, { ...work, entity: entities.nl, client: 'Hooli BV', minutes: [60] });
  });
  invoices.de = await invoiceOf(entities.de, { vatCategory: 'S', vatRate: '19' });
  invoices.dk = await invoiceOf(entities.dk, { vatCategory: 'S', vatRate: '25' });
  invoices.us = await invoiceOf(entities.us, { vatCategory: 'S', vatRate: '10' });
  invoices.draft = await invoiceOf(entities.nl, { vatCategory: 'S', vatRate: '21' }, false);
  app = await buildTestApp({ authenticate, modules: [einvoicingRoutes(t.tessera.withTenant)] });
}, 180_000);
afterAll(async () => {
  await app?.close();
  await t?.cleanup();
});

describe('GET /api/v1/invoices/:id/ubl', () => {
  it('answers an issued invoice as UBL XML with its numbers, escaped texts and hours', async () => {
    const response = await get(invoices.de);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
    const xml = response.body;
    expect(xml).toContain('<cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>');
    expect(xml).toContain('<cbc:ID>1</cbc:ID>');
    expect(xml).toContain('<cbc:IssueDate>2026-04-01</cbc:IssueDate>');
    expect(xml).toContain('<cbc:DueDate>2026-05-01</cbc:DueDate>');
    expect(xml).toContain('<cbc:CompanyID>DE123456789</cbc:CompanyID>');
    expect(xml).toContain('<cbc:RegistrationName>Müller &amp; Söhne &lt;KG&gt;</cbc:RegistrationName>');
    // 7.5 h × 123.45 = 925.875 → 925.88; 50 min × 123.45 / 60 = 102.875 → 102.88; 19% of 1028.76 = 195.46
    expect(xml).toContain('<cbc:InvoicedQuantity unitCode="HUR">7.5</cbc:InvoicedQuantity>');
    expect(xml).toContain('<cbc:InvoicedQuantity unitCode="MIN">50</cbc:InvoicedQuantity>');
    expect(xml).toContain('<cbc:LineExtensionAmount currencyID="EUR">1028.76</cbc:LineExtensionAmount>');
    expect(xml).toContain('<cbc:TaxAmount currencyID="EUR">195.46</cbc:TaxAmount>');
    expect(xml).toContain('<cbc:PayableAmount currencyID="EUR">1224.22</cbc:PayableAmount>');
    expect(xml).toContain('&amp; review &lt;phase 1&gt; 🚀');
  });

  it('adds the VAT in the seller’s currency when the invoice is in another one, as booked', async () => {
    const xml = (await get(invoices.dk)).body;
    // 8 h × 123.45 = 987.60 EUR; VAT 25% = 246.90 EUR × 7.4604 = 1841.97 DKK
    expect(xml).toContain('<cbc:TaxCurrencyCode>DKK</cbc:TaxCurrencyCode>');
    expect(xml).toContain('<cbc:TaxAmount currencyID="EUR">246.90</cbc:TaxAmount>');
    expect(xml).toContain('<cbc:TaxAmount currencyID="DKK">1841.97</cbc:TaxAmount>');
  });

  it.skipIf(!standards.available)(
    `passes the UBL 2.1 XSD and the EN 16931 rules${standards.available ? '' : ` — skipped: ${standards.reason}`}`,
    async () => {
      if (!standards.tools) return;
      const exported = new Map([
        ['domestic', (await get(invoices.de)).body],
        ['foreign currency', (await get(invoices.dk)).body],
      ]);
      const results = await validateUbl(standards.tools, exported);
      for (const name of exported.keys())
        expect(describeResult(results.get(name) as ValidationResult), name).toEqual([]);
    },
    120_000,
  );

  it('is 409 for an invoice that is not issued', async () => {
    const id = invoices.draft;
    const response = await get(id);
    expect(response.statusCode).toBe(409);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'CONFLICT' });
  });

  it('is 422 naming the rules when the invoice cannot be a valid EN 16931 document', async () => {
    const response = await get(invoices.us);
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.code).toBe('BUSINESS_RULE_VIOLATED');
    expect(problem.errors.map((e: { message: string }) => e.message.slice(0, 9))).toEqual([
      'BR-CO-26:',
      'BR-S-02: ',
    ]);
  });

  it('is 404 for an unknown invoice and for one outside the caller’s legal entities', async () => {
    expect((await get(uuidv7())).statusCode).toBe(404);
    expect((await get(invoices.de, ['read:invoices'], { 'x-legal-entities': entities.dk })).statusCode).toBe(
      404,
    );
    expect((await get(invoices.de, ['read:invoices'], { 'x-legal-entities': entities.de })).statusCode).toBe(
      200,
    );
  });

  it('is 404 for another tenant’s invoice', async () => {
    expect((await get(invoices.de, ['read:invoices'], { 'x-tenant-id': otherTenantId })).statusCode).toBe(
      404,
    );
  });

  it('needs read:invoices', async () => {
    expect((await get(invoices.de, ['read:time'])).statusCode).toBe(403);
  });
});

describe('the OpenAPI document', () => {
  it('documents the export as an application/xml answer', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const route = document.paths['/api/v1/invoices/{id}/ubl'].get;
    expect(Object.keys(route.responses['200'].content)).toEqual(['application/xml']);
  });
});
