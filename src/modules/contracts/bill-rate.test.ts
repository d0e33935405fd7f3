import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { type BrightpathSegments, seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { createPerson } from '../resources/person.service.ts';
import { createContract } from './contract.service.ts';
import { addRate, billRateFor, createRateCard } from './rate-card.service.ts';

let t: TestTessera;
let tenant: string;
let b: BrightpathSegments;
let contractId: string;
let bareContractId: string;
let jin: string;
let ava: string;

const usd = (amountMinor: number) => ({ amountMinor, currency: 'USD' });

beforeAll(async () => {
  t = await openTestTessera();
  tenant = await createTestTenant(t.tessera, { name: 'Brightpath' });
  b = await seedBrightpath(t.tessera, tenant);
  await t.tessera.withTenant(staff(tenant), async (tx) => {
    jin = (await createPerson(tx, { name: 'Jin Park', kind: 'employee', legalEntityId: b.inc })).id;
    ava = (await createPerson(tx, { name: 'Ava Stone', kind: 'employee', legalEntityId: b.inc })).id;
    const contract = (name: string) =>
      createContract(tx, {
        name,
        clientId: b.globex,
        legalEntityId: b.inc,
        practiceId: b.strategy,
        currency: 'USD',
        billingModel: 'time_and_materials',
        startsOn: '2026-01-01',
      });
    contractId = (await contract('Globex T&M')).id;
    bareContractId = (await contract('Globex without card')).id;
    const card = (await createRateCard(tx, { name: 'Globex card', contractId })).id;
    // Jin on the contract: 200.00 in H1 (until 30 June inclusive), 220.00 from 1 July on.
    await addRate(tx, card, {
      personId: jin,
      hourlyRate: usd(20000),
      validFrom: '2026-01-01',
      validUntil: '2026-06-30',
    });
    await addRate(tx, card, { personId: jin, hourlyRate: usd(22000), validFrom: '2026-07-01' });
    await addRate(tx, card, { role: 'consultant', hourlyRate: usd(15000), validFrom: '2026-03-01' });
    const fallback = (await createRateCard(tx, { name: 'Default USD', currency: 'USD' })).id;
    await addRate(tx, fallback, { role: 'consultant', hourlyRate: usd(12000), validFrom: '2025-01-01' });
    await addRate(tx, fallback, { role: 'partner', hourlyRate: usd(40000), validFrom: '2025-01-01' });
    await addRate(tx, fallback, { personId: ava, hourlyRate: usd(30000), validFrom: '2025-01-01' });
    // A GBP default card never answers for a USD contract.
    const gbp = (await createRateCard(tx, { name: 'Default GBP', currency: 'GBP' })).id;
    await addRate(tx, gbp, {
      role: 'analyst',
      hourlyRate: { amountMinor: 9000, currency: 'GBP' },
      validFrom: '2025-01-01',
    });
  });
});
afterAll(() => t.cleanup());

const rateOn = (query: { contractId?: string; personId: string | null; role: string | null; on: string }) =>
  t.tessera.withTenant(staff(tenant), (tx) => billRateFor(tx, { contractId, ...query }), { readOnly: true });

describe('billRateFor', () => {
  it.each([
    // person rate on the contract card, at both edges of its validity
    [{ personId: 'jin', role: 'consultant', on: '2026-01-01' }, 20000, 'contract-person'],
    [{ personId: 'jin', role: 'consultant', on: '2026-06-30' }, 20000, 'contract-person'],
    [{ personId: 'jin', role: 'consultant', on: '2026-07-01' }, 22000, 'contract-person'],
    [{ personId: 'jin', role: 'consultant', on: '2030-12-31' }, 22000, 'contract-person'],
    // before Jin's first rate: the role's rate on the card applies only from 1 March, so the default's
    [{ personId: 'jin', role: 'consultant', on: '2025-12-31' }, 12000, 'default-role'],
    // someone without a person rate: the contract's role rate from its first day, else the default
    [{ personId: 'ava', role: 'consultant', on: '2026-03-01' }, 15000, 'contract-role'],
    [{ personId: null, role: 'consultant', on: '2026-02-28' }, 12000, 'default-role'],
    // a person rate on the default card comes before a role rate on it, not before the contract's
    [{ personId: 'ava', role: 'partner', on: '2026-02-01' }, 30000, 'default-person'],
    [{ personId: null, role: 'partner', on: '2026-02-01' }, 40000, 'default-role'],
  ] as const)('answers %o with %i (%s)', async (query, amountMinor, source) => {
    const personId = query.personId === 'jin' ? jin : query.personId === 'ava' ? ava : null;
    expect(await rateOn({ ...query, personId })).toMatchObject({ hourlyRate: usd(amountMinor), source });
  });

  it('uses the default card for a contract without one, and answers null when nothing applies', async () => {
    expect(
      await rateOn({ contractId: bareContractId, personId: jin, role: 'consultant', on: '2026-05-01' }),
    ).toMatchObject({
      hourlyRate: usd(12000),
      source: 'default-role',
    });
    expect(await rateOn({ personId: null, role: 'analyst', on: '2026-05-01' })).toBeNull();
    expect(await rateOn({ personId: null, role: 'consultant', on: '2024-12-31' })).toBeNull();
  });

  it('answers NOT_FOUND for a contract outside the caller’s scope', async () => {
    const attempt = t.tessera.withTenant(
      staff(tenant, { practice: [b.data] }),
      (tx) => billRateFor(tx, { contractId, personId: jin, role: null, on: '2026-05-01' }),
      { readOnly: true },
    );
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
