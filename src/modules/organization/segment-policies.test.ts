import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera, userContext } from '../../../test/support/test-tessera.ts';
import type { SegmentScope } from '../../platform/tenancy/tenant-context.ts';
import { systemContext } from '../../platform/tenancy/tenant-context.ts';
import { expandPracticeScope } from './practice-scope.ts';
import { type BrightpathSegments, seedBrightpath } from './segments-test-fixture.ts';

let t: TestTessera;
let brightpath: string;
let kestrel: string;
let b: BrightpathSegments;

beforeAll(async () => {
  t = await openTestTessera();
  brightpath = await createTestTenant(t.tessera, { name: 'Brightpath' });
  kestrel = await createTestTenant(t.tessera, { name: 'Kestrel' });
  b = await seedBrightpath(t.tessera, brightpath);
  await seedBrightpath(t.tessera, kestrel, 'Kestrel ');
});
afterAll(() => t.cleanup());

// No tenant or segment filter on purpose: only the policies decide what comes back.
type Table = 'practices' | 'regions' | 'clients' | 'portfolios';
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

describe('practice segments', () => {
  it('show a user scoped to one practice exactly that practice', async () => {
    expect(await namesIn('practices', { practice: [b.technology] })).toEqual(['Technology']);
  });

  it('show nothing to an empty scope and every practice of the tenant to "all"', async () => {
    expect(await namesIn('practices', { practice: [] })).toEqual([]);
    expect(await namesIn('practices', { practice: 'all' })).toEqual([
      'Cloud',
      'Data',
      'Pricing',
      'Strategy',
      'Technology',
    ]);
  });

  it('cover sub-practices once the scope is expanded, but never siblings', async () => {
    const expanded = await t.tessera.withTenant(
      systemContext(brightpath, 'scope-expansion'),
      (tx) => expandPracticeScope(tx, [b.strategy]),
      { readOnly: true },
    );
    expect(expanded).toEqual([b.strategy, b.pricing]);
    expect(await namesIn('practices', { practice: expanded })).toEqual(['Pricing', 'Strategy']);
  });
});

describe('region segments', () => {
  it('show a user scoped to one region exactly that region, none to an empty scope, all to "all"', async () => {
    expect(await namesIn('regions', { region: [b.us] })).toEqual(['United States']);
    expect(await namesIn('regions', { region: [] })).toEqual([]);
    expect(await namesIn('regions', { region: 'all' })).toEqual(['UK and Europe', 'United States']);
  });
});

describe('portfolio segments', () => {
  it('show a user scoped to one portfolio exactly that portfolio, none to an empty scope, all to "all"', async () => {
    expect(await namesIn('portfolios', { portfolio: [b.growth] })).toEqual(['Growth']);
    expect(await namesIn('portfolios', { portfolio: [] })).toEqual([]);
    expect(await namesIn('portfolios', { portfolio: 'all' })).toEqual(['Growth', 'Run']);
  });
});

describe('client segments', () => {
  it("show a client approver exactly their own client's workspace", async () => {
    expect(await namesIn('clients', { client: [b.globex] })).toEqual(['Globex']);
  });

  it('show nothing to an empty client scope and every client to full scope', async () => {
    expect(await namesIn('clients', { client: [] })).toEqual([]);
    expect(await namesIn('clients', {})).toEqual(['Globex', 'Hooli', 'Initech']);
  });

  it('hide a client in scope whose legal entity is not', async () => {
    expect(await namesIn('clients', { client: [b.globex, b.initech], legal_entity: [b.ltd] })).toEqual([
      'Initech',
    ]);
    expect(await namesIn('clients', { client: [b.globex], legal_entity: [b.ltd] })).toEqual([]);
    expect(await namesIn('clients', { legal_entity: [] })).toEqual([]);
  });

  it('hide a client outside the region scope, and one without a region from anyone not seeing every region', async () => {
    expect(await namesIn('clients', { region: [b.us] })).toEqual(['Globex']);
    expect(await namesIn('clients', { region: [b.us, b.ukEu] })).toEqual(['Globex', 'Initech']);
    expect(await namesIn('clients', { region: [] })).toEqual([]);
    expect(await namesIn('clients', { region: 'all' })).toEqual(['Globex', 'Hooli', 'Initech']);
  });

  it('refuse to write a row outside the scope, even with a hand-written statement', async () => {
    const attempt = t.tessera.withTenant(
      userContext(brightpath, { scope: { legal_entity: [b.ltd] } }),
      async (tx) => {
        await sql`UPDATE clients SET legal_entity_id = ${b.inc} WHERE id = ${b.initech}`.execute(tx.db);
        tx.audit({ action: 'test.move', resourceKind: 'client', resourceId: b.initech });
      },
    );
    await expect(attempt).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('another tenant', () => {
  it("sees none of this tenant's segments, and this tenant none of its", async () => {
    for (const table of ['practices', 'regions', 'clients', 'portfolios'] as const) {
      const theirs = await namesIn(table, {}, kestrel);
      expect(theirs.length).toBeGreaterThan(0);
      expect(theirs.every((name) => name.startsWith('Kestrel '))).toBe(true);
      expect((await namesIn(table, {})).some((name) => name.startsWith('Kestrel '))).toBe(false);
    }
  });
});
