import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { headerPrincipal, sendAs } from '../../../test/support/header-principal.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { insertTimeEntryRow } from '../../../test/support/time-fixture.ts';
import { buildTestApp } from '../../platform/http/http-test-fixture.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { FULL_SCOPE, type SegmentScope } from '../../platform/tenancy/tenant-context.ts';
import { type BrightpathSegments, seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { billingRoutes } from './billing.routes.ts';
import { seedGlobexPricing } from './billing-test-fixture.ts';

let t: TestTessera;
let app: HttpApp;
let tenantId: string;
let otherTenantId: string;
let b: BrightpathSegments;
let other: BrightpathSegments;

const FINANCE = ['run:billing', 'read:invoices', 'approve:invoices'];
const READER = ['read:invoices'];

/** The scope of the callers signed in by test headers (test/support/header-principal.ts). */
let scope: SegmentScope = FULL_SCOPE;
const authenticate = headerPrincipal({ tenantId: () => tenantId, scope: () => scope });

const send = sendAs(() => app);

interface RunRecord {
  id: string;
  legalEntityId: string;
  periodFrom: string;
  periodTo: string;
  invoiceIds: string[];
  invoiceCount: number;
  createdAt: string;
  createdByMembershipId: string | null;
}

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id);
const listed = async (query = '', headers: Record<string, string> = {}) => {
  const answer = await send('GET', `/api/v1/billing-runs${query}`, READER, undefined, headers);
  expect(answer.statusCode, answer.body).toBe(200);
  return answer.json() as { items: RunRecord[]; nextCursor: string | null };
};
const run = async (key: string, legalEntityId: string, month: string, extra: object = {}) => {
  const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0));
  const answer = await send(
    'POST',
    '/api/v1/billing-runs',
    FINANCE,
    {
      legalEntityId,
      periodFrom: `${month}-01`,
      periodTo: last.toISOString().slice(0, 10),
      vatCategory: 'S',
      vatRate: '25',
      ...extra,
    },
    { 'idempotency-key': key },
  );
  expect(answer.statusCode, answer.body).toBeLessThan(300);
  return answer.json() as { id: string | null; replayed: boolean; invoices: { id: string }[] };
};

// The runs of the tenant, made in this order by the first tests.
const made: { incMarch?: string; ltd: string[] } = { ltd: [] };

beforeAll(async () => {
  t = await openTestTessera();
  tenantId = await createTestTenant(t.tessera, { name: 'Brightpath' });
  otherTenantId = await createTestTenant(t.tessera, { name: 'Umbrella' });
  b = await seedBrightpath(t.tessera, tenantId);
  other = await seedBrightpath(t.tessera, otherTenantId, 'Umbrella ');
  // Two approved hours of Brightpath Inc. in March: a run of Inc drafts one invoice, one of Ltd none.
  await t.tessera.withTenant(staff(tenantId), async (tx) => {
    const { assignmentId } = await seedGlobexPricing(tx, b);
    for (const workDate of ['2026-03-02', '2026-03-03'])
      await insertTimeEntryRow(tx, { assignmentId, workDate, minutes: 60 });
  });
  app = await buildTestApp({ authenticate, modules: [billingRoutes(t.tessera.withTenant)] });
}, 120_000);
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('GET /api/v1/billing-runs', () => {
  it('lists a run once it is made, with its invoices, but never a dry run nor a replay', async () => {
    expect((await listed()).items).toEqual([]);
    const dry = await run('inc-march', b.inc, '2026-03', { dryRun: true });
    expect(dry.id).toBeNull();
    expect((await listed()).items).toEqual([]);

    const first = await run('inc-march', b.inc, '2026-03');
    made.incMarch = first.id as string;
    expect(first.invoices).toHaveLength(1);
    const replay = await run('inc-march', b.inc, '2026-03');
    expect(replay).toMatchObject({ id: first.id, replayed: true });

    const { items, nextCursor } = await listed();
    expect(nextCursor).toBeNull();
    expect(items).toHaveLength(1);
    const [listedRun] = items;
    expect(listedRun).toEqual({
      id: first.id,
      legalEntityId: b.inc,
      periodFrom: '2026-03-01',
      periodTo: '2026-03-31',
      invoiceIds: ids(first.invoices),
      invoiceCount: 1,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      createdByMembershipId: expect.any(String),
    });
    // The Idempotency-Key is the client's retry token: it never comes back.
    expect(JSON.stringify(items)).not.toContain('inc-march');
    expect((await send('GET', `/api/v1/billing-runs/${first.id}`, READER)).json()).toEqual(listedRun);
  });

  it('lists a run that drafted nothing, and keeps a run whose draft was voided as it was', async () => {
    for (const month of ['2026-03', '2026-04', '2026-05'])
      made.ltd.push((await run(`ltd-${month}`, b.ltd, month)).id as string);
    const empty = (await send('GET', `/api/v1/billing-runs/${made.ltd[0]}`, READER)).json();
    expect(empty).toMatchObject({ legalEntityId: b.ltd, invoiceIds: [], invoiceCount: 0 });

    const incRun = (await send('GET', `/api/v1/billing-runs/${made.incMarch}`, READER)).json();
    const voided = await send('POST', `/api/v1/invoices/${incRun.invoiceIds[0]}/void`, FINANCE);
    expect(voided.json().status).toBe('void');
    expect((await send('GET', `/api/v1/billing-runs/${made.incMarch}`, READER)).json()).toEqual(incRun);
  });

  it('answers newest first, and the cursor pages through without overlap or gap', async () => {
    const newestFirst = [...made.ltd].reverse().concat(made.incMarch as string);
    expect(ids((await listed()).items)).toEqual(newestFirst);
    const paged: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listed(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      paged.push(...ids(page.items));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(2);
    expect(paged).toEqual(newestFirst);
  });

  it('filters by legal entity and by a period the run overlaps', async () => {
    expect(ids((await listed(`?legalEntityId=${b.ltd}`)).items)).toEqual([...made.ltd].reverse());
    expect(ids((await listed(`?legalEntityId=${b.inc}`)).items)).toEqual([made.incMarch]);
    expect(ids((await listed('?from=2026-04-15&to=2026-04-15')).items)).toEqual([made.ltd[1]]);
    expect(ids((await listed('?to=2026-03-01')).items)).toEqual([made.ltd[0], made.incMarch]);
    expect(ids((await listed('?from=2026-04-30')).items)).toEqual([made.ltd[2], made.ltd[1]]);
    expect((await listed('?from=2026-06-01')).items).toEqual([]);
  });

  it('shows a caller scoped to one legal entity only its runs; the other’s run is not found', async () => {
    const scoped = { 'x-legal-entities': b.ltd };
    expect(ids((await listed('', scoped)).items)).toEqual([...made.ltd].reverse());
    expect(ids((await listed(`?legalEntityId=${b.inc}`, scoped)).items)).toEqual([]);
    const hidden = await send('GET', `/api/v1/billing-runs/${made.incMarch}`, READER, undefined, scoped);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().code).toBe('NOT_FOUND');
    const own = await send('GET', `/api/v1/billing-runs/${made.ltd[0]}`, READER, undefined, scoped);
    expect(own.statusCode).toBe(200);
  });

  it('lists only the invoices of a run the caller may see, never one out of its scope', async () => {
    const full = (await send('GET', `/api/v1/billing-runs/${made.incMarch}`, READER)).json();
    expect(full.invoiceCount).toBe(1);
    scope = { ...FULL_SCOPE, practice: [b.technology] };
    try {
      const narrowed = await send('GET', `/api/v1/billing-runs/${made.incMarch}`, READER);
      expect(narrowed.statusCode).toBe(200);
      expect(narrowed.json()).toEqual({ ...full, invoiceIds: [], invoiceCount: 0 });
      const inList = (await listed(`?legalEntityId=${b.inc}`)).items;
      expect(inList).toEqual([{ ...full, invoiceIds: [], invoiceCount: 0 }]);
      expect(JSON.stringify(inList)).not.toContain(full.invoiceIds[0]);
    } finally {
      scope = FULL_SCOPE;
    }
  });

  it("answers 404 for another tenant's run, and each tenant lists only its own", async () => {
    const elsewhere = { 'x-tenant-id': otherTenantId };
    const foreign = await send(
      'POST',
      '/api/v1/billing-runs',
      FINANCE,
      { legalEntityId: other.inc, periodFrom: '2026-03-01', periodTo: '2026-03-31' },
      { 'idempotency-key': 'inc-march', ...elsewhere },
    );
    expect(foreign.statusCode, foreign.body).toBe(201);
    const foreignId = foreign.json().id as string;
    expect(ids((await listed('', elsewhere)).items)).toEqual([foreignId]);
    expect(ids((await listed()).items)).not.toContain(foreignId);
    for (const id of [foreignId, uuidv7()]) {
      const answer = await send('GET', `/api/v1/billing-runs/${id}`, READER);
      expect(answer.statusCode).toBe(404);
      expect(answer.json().code).toBe('NOT_FOUND');
    }
    const mine = await send('GET', `/api/v1/billing-runs/${made.incMarch}`, READER, undefined, elsewhere);
    expect(mine.statusCode).toBe(404);
  });

  it('refuses a bad query, naming each field', async () => {
    for (const [query, path] of [
      ['?limit=0', '/query/limit'],
      ['?limit=201', '/query/limit'],
      ['?legalEntityId=nope', '/query/legalEntityId'],
      ['?cursor=nope', '/query/cursor'],
      ['?from=2026-13-01', '/query/from'],
      ['?from=2026-05-01&to=2026-04-30', '/query/to'],
      ['?status=draft', '/query/status'],
    ] as const) {
      const answer = await send('GET', `/api/v1/billing-runs${query}`, READER);
      expect(answer.statusCode, query).toBe(400);
      expect(answer.json().code, query).toBe('VALIDATION_FAILED');
      expect(
        answer.json().errors.map((e: { path: string }) => e.path),
        query,
      ).toEqual([path]);
    }
    expect((await send('GET', '/api/v1/billing-runs/nope', READER)).statusCode).toBe(400);
  });

  it('needs read:invoices to list or read a run', async () => {
    for (const url of ['/api/v1/billing-runs', `/api/v1/billing-runs/${made.incMarch}`]) {
      const answer = await send('GET', url, ['run:billing']);
      expect(answer.statusCode, url).toBe(403);
      expect(answer.json().code, url).toBe('FORBIDDEN');
    }
  });
});
