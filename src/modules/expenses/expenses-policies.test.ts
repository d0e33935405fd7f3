import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import {
  type Classification,
  FULL_SCOPE,
  type SegmentScope,
  type TenantContext,
} from '../../platform/tenancy/tenant-context.ts';
import { createExpense } from './expense.service.ts';
import { type ExpenseScenario, seedExpenseScenario } from './expenses-test-fixture.ts';

// Row-level security alone: the queries below carry no tenant, segment or owner filter.
let t: TestTessera;
let brightpath: string;
let kestrel: string;
let s: ExpenseScenario;
const m = { consultant: uuidv7(), manager: uuidv7(), lead: uuidv7(), client: uuidv7() };
const ids: Record<string, string> = {};

function as(
  tenantId: string,
  membershipId: string | null,
  scope: Partial<SegmentScope> = {},
  clearance: Classification = 'internal',
): TenantContext {
  return {
    tenantId,
    actor: { kind: 'user', id: 'policy-test', membershipId },
    scope: { ...FULL_SCOPE, ...scope },
    clearance,
    requestId: null,
    grantId: null,
  };
}

const visible = (ctx: TenantContext) =>
  t.tessera.withTenant(
    ctx,
    async (tx) =>
      (await sql<{ id: string }>`SELECT id FROM expenses ORDER BY id`.execute(tx.db)).rows.map((r) => r.id),
    { readOnly: true },
  );
const named = (...keys: string[]) => keys.map((key) => ids[key] as string).sort();

beforeAll(async () => {
  t = await openTestTessera();
  brightpath = await createTestTenant(t.tessera, { name: 'Brightpath' });
  kestrel = await createTestTenant(t.tessera, { name: 'Kestrel' });
  s = await seedExpenseScenario(t.tessera, brightpath, async () => m);
  const k = await seedExpenseScenario(t.tessera, kestrel, async () => ({
    consultant: uuidv7(),
    manager: uuidv7(),
    lead: uuidv7(),
    client: uuidv7(),
  }));
  const spend = async (key: string, membershipId: string, projectId: string) => {
    const tenantId = projectId === k.initechProject ? kestrel : brightpath;
    ids[key] = (
      await t.tessera.withTenant(as(tenantId, membershipId), (tx) =>
        createExpense(tx, {
          projectId,
          incurredOn: '2026-02-03',
          category: 'meals',
          amount: { amountMinor: 2_000, currency: 'GBP' },
          description: key,
        }),
      )
    ).id;
  };
  await spend('lee-globex', m.consultant, s.globexProject);
  await spend('lee-initech', m.consultant, s.initechProject);
  await spend('mia-globex', m.manager, s.globexProject);
  const kestrelLee = await t.tessera.withTenant(
    as(kestrel, null),
    async (tx) =>
      (
        await sql<{
          membership_id: string;
        }>`SELECT membership_id FROM people WHERE id = ${k.people.lee}`.execute(tx.db)
      ).rows[0]?.membership_id as string,
  );
  await spend('kestrel-lee', kestrelLee, k.initechProject);
});
afterAll(() => t.cleanup());

describe('expenses under row-level security', () => {
  it("show a person their own expenses on projects outside their scope, and no one else's there", async () => {
    // Lee is scoped to Technology: the Globex project (Strategy) is outside it, Initech's (Cloud) inside.
    const lee = as(brightpath, m.consultant, { practice: [s.segments.technology, s.segments.cloud] });
    expect(await visible(lee)).toEqual(named('lee-globex', 'lee-initech'));
    // The same scope without Lee's membership: only what the scope covers.
    expect(
      await visible(as(brightpath, null, { practice: [s.segments.technology, s.segments.cloud] })),
    ).toEqual(named('lee-initech'));
    // Another member of the same scope does not see Lee's expense outside it.
    expect(
      await visible(as(brightpath, m.lead, { practice: [s.segments.technology, s.segments.cloud] })),
    ).toEqual(named('lee-initech'));
  });

  it("show a client's approver their client's expenses only, and other tenants none", async () => {
    expect(await visible(as(brightpath, m.client, { client: [s.segments.globex] }, 'public'))).toEqual(
      named('lee-globex', 'mia-globex'),
    );
    expect(await visible(as(brightpath, null, { client: [] }))).toEqual([]);
    expect(await visible(as(brightpath, null))).toEqual(named('lee-globex', 'lee-initech', 'mia-globex'));
    expect(await visible(as(kestrel, null))).toEqual(named('kestrel-lee'));
  });

  it('refuse an expense written for another person on a project outside the writer’s scope', async () => {
    const attempt = t.tessera.withTenant(
      as(brightpath, m.consultant, { practice: [s.segments.technology] }),
      async (tx) => {
        await sql`
        INSERT INTO expenses (tenant_id, id, person_id, person_legal_entity_id, person_membership_id, assignment_id,
          project_id, contract_id, client_id, legal_entity_id, practice_id, region_id, portfolio_id, project_currency,
          incurred_on, category, amount_minor, currency, description)
        SELECT tenant_id, gen_random_uuid(), person_id, person_legal_entity_id, person_membership_id, id, project_id,
          contract_id, client_id, legal_entity_id, practice_id, region_id, portfolio_id, currency, '2026-02-03',
          'meals', 100, 'GBP', 'forged'
        FROM assignments WHERE project_id = ${s.globexProject} AND person_id = ${s.people.mia}`.execute(
          tx.db,
        );
        tx.audit({ action: 'test.insert', resourceKind: 'expense', resourceId: null });
      },
    );
    // Mia's assignment to the Globex project is invisible to Lee: nothing to copy, nothing inserted.
    await attempt;
    expect(await visible(as(brightpath, null))).toEqual(named('lee-globex', 'lee-initech', 'mia-globex'));
    // Written out by hand, the row is refused by the policies' WITH CHECK.
    const forged = t.tessera.withTenant(
      as(brightpath, m.consultant, { practice: [s.segments.technology] }),
      async (tx) => {
        await sql`
        INSERT INTO expenses (tenant_id, id, person_id, person_legal_entity_id, person_membership_id, assignment_id,
          project_id, contract_id, client_id, legal_entity_id, practice_id, region_id, portfolio_id, project_currency,
          incurred_on, category, amount_minor, currency, description)
        VALUES (${brightpath}, gen_random_uuid(), ${s.people.mia}, ${s.segments.inc}, ${m.manager}, gen_random_uuid(),
          ${s.globexProject}, ${s.globexContract}, ${s.segments.globex}, ${s.segments.inc}, ${s.segments.strategy},
          ${s.segments.us}, ${s.segments.growth}, 'USD', '2026-02-03', 'meals', 100, 'GBP', 'forged')`.execute(
          tx.db,
        );
        tx.audit({ action: 'test.insert', resourceKind: 'expense', resourceId: null });
      },
    );
    await expect(forged).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("compute the inter-company flag from the spender's and the project's legal entities", async () => {
    const flags = await t.tessera.withTenant(
      as(brightpath, null),
      async (tx) =>
        (
          await sql<{ description: string; intercompany: boolean }>`
            SELECT description, intercompany FROM expenses ORDER BY description`.execute(tx.db)
        ).rows,
      { readOnly: true },
    );
    // Lee (Ltd) on Globex (Inc): inter-company; on Initech (Ltd): not; Mia (Inc) on Globex (Inc): not.
    expect(flags).toEqual([
      { description: 'lee-globex', intercompany: true },
      { description: 'lee-initech', intercompany: false },
      { description: 'mia-globex', intercompany: false },
    ]);
  });
});
