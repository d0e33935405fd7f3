import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera, userContext } from '../../../test/support/test-tessera.ts';
import type { SegmentScope } from '../../platform/tenancy/tenant-context.ts';
import { postJournalEntry } from './journal.service.ts';
import { idOf, type LedgerFixture, seedLedger } from './ledger-test-fixture.ts';

let t: TestTessera;
let bp: LedgerFixture;
let kestrel: LedgerFixture;

const TABLES = ['ledger_accounts', 'journal_entries', 'journal_lines', 'ledger_periods'] as const;

beforeAll(async () => {
  t = await openTestTessera();
  bp = await seedLedger(t.tessera, await createTestTenant(t.tessera, { name: 'Brightpath' }));
  kestrel = await seedLedger(t.tessera, await createTestTenant(t.tessera, { name: 'Kestrel' }), 'Kestrel ');
  for (const f of [bp, kestrel]) {
    await t.tessera.withTenant(f.ctx, async (tx) => {
      for (const [entity, accounts, currency] of [
        [f.b.inc, f.inc, 'USD'],
        [f.b.ltd, f.ltd, 'GBP'],
      ] as const)
        await postJournalEntry(tx, {
          legalEntityId: entity,
          entryDate: '2026-03-01',
          description: 'Opening capital',
          source: { kind: 'manual' },
          lines: [
            { account: { id: idOf(accounts, '1000') }, side: 'debit', amountMinor: 1_000n, currency },
            { account: { id: idOf(accounts, '3000') }, side: 'credit', amountMinor: 1_000n, currency },
          ],
        });
    });
  }
});
afterAll(() => t.cleanup());

// No tenant or legal entity filter on purpose: only the policies decide what comes back.
async function entitiesIn(
  table: (typeof TABLES)[number],
  scope: Partial<SegmentScope>,
  tenantId = bp.tenantId,
): Promise<string[]> {
  return t.tessera.withTenant(
    userContext(tenantId, { scope }),
    async (tx) =>
      (
        await sql<{ legal_entity_id: string }>`
          SELECT DISTINCT legal_entity_id FROM ${sql.table(table)} ORDER BY 1`.execute(tx.db)
      ).rows.map((row) => row.legal_entity_id),
    { readOnly: true },
  );
}

describe('the ledger under row-level security', () => {
  it("shows finance scoped to Brightpath Ltd only Ltd's accounts, entries, lines and periods", async () => {
    const both = [bp.b.inc, bp.b.ltd].sort();
    for (const table of TABLES) {
      expect(await entitiesIn(table, {}), table).toEqual(both);
      expect(await entitiesIn(table, { legal_entity: [bp.b.ltd] }), table).toEqual([bp.b.ltd]);
      expect(await entitiesIn(table, { legal_entity: [] }), table).toEqual([]);
      // Another firm's ledger is never there, whatever the scope.
      expect(await entitiesIn(table, {}, kestrel.tenantId), table).toEqual(
        [kestrel.b.inc, kestrel.b.ltd].sort(),
      );
    }
  });

  it('shows FX rates to the whole tenant and to no other', async () => {
    const count = (tenantId: string, scope: Partial<SegmentScope>) =>
      t.tessera.withTenant(
        userContext(tenantId, { scope }),
        async (tx) =>
          (await sql<{ n: bigint }>`SELECT count(*) AS n FROM fx_rates`.execute(tx.db)).rows[0]?.n,
        { readOnly: true },
      );
    expect(await count(bp.tenantId, { legal_entity: [bp.b.ltd] })).toBe(4n);
    expect(await count(bp.tenantId, { legal_entity: [] })).toBe(4n);
  });

  it("lets no one scoped to Ltd write Inc's ledger, not even with raw SQL", async () => {
    const ltdOnly = userContext(bp.tenantId, { scope: { legal_entity: [bp.b.ltd] } });
    await expect(
      t.tessera.withTenant(ltdOnly, (tx) =>
        postJournalEntry(tx, {
          legalEntityId: bp.b.inc,
          entryDate: '2026-03-02',
          description: 'Out of scope',
          source: { kind: 'manual' },
          lines: [
            { account: { id: idOf(bp.inc, '1000') }, side: 'debit', amountMinor: 1n, currency: 'USD' },
            { account: { id: idOf(bp.inc, '3000') }, side: 'credit', amountMinor: 1n, currency: 'USD' },
          ],
        }),
      ),
    ).rejects.toMatchObject({ code: 'REFERENCE_NOT_FOUND' });
    await expect(
      t.tessera.withTenant(ltdOnly, async (tx) => {
        await sql`INSERT INTO journal_entries (tenant_id, id, legal_entity_id, functional_currency, entry_date, description, source_kind)
          VALUES (${bp.tenantId}, ${uuidv7()}, ${bp.b.inc}, 'USD', '2026-03-02', 'raw', 'manual')`.execute(
          tx.db,
        );
        tx.audit({ action: 'test.raw', resourceKind: 'journal_entry', resourceId: null });
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.tessera.withTenant(ltdOnly, async (tx) => {
        await sql`INSERT INTO ledger_accounts (tenant_id, id, legal_entity_id, code, name, type)
          VALUES (${bp.tenantId}, ${uuidv7()}, ${bp.b.inc}, '9999', 'Sneaky', 'asset')`.execute(tx.db);
        tx.audit({ action: 'test.raw', resourceKind: 'ledger_account', resourceId: null });
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
