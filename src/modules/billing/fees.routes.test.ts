import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { headerPrincipal, sendAs } from '../../../test/support/header-principal.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { buildTestApp } from '../../platform/http/http-test-fixture.ts';
import type { HttpApp } from '../../platform/http/index.ts';
import { createContract } from '../contracts/index.ts';
import { seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { contractFeesRoutes } from './fees.routes.ts';

let t: TestTessera;
let app: HttpApp;
let tenantId: string;
let subscription: string;
let hourly: string;
let foreign: string;

const READ = ['read:organization'];
const WRITE = ['read:organization', 'write:organization'];

/** Signed in by test headers (test/support/header-principal.ts). */
const authenticate = headerPrincipal({ tenantId: () => tenantId });

const send = sendAs(() => app);

async function seedContracts(tenant: string) {
  const b = await seedBrightpath(t.tessera, tenant);
  return t.tessera.withTenant(staff(tenant), async (tx) => {
    const contract = (billingModel: 'subscription' | 'time_and_materials') =>
      createContract(tx, {
        name: `Globex ${billingModel}`,
        clientId: b.globex,
        legalEntityId: b.inc,
        practiceId: b.pricing,
        currency: 'USD',
        billingModel,
        startsOn: '2026-01-01',
        status: 'active',
      });
    return [(await contract('subscription')).id, (await contract('time_and_materials')).id] as const;
  });
}

beforeAll(async () => {
  t = await openTestTessera();
  const other = await createTestTenant(t.tessera, { name: 'Other firm' });
  [foreign] = await seedContracts(other);
  tenantId = await createTestTenant(t.tessera, { name: 'Brightpath' });
  [subscription, hourly] = await seedContracts(tenantId);
  app = await buildTestApp({ authenticate, modules: [contractFeesRoutes(t.tessera.withTenant)] });
}, 120_000);
afterAll(async () => {
  await app.close();
  await t.cleanup();
});

describe('the contract fee routes', () => {
  const fee = {
    amount: { amountMinor: 1000, currency: 'USD' },
    interval: 'month',
    effectiveFrom: '2026-06-01',
  };

  it('add a fee and a change as history, and read the schedule back', async () => {
    const first = await send('POST', `/api/v1/contracts/${subscription}/fees`, WRITE, fee);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      contractId: subscription,
      revision: 1,
      amount: { amountMinor: 1000, currency: 'USD' },
      interval: 'month',
      effectiveFrom: '2026-06-01',
      description: 'Subscription',
    });
    const change = await send('POST', `/api/v1/contracts/${subscription}/fees`, WRITE, {
      ...fee,
      amount: { amountMinor: 2000, currency: 'USD' },
      effectiveFrom: '2026-06-16',
      description: 'Pro plan',
    });
    expect(change.statusCode).toBe(201);
    const list = await send('GET', `/api/v1/contracts/${subscription}/fees`, READ);
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .items.map((f: { revision: number; amount: { amountMinor: number }; description: string }) => [
          f.revision,
          f.amount.amountMinor,
          f.description,
        ]),
    ).toEqual([
      [1, 1000, 'Subscription'],
      [2, 2000, 'Pro plan'],
    ]);
  });

  it('need the contract permissions: read to list, write to add', async () => {
    expect((await send('GET', `/api/v1/contracts/${subscription}/fees`, [])).statusCode).toBe(403);
    expect((await send('POST', `/api/v1/contracts/${subscription}/fees`, READ, fee)).statusCode).toBe(403);
  });

  it('answer 404 for an unknown contract or another tenant’s', async () => {
    for (const id of [uuidv7(), foreign]) {
      expect((await send('GET', `/api/v1/contracts/${id}/fees`, READ)).statusCode).toBe(404);
      expect((await send('POST', `/api/v1/contracts/${id}/fees`, WRITE, fee)).statusCode).toBe(404);
    }
  });

  it('refuse an undeclared field (400) and a fee the contract cannot bill (422), naming the field', async () => {
    const extra = await send('POST', `/api/v1/contracts/${subscription}/fees`, WRITE, { ...fee, tenantId });
    expect(extra.statusCode).toBe(400);
    const badInterval = await send('POST', `/api/v1/contracts/${subscription}/fees`, WRITE, {
      ...fee,
      interval: 'week',
    });
    expect(badInterval.statusCode).toBe(400);
    const hourlyFee = await send('POST', `/api/v1/contracts/${hourly}/fees`, WRITE, fee);
    expect(hourlyFee.statusCode).toBe(422);
    expect(hourlyFee.json().errors).toEqual([
      { path: '/params/id', message: 'the contract is billed time_and_materials' },
    ]);
    const backdated = await send('POST', `/api/v1/contracts/${subscription}/fees`, WRITE, {
      ...fee,
      effectiveFrom: '2026-06-10',
    });
    expect(backdated.statusCode).toBe(422);
    expect(backdated.json().errors.map((e: { path: string }) => e.path)).toEqual(['/body/effectiveFrom']);
  });
});
