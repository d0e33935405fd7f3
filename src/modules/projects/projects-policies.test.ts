import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera, userContext } from '../../../test/support/test-tessera.ts';
import type { SegmentScope, TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { createContract } from '../contracts/index.ts';
import { updateClient } from '../organization/index.ts';
import { type BrightpathSegments, seedBrightpath, staff } from '../organization/segments-test-fixture.ts';
import { createPerson } from '../resources/index.ts';
import { createAssignment } from '../staffing/index.ts';
import { createMilestone } from './milestone.service.ts';
import { createProject, updateProject } from './project.service.ts';
import { createTask } from './project-task.service.ts';

let t: TestTessera;
let brightpath: string;
let kestrel: string;
let b: BrightpathSegments;
const jinMembership = '01900000-0000-7000-8000-0000000000a1';
const projects: Record<string, string> = {};

// Projects (code: contract → client, entity, region; own practice and portfolio):
//   GROWTH-PRICING  Globex/Inc/us, Pricing, Growth      RUN-CLOUD    Globex/Inc/us, Cloud, Run
//   INITECH-DATA    Initech/Ltd/uk-eu, Data, Growth     HOOLI-STRAT  Hooli/Inc/none, Strategy, none
// Each has a task and a milestone named after it; Jin (Cloud, with a membership) is assigned to
// RUN-CLOUD and GROWTH-PRICING, Dana (Data, no membership) to GROWTH-PRICING and INITECH-DATA.
beforeAll(async () => {
  t = await openTestTessera();
  brightpath = await createTestTenant(t.tessera, { name: 'Brightpath' });
  kestrel = await createTestTenant(t.tessera, { name: 'Kestrel' });
  b = await seedBrightpath(t.tessera, brightpath);
  const k = await seedBrightpath(t.tessera, kestrel, 'Kestrel ');
  await t.tessera.withTenant(staff(brightpath), async (tx) => {
    const contract = async (clientId: string, legalEntityId: string) =>
      (
        await createContract(tx, {
          clientId,
          legalEntityId,
          practiceId: b.strategy,
          name: `Contract ${clientId}`,
          currency: 'USD',
          billingModel: 'fixed_fee',
          startsOn: '2026-01-01',
        })
      ).id;
    const globex = await contract(b.globex, b.inc);
    const initech = await contract(b.initech, b.ltd);
    const hooli = await contract(b.hooli, b.inc);
    for (const [code, contractId, practiceId, portfolioId] of [
      ['GROWTH-PRICING', globex, b.pricing, b.growth],
      ['RUN-CLOUD', globex, b.cloud, b.run],
      ['INITECH-DATA', initech, b.data, b.growth],
      ['HOOLI-STRAT', hooli, b.strategy, null],
    ] as const) {
      const project = await createProject(tx, {
        contractId,
        practiceId,
        portfolioId,
        code,
        name: code,
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
      });
      projects[code] = project.id;
      await createTask(tx, { projectId: project.id, name: code });
      await createMilestone(tx, {
        projectId: project.id,
        name: code,
        amount: { amountMinor: 1000, currency: 'USD' },
        dueOn: '2026-06-30',
      });
    }
    const jin = await createPerson(tx, {
      name: 'Jin',
      kind: 'employee',
      legalEntityId: b.inc,
      practiceId: b.cloud,
      membershipId: jinMembership,
    });
    const dana = await createPerson(tx, {
      name: 'Dana',
      kind: 'employee',
      legalEntityId: b.ltd,
      practiceId: b.data,
    });
    const assign = (projectId: string, personId: string, role: string) =>
      createAssignment(tx, {
        projectId,
        personId,
        role,
        allocationPercent: 50,
        startsOn: '2026-03-02',
        endsOn: '2026-03-27',
      });
    await assign(projects['RUN-CLOUD'] as string, jin.id, 'jin@RUN-CLOUD');
    await assign(projects['GROWTH-PRICING'] as string, jin.id, 'jin@GROWTH-PRICING');
    await assign(projects['GROWTH-PRICING'] as string, dana.id, 'dana@GROWTH-PRICING');
    await assign(projects['INITECH-DATA'] as string, dana.id, 'dana@INITECH-DATA');
  });
  await t.tessera.withTenant(staff(kestrel), async (tx) => {
    const contract = await createContract(tx, {
      clientId: k.globex,
      legalEntityId: k.inc,
      practiceId: k.strategy,
      name: 'Kestrel contract',
      currency: 'USD',
      billingModel: 'retainer',
      startsOn: '2026-01-01',
    });
    await createProject(tx, {
      contractId: contract.id,
      practiceId: k.strategy,
      code: 'KESTREL',
      name: 'KESTREL',
      startsOn: '2026-01-01',
    });
  });
});
afterAll(() => t.cleanup());

type Table = 'projects' | 'project_tasks' | 'project_milestones';
// No tenant or segment filter on purpose: only the policies decide what comes back.
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

function memberContext(scope: Partial<SegmentScope>, membershipId: string | null): TenantContext {
  const ctx = userContext(brightpath, { scope });
  return { ...ctx, actor: { ...ctx.actor, membershipId } };
}

async function rolesSeen(ctx: TenantContext): Promise<string[]> {
  return t.tessera.withTenant(
    ctx,
    async (tx) =>
      (await sql<{ role: string }>`SELECT role FROM assignments ORDER BY role`.execute(tx.db)).rows.map(
        (r) => r.role,
      ),
    { readOnly: true },
  );
}

describe('projects, tasks and milestones', () => {
  it('follow the contract’s client, legal entity and region and their own practice and portfolio', async () => {
    for (const table of ['projects', 'project_tasks', 'project_milestones'] as const) {
      expect(await namesIn(table, {}), table).toEqual([
        'GROWTH-PRICING',
        'HOOLI-STRAT',
        'INITECH-DATA',
        'RUN-CLOUD',
      ]);
      // A portfolio-scoped transaction sees no project of another portfolio, nor one without.
      expect(await namesIn(table, { portfolio: [b.growth] }), table).toEqual([
        'GROWTH-PRICING',
        'INITECH-DATA',
      ]);
      expect(await namesIn(table, { portfolio: [b.run] }), table).toEqual(['RUN-CLOUD']);
      expect(await namesIn(table, { practice: [b.cloud, b.data] }), table).toEqual([
        'INITECH-DATA',
        'RUN-CLOUD',
      ]);
      expect(await namesIn(table, { client: [b.hooli] }), table).toEqual(['HOOLI-STRAT']);
      expect(await namesIn(table, { legal_entity: [b.ltd] }), table).toEqual(['INITECH-DATA']);
      // Hooli has no region: only those who see every region see its project.
      expect(await namesIn(table, { region: [b.us, b.ukEu] }), table).toEqual([
        'GROWTH-PRICING',
        'INITECH-DATA',
        'RUN-CLOUD',
      ]);
      expect(await namesIn(table, { portfolio: [] }), table).toEqual([]);
    }
  });

  it('refuse a hand-written task whose segments are not its project’s', async () => {
    const attempt = t.tessera.withTenant(staff(brightpath), async (tx) => {
      await sql`INSERT INTO project_tasks (tenant_id, id, project_id, contract_id, client_id, legal_entity_id,
          practice_id, region_id, portfolio_id, currency, name)
        SELECT tenant_id, gen_random_uuid(), id, contract_id, client_id, legal_entity_id, ${b.data}, region_id,
          portfolio_id, currency, 'Mislabelled' FROM projects WHERE id = ${projects['GROWTH-PRICING']}`.execute(
        tx.db,
      );
      tx.audit({ action: 'test.insert', resourceKind: 'project_task', resourceId: brightpath });
    });
    await expect(attempt).rejects.toMatchObject({ code: 'REFERENCE_NOT_FOUND' });
  });
});

describe('assignments', () => {
  it("are visible in the project's scope, and to the assigned person's own membership in any scope", async () => {
    expect(await rolesSeen(memberContext({}, null))).toEqual([
      'dana@GROWTH-PRICING',
      'dana@INITECH-DATA',
      'jin@GROWTH-PRICING',
      'jin@RUN-CLOUD',
    ]);
    // Jin's membership scoped to Cloud: Cloud's staffing, and his own on Pricing, not Dana's there.
    expect(await rolesSeen(memberContext({ practice: [b.cloud] }, jinMembership))).toEqual([
      'jin@GROWTH-PRICING',
      'jin@RUN-CLOUD',
    ]);
    // The same scope without his membership: Cloud's only.
    expect(await rolesSeen(memberContext({ practice: [b.cloud] }, null))).toEqual(['jin@RUN-CLOUD']);
    // Seeing nothing at all still shows one's own; the project stays hidden.
    const nothing = { legal_entity: [], practice: [], region: [], client: [], portfolio: [] };
    expect(await rolesSeen(memberContext(nothing, jinMembership))).toEqual([
      'jin@GROWTH-PRICING',
      'jin@RUN-CLOUD',
    ]);
    const projectsSeen = await t.tessera.withTenant(
      memberContext(nothing, jinMembership),
      async (tx) =>
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM projects`.execute(tx.db)).rows[0]?.n,
      { readOnly: true },
    );
    expect(projectsSeen).toBe(0);
  });

  it("cannot be claimed: another's assignment is invisible to an UPDATE through one's own branch", async () => {
    const attempt = t.tessera.withTenant(memberContext({ practice: [] }, jinMembership), async (tx) => {
      await sql`UPDATE assignments SET person_membership_id = ${jinMembership}
        WHERE role = 'dana@GROWTH-PRICING'`.execute(tx.db);
      tx.audit({ action: 'test.update', resourceKind: 'assignment', resourceId: brightpath });
    });
    // Dana's row is invisible to this context: nothing is updated, and it stays Dana's.
    await attempt;
    expect(await rolesSeen(memberContext({ practice: [] }, jinMembership))).toEqual([
      'jin@GROWTH-PRICING',
      'jin@RUN-CLOUD',
    ]);
  });
});

describe('cascades', () => {
  it("move projects, tasks, milestones and assignments with their client's region", async () => {
    const regionsOf = async () =>
      t.tessera.withTenant(
        staff(brightpath),
        async (tx) =>
          (
            await sql<{ region_id: string }>`
              SELECT region_id FROM projects WHERE client_id = ${b.globex}
              UNION ALL SELECT region_id FROM project_tasks WHERE client_id = ${b.globex}
              UNION ALL SELECT region_id FROM project_milestones WHERE client_id = ${b.globex}
              UNION ALL SELECT region_id FROM assignments WHERE client_id = ${b.globex}`.execute(tx.db)
          ).rows.map((r) => r.region_id),
        { readOnly: true },
      );
    expect(new Set(await regionsOf())).toEqual(new Set([b.us]));
    await t.tessera.withTenant(staff(brightpath), (tx) => updateClient(tx, b.globex, { regionId: b.ukEu }));
    const moved = await regionsOf();
    expect(moved).toHaveLength(2 + 2 + 2 + 3);
    expect(new Set(moved)).toEqual(new Set([b.ukEu]));
    expect(await namesIn('project_milestones', { region: [b.us] })).toEqual([]);
    expect(await rolesSeen(memberContext({ region: [b.ukEu] }, null))).toHaveLength(4);
    await t.tessera.withTenant(staff(brightpath), (tx) => updateClient(tx, b.globex, { regionId: b.us }));
  });

  it("move a project's children with its practice and portfolio", async () => {
    const id = projects['RUN-CLOUD'] as string;
    await t.tessera.withTenant(staff(brightpath), (tx) =>
      updateProject(tx, id, { practiceId: b.data, portfolioId: b.growth }),
    );
    expect(await namesIn('project_tasks', { practice: [b.data], portfolio: [b.growth] })).toEqual([
      'INITECH-DATA',
      'RUN-CLOUD',
    ]);
    expect(await rolesSeen(memberContext({ practice: [b.data], portfolio: [b.growth] }, null))).toEqual([
      'dana@INITECH-DATA',
      'jin@RUN-CLOUD',
    ]);
    await t.tessera.withTenant(staff(brightpath), (tx) =>
      updateProject(tx, id, { practiceId: b.cloud, portfolioId: b.run }),
    );
    expect(await namesIn('project_milestones', { portfolio: [b.run] })).toEqual(['RUN-CLOUD']);
  });
});

describe('another tenant', () => {
  it("sees none of this tenant's projects, tasks, milestones or assignments", async () => {
    expect(await namesIn('projects', {}, kestrel)).toEqual(['KESTREL']);
    expect(await namesIn('project_tasks', {}, kestrel)).toEqual([]);
    expect(await namesIn('project_milestones', {}, kestrel)).toEqual([]);
    const ctx = userContext(kestrel);
    const n = await t.tessera.withTenant(
      { ...ctx, actor: { ...ctx.actor, membershipId: jinMembership } },
      async (tx) =>
        (await sql<{ n: number }>`SELECT count(*)::int AS n FROM assignments`.execute(tx.db)).rows[0]?.n,
      { readOnly: true },
    );
    expect(n).toBe(0);
  });
});
