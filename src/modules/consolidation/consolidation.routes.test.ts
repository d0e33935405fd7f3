import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerPrincipal } from '../../../test/support/header-principal.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { buildTestApp } from '../../platform/http/http-test-fixture.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { createFxRate } from '../ledger/index.ts';
import { consolidationRoutes } from './consolidation.routes.ts';
import { bookTime, type ConsolidationWorld, seedConsolidationWorld } from './consolidation-test-fixture.ts';

let t: TestTessera;
let w: ConsolidationWorld;
let app: HttpApp;

const FINANCE = ['post:ledger', 'read:ledger', 'read:consolidation', 'write:ledger-accounts'];

/** Signed in by test headers (test/support/header-principal.ts). */
const authenticate = headerPrincipal({ tenantId: () => w.tenantId, scope: () => w.finance.scope });

const send = (
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  options: { perms?: readonly string[]; body?: object; entities?: readonly string[] } = {},
) =>
  app.inject({
    method,
    url,
    headers: {
      'x-perms': (options.perms ?? FINANCE).join(' '),
      ...(options.entities ? { 'x-legal-entities': options.entities.join(',') } : {}),
    },
    ...(options.body ? { payload: options.body } : {}),
  });

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedConsolidationWorld(t);
  await t.tessera.withTenant(w.finance, (tx) =>
    createFxRate(tx, { base: 'GBP', quote: 'USD', date: '2026-03-31', rate: '1.27', source: 'test' }),
  );
  await bookTime(t, w, w.assignments.elenaGlobex, '2026-03-09', 480);
  await bookTime(t, w, w.assignments.jinInitech, '2026-03-11', 240);
  app = await buildTestApp({ authenticate, modules: [consolidationRoutes(t.tessera.withTenant)] });
}, 180_000);
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('the inter-company recharge routes', () => {
  it('need post:ledger and a valid month', async () => {
    const body = { month: '2026-03' };
    expect(
      (await send('POST', '/api/v1/ledger/intercompany-recharges', { perms: ['read:ledger'], body }))
        .statusCode,
    ).toBe(403);
    const bad = await send('POST', '/api/v1/ledger/intercompany-recharges', {
      body: { month: '2026-13', x: 1 },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('set the markup, post once (201), replay (200) and list the recharges', async () => {
    const set = await send('PUT', '/api/v1/ledger/intercompany-settings', {
      body: { markupBasisPoints: 1000 },
    });
    expect(set.json()).toEqual({ markupBasisPoints: 1000 });
    expect((await send('GET', '/api/v1/ledger/intercompany-settings')).json()).toEqual({
      markupBasisPoints: 1000,
    });
    const first = await send('POST', '/api/v1/ledger/intercompany-recharges', { body: { month: '2026-03' } });
    expect(first.statusCode).toBe(201);
    const recharges = first.json().recharges;
    // Elena: 480 min × GBP 60.00 = GBP 480.00 + 10% = GBP 528.00; Jin: USD 320.00 + 10% = USD 352.00.
    expect(
      recharges.map(
        (r: { cost: { amountMinor: number }; amount: { amountMinor: number; currency: string } }) => [
          r.cost.amountMinor,
          r.amount.amountMinor,
          r.amount.currency,
        ],
      ),
    ).toEqual(
      expect.arrayContaining([
        [48_000, 52_800, 'GBP'],
        [32_000, 35_200, 'USD'],
      ]),
    );
    const again = await send('POST', '/api/v1/ledger/intercompany-recharges', { body: { month: '2026-03' } });
    expect(again.statusCode).toBe(200);
    expect(again.json().recharges.every((r: { replayed: boolean }) => r.replayed)).toBe(true);
    const list = await send('GET', '/api/v1/ledger/intercompany-recharges?month=2026-03');
    expect(list.json().items).toHaveLength(2);
    const ltdOnly = await send('POST', '/api/v1/ledger/intercompany-recharges', {
      body: { month: '2026-03', legalEntityIds: [w.b.inc, w.b.ltd] },
      entities: [w.b.ltd],
    });
    expect(ltdOnly.statusCode).toBe(404);
  });
});

describe('the consolidation route', () => {
  const url = (query: string) => `/api/v1/ledger/consolidation?from=2026-03-01&to=2026-03-31&${query}`;

  it('consolidates in USD with the pairs eliminated', async () => {
    const response = await send('GET', url('reportingCurrency=USD'));
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.legalEntities.map((e: { id: string }) => e.id)).toEqual([w.b.inc, w.b.ltd]);
    for (const key of [
      'intercompany_receivable',
      'intercompany_payable',
      'revenue_intercompany',
      'intercompany_costs',
    ])
      expect(report.lines.find((line: { key: string }) => line.key === key)?.consolidatedMinor).toBe(0);
    expect(report.totals.all).toEqual({ translatedMinor: 0, eliminationMinor: 0, consolidatedMinor: 0 });
  });

  it('answers a missing rate with a 422 problem naming the pair', async () => {
    const response = await send('GET', url('reportingCurrency=CHF'));
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({
      code: 'FX_RATE_MISSING',
      errors: [
        { path: '/query/reportingCurrency', message: 'no GBP/CHF on or before 2026-03-31' },
        { path: '/query/reportingCurrency', message: 'no USD/CHF on or before 2026-03-31' },
      ],
    });
  });

  it('needs read:consolidation, and answers 404 for an entity out of scope', async () => {
    expect((await send('GET', url('reportingCurrency=USD'), { perms: ['read:ledger'] })).statusCode).toBe(
      403,
    );
    const outOfScope = await send('GET', url(`reportingCurrency=USD&legalEntityIds=${w.b.inc}`), {
      entities: [w.b.ltd],
    });
    expect(outOfScope.statusCode).toBe(404);
    const scoped = await send('GET', url('reportingCurrency=USD'), { entities: [w.b.ltd] });
    expect(scoped.json().legalEntities.map((e: { id: string }) => e.id)).toEqual([w.b.ltd]);
    const two = await send(
      'GET',
      url(`reportingCurrency=USD&legalEntityIds=${w.b.inc}&legalEntityIds=${w.b.ltd}`),
    );
    expect(two.json().eliminations).toHaveLength(2);
  });
});
