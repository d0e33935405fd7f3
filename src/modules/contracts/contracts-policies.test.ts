import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera, userContext } from '../../../test/support/test-tessera.ts';
import type { SegmentScope } from '../../platform/tenancy/tenant-context.ts';
import { updateClient } from '../organization/client.service.ts';
import { type BrightpathSegments, seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { createContact } from './contact.service.ts';
import { createContract } from './contract.service.ts';
import { addRate, createRateCard } from './rate-card.service.ts';

let t: TestTessera;
let brightpath: string;
let kestrel: string;
let b: BrightpathSegments;

beforeAll(async () => {
  t = await openTestTessera();
  brightpath = await createTestTenant(t.tessera, { name: 'Brightpath' });
  kestrel = await createTestTenant(t.tessera, { name: 'Kestrel' });
  b = await seedBrightpath(t.tessera, brightpath);
  const k = await seedBrightpath(t.tessera, kestrel, 'Kestrel ');
  await t.tessera.withTenant(staff(brightpath), async (tx) => {
    for (const [client, name] of [
      [b.globex, 'Globex buyer'],
      [b.initech, 'Initech buyer'],
      [b.hooli, 'Hooli buyer'],
    ] as const)
      await createContact(tx, { clientId: client, name, email: `${name.replace(' ', '.')}@example.test` });
    const contract = (name: string, clientId: string, legalEntityId: string, practiceId: string) =>
      createContract(tx, {
        name,
        clientId,
        legalEntityId,
        practiceId,
        currency: 'USD',
        billingModel: 'time_and_materials',
        startsOn: '2026-01-01',
      });
    const globex = await contract('Globex T&M', b.globex, b.inc, b.strategy);
    // Globex's client is under Inc, this contract under Ltd: the contract's own entity decides.
    await contract('Globex via Ltd', b.globex, b.ltd, b.cloud);
    await contract('Initech T&M', b.initech, b.ltd, b.technology);
    await contract('Hooli pilot', b.hooli, b.inc, b.data);
    const card = await createRateCard(tx, { name: 'Globex card', contractId: globex.id });
    await addRate(tx, card.id, {
      role: 'consultant',
      hourlyRate: { amountMinor: 15000, currency: 'USD' },
      validFrom: '2026-01-01',
    });
    const fallback = await createRateCard(tx, { name: 'Default USD', currency: 'USD' });
    await addRate(tx, fallback.id, {
      role: 'consultant',
      hourlyRate: { amountMinor: 12000, currency: 'USD' },
      validFrom: '2026-01-01',
    });
  });
  await t.tessera.withTenant(staff(kestrel), async (tx) => {
    await createContact(tx, { clientId: k.globex, name: 'Kestrel buyer' });
    await createContract(tx, {
      name: 'Kestrel contract',
      clientId: k.globex,
      legalEntityId: k.inc,
      practiceId: k.strategy,
      currency: 'USD',
      billingModel: 'retainer',
      startsOn: '2026-01-01',
    });
  });
});
afterAll(() => t.cleanup());

// No tenant or segment filter on purpose: only the policies decide what comes back.
type Table = 'contacts' | 'contracts' | 'rate_cards';
async function namesIn(table: Table, scope: Partial<SegmentScope>, tenantId = brightpath): Promise<string[]> {
  return t.tessera.withTenant(
    userContext(tenantId, { scope }),
    async (tx) =>
      (
        await sql<{ name: string }>`SELECT name FROM ${sql.table(table)} ORDER BY name`.execute(tx.db)
      ).rows.map((r) => r.name),
    { readOnly: true },
  );
}

async function rateCount(scope: Partial<SegmentScope>): Promise<bigint | undefined> {
  return t.tessera.withTenant(
    userContext(brightpath, { scope }),
    async (tx) =>
      (await sql<{ n: bigint }>`SELECT count(*) AS n FROM rate_card_rates`.execute(tx.db)).rows[0]?.n,
    { readOnly: true },
  );
}

describe('contacts', () => {
  it('are visible exactly when their client is: client, legal entity and region scope', async () => {
    expect(await namesIn('contacts', {})).toEqual(['Globex buyer', 'Hooli buyer', 'Initech buyer']);
    expect(await namesIn('contacts', { client: [b.globex] })).toEqual(['Globex buyer']);
    expect(await namesIn('contacts', { legal_entity: [b.ltd] })).toEqual(['Initech buyer']);
    expect(await namesIn('contacts', { region: [b.us] })).toEqual(['Globex buyer']);
    expect(await namesIn('contacts', { region: [b.us, b.ukEu] })).toEqual(['Globex buyer', 'Initech buyer']);
    expect(await namesIn('contacts', { client: [] })).toEqual([]);
  });
});

describe('contracts', () => {
  it("follow their own legal entity, their practice, and their client's client and region", async () => {
    expect(await namesIn('contracts', {})).toEqual([
      'Globex T&M',
      'Globex via Ltd',
      'Hooli pilot',
      'Initech T&M',
    ]);
    expect(await namesIn('contracts', { legal_entity: [b.ltd] })).toEqual(['Globex via Ltd', 'Initech T&M']);
    expect(await namesIn('contracts', { practice: [b.strategy] })).toEqual(['Globex T&M']);
    expect(await namesIn('contracts', { client: [b.initech] })).toEqual(['Initech T&M']);
    expect(await namesIn('contracts', { region: [b.us] })).toEqual(['Globex T&M', 'Globex via Ltd']);
    expect(await namesIn('contracts', { practice: [] })).toEqual([]);
  });
});

describe('rate cards', () => {
  it("of a contract follow the contract's segments; the default card is seen by every member", async () => {
    expect(await namesIn('rate_cards', {})).toEqual(['Default USD', 'Globex card']);
    for (const scope of [
      { region: [b.ukEu] },
      { practice: [b.data] },
      { client: [] },
      { legal_entity: [b.ltd] },
    ]) {
      expect(await namesIn('rate_cards', scope)).toEqual(['Default USD']);
      expect(await rateCount(scope)).toBe(1n);
    }
    expect(await rateCount({})).toBe(2n);
  });
});

describe('moving a client', () => {
  it("moves its contacts', contracts', rate cards' and rates' region with it", async () => {
    await t.tessera.withTenant(staff(brightpath), (tx) => updateClient(tx, b.globex, { regionId: b.ukEu }));
    const regions = await t.tessera.withTenant(
      staff(brightpath),
      async (tx) =>
        (
          await sql<{ region_id: string }>`
            SELECT region_id FROM contacts WHERE client_id = ${b.globex}
            UNION ALL SELECT region_id FROM contracts WHERE client_id = ${b.globex}
            UNION ALL SELECT region_id FROM rate_cards WHERE client_id = ${b.globex}
            UNION ALL SELECT region_id FROM rate_card_rates WHERE client_id = ${b.globex}`.execute(tx.db)
        ).rows.map((r) => r.region_id),
      { readOnly: true },
    );
    expect(regions).toHaveLength(5);
    expect(new Set(regions)).toEqual(new Set([b.ukEu]));
    expect(await namesIn('contacts', { region: [b.us] })).toEqual([]);
    expect(await namesIn('contacts', { region: [b.ukEu] })).toEqual(['Globex buyer', 'Initech buyer']);
    expect(await namesIn('rate_cards', { region: [b.ukEu] })).toEqual(['Default USD', 'Globex card']);
    await t.tessera.withTenant(staff(brightpath), (tx) => updateClient(tx, b.globex, { regionId: b.us }));
  });

  it('refuses a hand-written contact whose segments are not its client’s', async () => {
    const attempt = t.tessera.withTenant(staff(brightpath), async (tx) => {
      await sql`INSERT INTO contacts (tenant_id, id, client_id, legal_entity_id, region_id, name)
        VALUES (${brightpath}, gen_random_uuid(), ${b.globex}, ${b.ltd}, ${b.us}, 'Mislabelled')`.execute(
        tx.db,
      );
      tx.audit({ action: 'test.insert', resourceKind: 'contact', resourceId: b.globex });
    });
    await expect(attempt).rejects.toMatchObject({ code: 'REFERENCE_NOT_FOUND' });
  });
});

describe('another tenant', () => {
  it("sees none of this tenant's contacts, contracts or rate cards", async () => {
    expect(await namesIn('contacts', {}, kestrel)).toEqual(['Kestrel buyer']);
    expect(await namesIn('contracts', {}, kestrel)).toEqual(['Kestrel contract']);
    expect(await namesIn('rate_cards', {}, kestrel)).toEqual([]);
  });
});
