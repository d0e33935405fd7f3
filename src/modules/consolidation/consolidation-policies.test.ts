import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import type { SegmentScope, TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { createFxRate } from '../ledger/index.ts';
import { consolidate } from './consolidation.service.ts';
import { bookTime, type ConsolidationWorld, seedConsolidationWorld } from './consolidation-test-fixture.ts';
import { runIntercompanyRecharges } from './intercompany-recharge.service.ts';
import { listIntercompanyRecharges } from './intercompany-recharge-query.ts';

let t: TestTessera;
let w: ConsolidationWorld;

/** Finance with restricted clearance, scoped to some legal entities only. */
const financeOf = (legalEntities: readonly string[]): TenantContext => ({
  ...w.finance,
  scope: { ...w.finance.scope, legal_entity: legalEntities } as SegmentScope,
});
const march = { from: '2026-03-01', to: '2026-03-31', reportingCurrency: 'USD' } as const;

const rechargeRows = () =>
  t.tessera.withTenant(
    w.finance,
    async (tx) =>
      (
        await sql<{ month: string }>`SELECT to_char(month, 'YYYY-MM') AS month FROM intercompany_recharges
          WHERE tenant_id = ${w.tenantId} ORDER BY 1`.execute(tx.db)
      ).rows.map((row) => row.month),
    { readOnly: true },
  );

beforeAll(async () => {
  t = await openTestTessera();
  w = await seedConsolidationWorld(t);
  await t.tessera.withTenant(w.finance, (tx) =>
    createFxRate(tx, { base: 'GBP', quote: 'USD', date: '2026-03-31', rate: '1.27', source: 'test' }),
  );
  await bookTime(t, w, w.assignments.elenaGlobex, '2026-03-09', 480);
  await bookTime(t, w, w.assignments.jinInitech, '2026-03-11', 240);
  await t.tessera.withTenant(w.finance, (tx) => runIntercompanyRecharges(tx, { month: '2026-03' }));
  // April's inter-company time, not recharged yet.
  await bookTime(t, w, w.assignments.elenaGlobex, '2026-04-06', 120);
  await bookTime(t, w, w.assignments.jinInitech, '2026-04-07', 120);
}, 180_000);
afterAll(() => t.cleanup());

describe('consolidation and recharges under row-level security', () => {
  it('consolidates only the entities in scope, and says which', async () => {
    const ltdOnly = await t.tessera.withTenant(financeOf([w.b.ltd]), (tx) => consolidate(tx, march), {
      readOnly: true,
    });
    expect(ltdOnly.legalEntities.map((entity) => entity.id)).toEqual([w.b.ltd]);
    for (const line of ltdOnly.lines)
      expect(line.entities.map((cell) => cell.legalEntityId).filter((id) => id !== w.b.ltd)).toEqual([]);
    // Nothing of Inc: its half of each pair is not there, so nothing is eliminated.
    expect(ltdOnly.eliminations).toEqual([]);
    expect(ltdOnly.lines.find((line) => line.key === 'intercompany_receivable')).toMatchObject({
      translatedMinor: 60_960,
      eliminationMinor: 0,
      consolidatedMinor: 60_960,
    });
    const both = await t.tessera.withTenant(w.finance, (tx) => consolidate(tx, march), { readOnly: true });
    expect(both.legalEntities.map((entity) => entity.id)).toEqual([w.b.inc, w.b.ltd]);
    expect(both.eliminations).toHaveLength(2);
  });

  it('answers 404 when the consolidation names an entity out of scope', async () => {
    await expect(
      t.tessera.withTenant(
        financeOf([w.b.ltd]),
        (tx) => consolidate(tx, { ...march, legalEntityIds: [w.b.ltd, w.b.inc] }),
        { readOnly: true },
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', context: { id: w.b.inc } });
    await expect(
      t.tessera.withTenant(
        financeOf([w.b.ltd]),
        (tx) => consolidate(tx, { ...march, legalEntityIds: [uuidv7()] }),
        { readOnly: true },
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("lets finance of one entity run no recharge that touches the other's ledger", async () => {
    for (const scope of [[w.b.ltd], [w.b.inc]]) {
      await expect(
        t.tessera.withTenant(financeOf(scope), (tx) => runIntercompanyRecharges(tx, { month: '2026-04' })),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await expect(
        t.tessera.withTenant(financeOf(scope), (tx) =>
          runIntercompanyRecharges(tx, { month: '2026-04', legalEntityIds: [w.b.inc, w.b.ltd] }),
        ),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(await rechargeRows()).toEqual(['2026-03', '2026-03']);
    // Finance of both runs it.
    const run = await t.tessera.withTenant(w.finance, (tx) =>
      runIntercompanyRecharges(tx, { month: '2026-04' }),
    );
    expect(run.recharges.filter((r) => !r.replayed)).toHaveLength(2);
  });

  it('shows a recharge to finance of either side, and lets no one write one half in scope with raw SQL', async () => {
    const seen = await t.tessera.withTenant(
      financeOf([w.b.ltd]),
      (tx) => listIntercompanyRecharges(tx, { limit: 50, cursor: null }),
      { readOnly: true },
    );
    expect(seen.items).toHaveLength(4);
    const none = await t.tessera.withTenant(
      financeOf([]),
      (tx) => listIntercompanyRecharges(tx, { limit: 50, cursor: null }),
      { readOnly: true },
    );
    expect(none.items).toEqual([]);
    await expect(
      t.tessera.withTenant(financeOf([w.b.ltd]), async (tx) => {
        await sql`INSERT INTO intercompany_recharges (tenant_id, id, month, employing_legal_entity_id,
            project_legal_entity_id, currency, cost_minor, markup_basis_points, amount_minor, minutes, time_entry_count)
          VALUES (${w.tenantId}, ${uuidv7()}, '2026-05-01', ${w.b.ltd}, ${w.b.inc}, 'GBP', 1, 0, 1, 60, 1)`.execute(
          tx.db,
        );
        tx.audit({ action: 'test.raw', resourceKind: 'intercompany_recharge', resourceId: null });
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
