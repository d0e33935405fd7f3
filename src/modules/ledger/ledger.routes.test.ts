import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestApp, staffOf, type TestIdentity } from '../../../test/support/test-app.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { type BrightpathSegments, seedBrightpath } from '../organization/segments-test-fixture.ts';

let t: TestTessera;
let app: HttpApp;
let signIn: Awaited<ReturnType<typeof openTestApp>>['signIn'];
let b: BrightpathSegments;
let tenant: string;
let finance: TestIdentity;
let ltdFinance: TestIdentity;
let auditor: TestIdentity;
let consultant: TestIdentity;
let otherFinance: TestIdentity;
let incAccounts: Map<string, string>;
let ltdAccounts: Map<string, string>;

type Headers = { authorization: string };
const get = (url: string, who: TestIdentity) => app.inject({ method: 'GET', url, headers: who.headers });
const send = (
  method: 'POST' | 'PATCH',
  url: string,
  who: TestIdentity,
  payload: object,
  headers: object = {},
) => app.inject({ method, url, headers: { ...(who.headers as Headers), ...headers }, payload });
const entryBody = (
  legalEntityId: string,
  accounts: Map<string, string>,
  amountMinor: number,
  more: object = {},
) => ({
  legalEntityId,
  entryDate: '2026-03-10',
  description: 'Office rent for March',
  lines: [
    { accountId: accounts.get('6100'), side: 'debit', amount: { amountMinor, currency: 'USD' } },
    {
      accountId: accounts.get('1000'),
      side: 'credit',
      amount: { amountMinor, currency: 'USD' },
      memo: 'Bank',
    },
  ],
  ...more,
});

beforeAll(async () => {
  t = await openTestTessera();
  ({ app, signIn } = await openTestApp(t));
  tenant = await createTestTenant(t.tessera, { name: 'Brightpath' });
  const other = await createTestTenant(t.tessera, { name: 'Kestrel' });
  b = await seedBrightpath(t.tessera, tenant);
  const k = await seedBrightpath(t.tessera, other, 'Kestrel ');
  finance = await signIn(staffOf(tenant, ['finance']));
  ltdFinance = await signIn(staffOf(tenant, ['finance'], { legal_entity: [b.ltd] }));
  auditor = await signIn(staffOf(tenant, ['auditor']));
  consultant = await signIn(staffOf(tenant, ['consultant']));
  otherFinance = await signIn(staffOf(other, ['finance']));
  const chart = async (who: TestIdentity, legalEntityId: string) => {
    const created = await send('POST', '/api/v1/ledger/charts', who, { legalEntityId });
    expect(created.statusCode, created.body).toBe(201);
    return new Map<string, string>(
      created.json().accounts.map((a: { code: string; id: string }) => [a.code, a.id] as const),
    );
  };
  incAccounts = await chart(finance, b.inc);
  ltdAccounts = await chart(ltdFinance, b.ltd);
  await chart(otherFinance, k.inc);
});
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('charts and accounts', () => {
  it('creates a chart from the professional-services template once per legal entity', async () => {
    const accounts = (await get(`/api/v1/ledger/accounts?legalEntityId=${b.inc}&limit=200`, finance)).json()
      .items;
    expect(accounts).toHaveLength(29);
    expect(accounts.find((a: { code: string }) => a.code === '2300')).toMatchObject({
      name: 'Deferred revenue (contract liability)',
      type: 'liability',
      normalBalance: 'credit',
      role: 'deferred_revenue',
      active: true,
    });
    const again = await send('POST', '/api/v1/ledger/charts', finance, { legalEntityId: b.inc });
    expect(again.json()).toMatchObject({ status: 409, code: 'CONFLICT' });
    // A legal entity of another firm is no entity at all.
    expect(
      (await send('POST', '/api/v1/ledger/charts', otherFinance, { legalEntityId: b.ltd })).json(),
    ).toMatchObject({
      status: 422,
      code: 'REFERENCE_NOT_FOUND',
    });
  });

  it('adds, renames and deactivates accounts, and never deletes them', async () => {
    const created = await send('POST', '/api/v1/ledger/accounts', finance, {
      legalEntityId: b.inc,
      code: '6150',
      name: 'Recruiting',
      type: 'expense',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: '6150', role: null, normalBalance: 'debit' });
    const duplicate = await send('POST', '/api/v1/ledger/accounts', finance, {
      legalEntityId: b.inc,
      code: '6150',
      name: 'Again',
      type: 'expense',
    });
    expect(duplicate.json()).toMatchObject({ status: 409, code: 'DUPLICATE' });
    const id = created.json().id;
    expect(
      (await send('PATCH', `/api/v1/ledger/accounts/${id}`, finance, { active: false })).json().active,
    ).toBe(false);
    const posting = await send('POST', '/api/v1/ledger/journal-entries', finance, {
      ...entryBody(b.inc, incAccounts, 100),
      lines: [
        { accountId: id, side: 'debit', amount: { amountMinor: 100, currency: 'USD' } },
        { accountId: incAccounts.get('1000'), side: 'credit', amount: { amountMinor: 100, currency: 'USD' } },
      ],
    });
    expect(posting.json()).toMatchObject({ status: 422, code: 'LEDGER_ACCOUNT_INACTIVE' });
    const deleted = await app.inject({
      method: 'DELETE',
      url: `/api/v1/ledger/accounts/${id}`,
      headers: finance.headers,
    });
    expect([404, 405]).toContain(deleted.statusCode);
  });
});

describe('journal entries', () => {
  it('are posted by finance, read by auditors, and refused to everyone else', async () => {
    const posted = await send(
      'POST',
      '/api/v1/ledger/journal-entries',
      finance,
      entryBody(b.inc, incAccounts, 2_500_00),
    );
    expect(posted.statusCode, posted.body).toBe(201);
    const entry = posted.json();
    expect(entry).toMatchObject({
      legalEntityId: b.inc,
      functionalCurrency: 'USD',
      source: { kind: 'manual' },
    });
    expect((await get(`/api/v1/ledger/journal-entries/${entry.id}`, auditor)).json()).toEqual(entry);
    expect(
      (await send('POST', '/api/v1/ledger/journal-entries', auditor, entryBody(b.inc, incAccounts, 1)))
        .statusCode,
    ).toBe(403);
    expect((await get(`/api/v1/ledger/journal-entries/${entry.id}`, consultant)).statusCode).toBe(403);
    expect((await get('/api/v1/fx-rates', consultant)).statusCode).toBe(403);
  });

  it('refuse an unbalanced entry with a problem listing the currency', async () => {
    const body = entryBody(b.inc, incAccounts, 100);
    body.lines[1] = {
      ...body.lines[1],
      amount: { amountMinor: 90, currency: 'USD' },
    } as (typeof body.lines)[1];
    const refused = await send('POST', '/api/v1/ledger/journal-entries', finance, body);
    expect(refused.json()).toMatchObject({
      status: 422,
      code: 'LEDGER_UNBALANCED',
      errors: [
        { path: '/body/lines', message: 'debits and credits in USD differ by 10 minor units' },
        {
          path: '/body/lines',
          message: 'debits and credits in the functional currency USD differ by 10 minor units',
        },
      ],
    });
  });

  it('return the first entry again for a retried Idempotency-Key, and 409 for the same key with another body', async () => {
    const key = { 'idempotency-key': 'rent-2026-03' };
    const first = await send(
      'POST',
      '/api/v1/ledger/journal-entries',
      finance,
      entryBody(b.inc, incAccounts, 300),
      key,
    );
    const again = await send(
      'POST',
      '/api/v1/ledger/journal-entries',
      finance,
      entryBody(b.inc, incAccounts, 300),
      key,
    );
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    const other = await send(
      'POST',
      '/api/v1/ledger/journal-entries',
      finance,
      entryBody(b.inc, incAccounts, 301),
      key,
    );
    expect(other.json()).toMatchObject({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('are reversed once, through the API', async () => {
    const entry = (
      await send('POST', '/api/v1/ledger/journal-entries', finance, entryBody(b.inc, incAccounts, 77))
    ).json();
    const reversal = await send('POST', `/api/v1/ledger/journal-entries/${entry.id}/reverse`, finance, {
      description: 'Posted twice',
    });
    expect(reversal.statusCode).toBe(201);
    expect(reversal.json()).toMatchObject({ reversalOf: entry.id, description: 'Posted twice' });
    expect((await get(`/api/v1/ledger/journal-entries/${entry.id}`, finance)).json().reversedBy).toBe(
      reversal.json().id,
    );
    expect(
      (await send('POST', `/api/v1/ledger/journal-entries/${entry.id}/reverse`, finance, {})).json(),
    ).toMatchObject({
      status: 409,
      code: 'LEDGER_ALREADY_REVERSED',
    });
  });

  it("stay within the caller's legal entities: Ltd's finance sees only Ltd, another firm sees nothing", async () => {
    const incEntry = (
      await send('POST', '/api/v1/ledger/journal-entries', finance, entryBody(b.inc, incAccounts, 55))
    ).json();
    expect((await get(`/api/v1/ledger/journal-entries/${incEntry.id}`, ltdFinance)).json()).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect((await get(`/api/v1/ledger/journal-entries/${incEntry.id}`, otherFinance)).statusCode).toBe(404);
    expect((await get(`/api/v1/ledger/accounts/${incAccounts.get('1000')}`, ltdFinance)).statusCode).toBe(
      404,
    );
    expect(
      (await get(`/api/v1/ledger/accounts/${incAccounts.get('1000')}/lines`, otherFinance)).statusCode,
    ).toBe(404);
    expect(
      (
        await get(
          `/api/v1/ledger/trial-balance?legalEntityId=${b.inc}&from=2026-01-01&to=2026-12-31`,
          ltdFinance,
        )
      ).statusCode,
    ).toBe(404);
    const listed = (await get('/api/v1/ledger/journal-entries?limit=200', ltdFinance)).json().items;
    expect(listed.every((e: { legalEntityId: string }) => e.legalEntityId === b.ltd)).toBe(true);
    const accounts = (await get('/api/v1/ledger/accounts?limit=200', ltdFinance)).json().items;
    expect(new Set(accounts.map((a: { legalEntityId: string }) => a.legalEntityId))).toEqual(
      new Set([b.ltd]),
    );
    expect(
      (
        await send('POST', '/api/v1/ledger/journal-entries', ltdFinance, entryBody(b.inc, incAccounts, 5))
      ).json(),
    ).toMatchObject({
      status: 422,
      code: 'REFERENCE_NOT_FOUND',
    });
    // Ltd's finance posts in Ltd's own books (GBP), converting USD at the rate on the date.
    await send('POST', '/api/v1/fx-rates', finance, {
      base: 'GBP',
      quote: 'USD',
      date: '2026-01-01',
      rate: '1.25',
    });
    const ltdEntry = await send(
      'POST',
      '/api/v1/ledger/journal-entries',
      ltdFinance,
      entryBody(b.ltd, ltdAccounts, 100_00),
    );
    expect(ltdEntry.json().lines.map((l: { functionalAmount: object }) => l.functionalAmount)).toEqual([
      { amountMinor: 80_00, currency: 'GBP' },
      { amountMinor: 80_00, currency: 'GBP' },
    ]);
  });
});

describe('account lines, balances and the trial balance', () => {
  it('pages an account ledger by keyset and reports balances and a trial balance that add up', async () => {
    for (const [date, amount] of [
      ['2026-08-03', 10],
      ['2026-08-01', 20],
      ['2026-08-02', 30],
    ] as const)
      await send('POST', '/api/v1/ledger/journal-entries', finance, {
        ...entryBody(b.inc, incAccounts, amount),
        entryDate: date,
        lines: [
          {
            accountId: incAccounts.get('1300'),
            side: 'debit',
            amount: { amountMinor: amount, currency: 'USD' },
          },
          {
            accountId: incAccounts.get('2100'),
            side: 'credit',
            amount: { amountMinor: amount, currency: 'USD' },
          },
        ],
      });
    const url = `/api/v1/ledger/accounts/${incAccounts.get('1300')}/lines?limit=2`;
    const first = (await get(url, finance)).json();
    const second = (await get(`${url}&cursor=${first.nextCursor}`, finance)).json();
    expect([...first.items, ...second.items].map((l: { entryDate: string }) => l.entryDate)).toEqual([
      '2026-08-01',
      '2026-08-02',
      '2026-08-03',
    ]);
    expect(second.nextCursor).toBeNull();
    const balance = (
      await get(`/api/v1/ledger/accounts/${incAccounts.get('1300')}/balance?asOf=2026-08-02`, auditor)
    ).json();
    expect(balance).toMatchObject({
      functional: { currency: 'USD', debitMinor: 50, creditMinor: 0, balanceMinor: 50 },
      currencies: [{ currency: 'USD', balanceMinor: 50 }],
    });
    const tb = (
      await get(`/api/v1/ledger/trial-balance?legalEntityId=${b.inc}&from=2026-08-01&to=2026-08-31`, auditor)
    ).json();
    const row = (code: string) => tb.accounts.find((a: { code: string }) => a.code === code)?.functional;
    // Cash and rent carry March's postings of the tests above as their opening balance.
    expect(tb.accounts.map((a: { code: string }) => a.code)).toEqual(['1000', '1300', '2100', '6100']);
    expect(row('1300')).toEqual({ openingMinor: 0, debitMinor: 60, creditMinor: 0, closingMinor: 60 });
    expect(row('2100')).toEqual({ openingMinor: 0, debitMinor: 0, creditMinor: 60, closingMinor: -60 });
    expect(row('1000').openingMinor + row('6100').openingMinor).toBe(0);
    expect(tb.totals.functional).toMatchObject({ debitMinor: 60, creditMinor: 60, closingMinor: 0 });
  });
});

describe('periods', () => {
  it('close a month so that the database refuses postings dated in it, and reopen with a reason', async () => {
    const closed = await send('POST', '/api/v1/ledger/periods/close', finance, {
      legalEntityId: b.inc,
      month: '2026-09',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const refused = await send('POST', '/api/v1/ledger/journal-entries', finance, {
      ...entryBody(b.inc, incAccounts, 5),
      entryDate: '2026-09-30',
    });
    expect(refused.json()).toMatchObject({ status: 409, code: 'LEDGER_PERIOD_CLOSED' });
    expect(
      (
        await send('POST', '/api/v1/ledger/periods/close', ltdFinance, {
          legalEntityId: b.inc,
          month: '2026-09',
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (await send('POST', `/api/v1/ledger/periods/${closed.json().id}/reopen`, ltdFinance, { reason: 'x' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await send('POST', `/api/v1/ledger/periods/${closed.json().id}/reopen`, auditor, { reason: 'x' }))
        .statusCode,
    ).toBe(403);
    const reopened = await send('POST', `/api/v1/ledger/periods/${closed.json().id}/reopen`, finance, {
      reason: 'Accrual missed',
    });
    expect(reopened.json()).toMatchObject({
      status: 'open',
      reopenReason: 'Accrual missed',
      month: '2026-09',
    });
    expect(
      (
        await send('POST', '/api/v1/ledger/journal-entries', finance, {
          ...entryBody(b.inc, incAccounts, 5),
          entryDate: '2026-09-30',
        })
      ).statusCode,
    ).toBe(201);
  });
});

describe('FX rates', () => {
  it('are recorded as exact decimals, looked up on or before a date (or inverted), corrected, and kept per firm', async () => {
    const created = await send('POST', '/api/v1/fx-rates', finance, {
      base: 'EUR',
      quote: 'USD',
      date: '2026-03-01',
      rate: '1.0853',
      source: 'ECB',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ rate: '1.0853000000', date: '2026-03-01' });
    expect(
      (
        await send('POST', '/api/v1/fx-rates', finance, {
          base: 'EUR',
          quote: 'USD',
          date: '2026-03-01',
          rate: '1.1',
        })
      ).json(),
    ).toMatchObject({ status: 409, code: 'DUPLICATE' });
    expect(
      (
        await send('POST', '/api/v1/fx-rates', finance, {
          base: 'EUR',
          quote: 'USD',
          date: '2026-03-02',
          rate: '1.5e2',
        })
      ).statusCode,
    ).toBe(400);
    const lookup = (await get('/api/v1/fx-rates/lookup?base=EUR&quote=USD&on=2026-03-15', auditor)).json();
    expect(lookup).toMatchObject({ rate: '1.0853000000', rateDate: '2026-03-01', inverted: false });
    const inverse = (await get('/api/v1/fx-rates/lookup?base=USD&quote=EUR&on=2026-03-15', auditor)).json();
    expect(inverse).toMatchObject({ rate: '0.9214042200', inverted: true });
    expect((await get('/api/v1/fx-rates/lookup?base=EUR&quote=USD&on=2026-02-28', auditor)).statusCode).toBe(
      404,
    );
    const corrected = await send('PATCH', `/api/v1/fx-rates/${created.json().id}`, finance, {
      rate: '1.0854',
    });
    expect(corrected.json().rate).toBe('1.0854000000');
    expect((await get(`/api/v1/fx-rates/${created.json().id}`, otherFinance)).statusCode).toBe(404);
    expect((await get('/api/v1/fx-rates?base=EUR', otherFinance)).json().items).toEqual([]);
  });
});

describe('the audit log', () => {
  it('shows ledger events only to readers who may read the ledger', async () => {
    const admin = await signIn(staffOf(tenant, ['tenant-admin']));
    const role = await send('POST', '/api/v1/roles', admin, {
      key: 'custom:audit-only',
      name: 'Audit only',
      permissions: ['read:audit'],
    });
    expect(role.statusCode, role.body).toBe(201);
    const auditOnly = await signIn(staffOf(tenant, ['custom:audit-only']));
    const kinds = async (who: TestIdentity) =>
      new Set<string>(
        (await get('/api/v1/audit/events?limit=200', who))
          .json()
          .items.map((e: { resourceKind: string }) => e.resourceKind),
      );
    expect([...(await kinds(auditor))]).toEqual(
      expect.arrayContaining(['journal_entry', 'ledger_account', 'fx_rate']),
    );
    const hidden = [...(await kinds(auditOnly))];
    // They still read the log: the role they were given is there (a kind no read permission guards).
    expect(hidden).toContain('role');
    expect(
      hidden.filter((kind) => ['journal_entry', 'ledger_account', 'ledger_period', 'fx_rate'].includes(kind)),
    ).toEqual([]);
  });
});
