import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerPrincipal, sendAs } from '../../../test/support/header-principal.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { buildTestApp } from '../../platform/http/http-test-fixture.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import type { Invoice } from '../billing/index.ts';
import { paymentRoutes } from './payments.routes.ts';
import { type PaymentWorld, seedPaymentWorld } from './payments-test-fixture.ts';

let t: TestTessera;
let w: PaymentWorld;
let app: HttpApp;
let invoice: Invoice;

const FINANCE = ['read:payments', 'record:payments'];

/** Signed in by test headers (test/support/header-principal.ts). */
const authenticate = headerPrincipal({ tenantId: () => w.tenantId });

const send = sendAs(() => app);

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedPaymentWorld(t);
  invoice = await w.issuedInvoice('globex', '2026-03-02', 60); // USD 125.00
  app = await buildTestApp({ authenticate, modules: [paymentRoutes(t.tessera.withTenant)] });
}, 120_000);
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('the payment routes', () => {
  const body = () => ({
    legalEntityId: w.b.inc,
    clientId: w.b.globex,
    amount: { amountMinor: 5000, currency: 'USD' },
    receivedOn: '2026-03-20',
    reference: 'WIRE-77',
  });

  it('require an Idempotency-Key and the permission', async () => {
    expect((await send('POST', '/api/v1/payments', FINANCE, body())).statusCode).toBe(400);
    const forbidden = await send('POST', '/api/v1/payments', ['read:payments'], body(), {
      'idempotency-key': 'r0',
    });
    expect(forbidden.statusCode).toBe(403);
    expect((await send('GET', '/api/v1/payments', ['read:invoices'])).statusCode).toBe(403);
  });

  it('record, replay, allocate past the open amount (422), pay, list, read and void a payment over HTTP', async () => {
    const first = await send('POST', '/api/v1/payments', FINANCE, body(), { 'idempotency-key': 'r1' });
    expect(first.statusCode).toBe(201);
    const payment = first.json();
    expect(payment).toMatchObject({
      status: 'recorded',
      amount: { amountMinor: 5000, currency: 'USD' },
      unallocated: { amountMinor: 5000, currency: 'USD' },
      reference: 'WIRE-77',
      allocations: [],
    });
    const again = await send('POST', '/api/v1/payments', FINANCE, body(), { 'idempotency-key': 'r1' });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(payment.id);
    const reused = await send(
      'POST',
      '/api/v1/payments',
      FINANCE,
      { ...body(), reference: 'OTHER' },
      { 'idempotency-key': 'r1' },
    );
    expect(reused.statusCode).toBe(409);
    expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');

    const over = await send('POST', `/api/v1/payments/${payment.id}/allocations`, FINANCE, {
      allocations: [{ invoiceId: invoice.id, amountMinor: 5001 }],
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().errors).toEqual([
      { path: '/body/allocations/0/amountMinor', message: "exceeds the payment's unallocated amount (5000)" },
    ]);
    const allocated = await send('POST', `/api/v1/payments/${payment.id}/allocations`, FINANCE, {
      allocations: [{ invoiceId: invoice.id, amountMinor: 5000 }],
    });
    expect(allocated.statusCode).toBe(200);
    expect(allocated.json()).toMatchObject({
      unallocated: { amountMinor: 0 },
      allocations: [{ invoiceId: invoice.id, amountMinor: 5000 }],
    });

    // The rest of the invoice, recorded and allocated in one request.
    const rest = await send(
      'POST',
      '/api/v1/payments',
      FINANCE,
      {
        ...body(),
        amount: { amountMinor: 9000, currency: 'USD' },
        reference: 'WIRE-78',
        allocations: [{ invoiceId: invoice.id, amountMinor: 7501 }],
      },
      { 'idempotency-key': 'r2' },
    );
    expect(rest.statusCode).toBe(422);
    expect(rest.json().errors).toEqual([
      { path: '/body/allocations/0/amountMinor', message: "exceeds the invoice's open amount (7500)" },
    ]);
    const paid = await send(
      'POST',
      '/api/v1/payments',
      FINANCE,
      {
        ...body(),
        amount: { amountMinor: 9000, currency: 'USD' },
        allocations: [{ invoiceId: invoice.id, amountMinor: 7500 }],
      },
      { 'idempotency-key': 'r2' },
    );
    expect(paid.statusCode).toBe(201);
    expect(paid.json()).toMatchObject({ unallocated: { amountMinor: 1500 } });

    const list = await send('GET', `/api/v1/payments?legalEntityId=${w.b.inc}`, FINANCE);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((p: { id: string }) => p.id)).toEqual([paid.json().id, payment.id]);
    const read = await send('GET', `/api/v1/payments/${payment.id}`, FINANCE);
    expect(read.json().allocations).toHaveLength(1);

    const removed = await send(
      'DELETE',
      `/api/v1/payments/${payment.id}/allocations/${read.json().allocations[0].id}`,
      FINANCE,
    );
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ allocations: [], unallocated: { amountMinor: 5000 } });

    const voided = await send('POST', `/api/v1/payments/${paid.json().id}/void`, FINANCE, {});
    expect(voided.statusCode).toBe(200);
    expect(voided.json()).toMatchObject({ status: 'void', allocations: [] });
    expect((await send('POST', `/api/v1/payments/${paid.json().id}/void`, FINANCE, {})).statusCode).toBe(409);
  });

  it("answers 404 for an unknown payment, another legal entity's and another tenant's", async () => {
    const recorded = await send(
      'POST',
      '/api/v1/payments',
      FINANCE,
      { ...body(), reference: 'SCOPE' },
      { 'idempotency-key': 'r3' },
    );
    const id = recorded.json().id;
    expect((await send('GET', `/api/v1/payments/${uuidv7()}`, FINANCE)).statusCode).toBe(404);
    const ltd = { 'x-legal-entities': w.b.ltd };
    expect((await send('GET', `/api/v1/payments/${id}`, FINANCE, undefined, ltd)).statusCode).toBe(404);
    expect((await send('POST', `/api/v1/payments/${id}/void`, FINANCE, {}, ltd)).statusCode).toBe(404);
    expect(
      (
        await send(
          'POST',
          `/api/v1/payments/${id}/allocations`,
          FINANCE,
          { allocations: [{ invoiceId: invoice.id, amountMinor: 1 }] },
          ltd,
        )
      ).statusCode,
    ).toBe(404);
    expect((await send('GET', '/api/v1/payments', FINANCE, undefined, ltd)).json().items).toEqual([]);
    const other = { 'x-tenant-id': w.otherTenantId };
    expect((await send('GET', `/api/v1/payments/${id}`, FINANCE, undefined, other)).statusCode).toBe(404);
    expect((await send('GET', `/api/v1/payments/${id}`, FINANCE)).statusCode).toBe(200);
  });

  it('rejects undeclared fields and non-positive amounts with the field named', async () => {
    const bad = await send(
      'POST',
      '/api/v1/payments',
      FINANCE,
      { ...body(), amount: { amountMinor: 0, currency: 'USD' }, surprise: true },
      { 'idempotency-key': 'r4' },
    );
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/body/amount/amountMinor']));
  });
});
