import fc from 'fast-check';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { createContract } from '../contracts/index.ts';
import { accountBalance, accountForRole, createChart, postJournalEntry } from '../ledger/index.ts';
import { type BrightpathSegments, seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import {
  contractBalanceCredits,
  contractBalanceLines,
  lockContract,
  moveContractBalance,
} from './contract-balance.ts';
import { defineObligations } from './obligation.service.ts';

let t: TestTessera;
let tenantId: string;
let b: BrightpathSegments;
const inTenant = <T>(work: (tx: TenantTransaction) => Promise<T>) =>
  t.tessera.withTenant(staff(tenantId), work);

beforeAll(async () => {
  t = await openTestTessera();
  tenantId = await createTestTenant(t.tessera, { name: 'Brightpath' });
  b = await seedBrightpath(t.tessera, tenantId);
  await inTenant((tx) => createChart(tx, { legalEntityId: b.inc }));
}, 120_000);
afterAll(() => t.cleanup());

/** A contract under revenue recognition (it has an obligation), in USD at Brightpath Inc. */
const recognizedContract = () =>
  inTenant(async (tx) => {
    const contract = await createContract(tx, {
      name: `Contract ${uuidv7()}`,
      clientId: b.globex,
      legalEntityId: b.inc,
      practiceId: b.pricing,
      currency: 'USD',
      billingModel: 'retainer',
      startsOn: '2026-01-01',
      status: 'active',
    });
    await defineObligations(tx, contract.id, {
      priceMinor: 1,
      obligations: [
        {
          name: 'Retainer',
          kind: 'ratable',
          standaloneSellingPriceMinor: 1,
          serviceStart: '2026-01-01',
          serviceEnd: '2026-01-01',
        },
      ],
    });
    return contract.id;
  });

type Event = { readonly kind: 'invoice' | 'recognition'; readonly day: number; readonly amountMinor: number };
const dateOf = (day: number) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString().slice(0, 10);

/** Posts an event as billing and the recognition run do: through the contract balance. */
async function post(contractId: string, event: Event): Promise<void> {
  const date = dateOf(event.day);
  const amount = BigInt(event.amountMinor);
  await inTenant(async (tx) => {
    const id = uuidv7();
    if (event.kind === 'invoice') {
      const credits = await contractBalanceCredits(tx, {
        contractId,
        invoiceId: id,
        currency: 'USD',
        date,
        revenueByRole: new Map([['revenue_services', amount]]),
      });
      await postJournalEntry(tx, {
        legalEntityId: b.inc,
        entryDate: date,
        description: 'Invoice',
        source: { kind: 'invoice', id, purpose: 'issue' },
        lines: [
          { account: { role: 'receivables' }, side: 'debit', amountMinor: amount, currency: 'USD' },
          ...credits,
        ],
      });
    } else {
      const contract = await lockContract(tx, contractId);
      const move = await moveContractBalance(tx, contract, date, amount, { kind: 'recognition', id });
      await postJournalEntry(tx, {
        legalEntityId: b.inc,
        entryDate: date,
        description: 'Recognition',
        source: { kind: 'revenue_recognition', id, purpose: 'recognition' },
        lines: [
          ...contractBalanceLines(move, 'USD'),
          { account: { role: 'revenue_services' }, side: 'credit', amountMinor: amount, currency: 'USD' },
        ],
      });
    }
  });
}

const ledgerOn = (asOf: string) =>
  inTenant(async (tx) => {
    const usd = async (role: 'unbilled_revenue' | 'deferred_revenue') =>
      (await accountBalance(tx, (await accountForRole(tx, b.inc, role)).id, asOf)).currencies.find(
        (row) => row.currency === 'USD',
      )?.balanceMinor ?? 0;
    return [await usd('unbilled_revenue'), -(await usd('deferred_revenue')) || 0];
  });

describe('the contract balance', () => {
  it('holds, at every date, unbilled = Σ max(0, recognized − billed) and deferred = Σ max(0, billed − recognized) per contract, whatever order invoices and recognitions arrive in (fixed seed)', async () => {
    const history: { contractId: string; event: Event }[] = [];
    const expected = (asOf: string) => {
      const net = new Map<string, number>();
      for (const { contractId, event } of history)
        if (dateOf(event.day) <= asOf)
          net.set(
            contractId,
            (net.get(contractId) ?? 0) +
              (event.kind === 'recognition' ? event.amountMinor : -event.amountMinor),
          );
      let unbilled = 0;
      let deferred = 0;
      for (const value of net.values()) {
        if (value > 0) unbilled += value;
        else deferred -= value;
      }
      return [unbilled, deferred];
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            kind: fc.constantFrom<Event['kind']>('invoice', 'recognition'),
            day: fc.integer({ min: 0, max: 40 }),
            amountMinor: fc.integer({ min: 1, max: 10_000 }),
          }),
          { minLength: 1, maxLength: 7 },
        ),
        async (events) => {
          const contractId = await recognizedContract();
          for (const event of events) {
            await post(contractId, event);
            history.push({ contractId, event });
          }
          const days = [...new Set(events.flatMap((event) => [event.day - 1, event.day]))].sort(
            (x, y) => x - y,
          );
          for (const asOf of [...days.map(dateOf), '2026-12-31'])
            expect([asOf, ...(await ledgerOn(asOf))]).toEqual([asOf, ...expected(asOf)]);
        },
      ),
      { seed: 42, numRuns: 12 },
    );
  }, 300_000);
});
