import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../../test/support/test-tessera.ts';
import { verifyAuditChain } from '../../platform/audit/verify-audit-chain.ts';
import { systemContext } from '../../platform/tenancy/tenant-context.ts';
import { seedDemoPlatform } from '../seed-demo-platform.ts';
import type { SeededWorld } from '../world/seed-world.ts';
import { DATASET_PROJECTS, DATASET_SEED, DATASET_TENANT, DATASET_WEEKS } from './dataset-spec.ts';
import { planTime } from './plan-time.ts';

describe('the demo dataset plan', () => {
  it('is the same for the same seed, and another seed gives another', () => {
    expect(planTime(DATASET_SEED)).toEqual(planTime(DATASET_SEED));
    expect(planTime(DATASET_SEED + 1).entries).not.toEqual(planTime(DATASET_SEED).entries);
  });

  it('books weekdays only, in quarter hours, at most 8.5 hours a day per person', () => {
    const plan = planTime(DATASET_SEED);
    expect(plan.weeks).toHaveLength(DATASET_WEEKS);
    const perDay = new Map<string, number>();
    for (const entry of plan.entries) {
      const weekday = new Date(`${entry.workDate}T00:00:00Z`).getUTCDay();
      expect(weekday, entry.workDate).toBeGreaterThanOrEqual(1);
      expect(weekday, entry.workDate).toBeLessThanOrEqual(5);
      expect(entry.minutes % 15).toBe(0);
      const key = `${entry.person}/${entry.workDate}`;
      perDay.set(key, (perDay.get(key) ?? 0) + entry.minutes);
    }
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(510);
    // A few months of a dozen people's work, across every project.
    expect(plan.entries.length).toBeGreaterThan(1000);
    expect(new Set(plan.entries.map((e) => e.project))).toEqual(new Set(DATASET_PROJECTS.map((p) => p.code)));
    expect(plan.expenses.length).toBeGreaterThan(20);
  });
});

describe('the demo dataset, seeded', () => {
  let t: TestTessera;
  let world: SeededWorld | undefined;

  beforeAll(async () => {
    t = await openTestTessera();
    await seedDemoPlatform(t.tessera, {
      cellLocation: (name) => `test:${name}`,
      onWorld: (seeded) => (world = seeded),
    });
  }, 240_000);
  afterAll(() => t?.cleanup());

  const inBrightpath = <T>(query: string) => {
    const tenantId = world?.tenants.get(DATASET_TENANT)?.id as string;
    return t.tessera.withTenant(
      systemContext(tenantId, 'dataset-test'),
      async (tx) => (await sql.raw<T>(query).execute(tx.db)).rows,
      { readOnly: true },
    );
  };

  it('holds exactly the planned time: approved weeks, the last one awaiting its managers', async () => {
    const plan = planTime(DATASET_SEED);
    const lastWeek = plan.weeks[plan.weeks.length - 1];
    const [totals] = await inBrightpath<{
      entries: number;
      minutes: number;
      pending: number;
      approved: number;
    }>(`
      SELECT count(*)::int AS entries, sum(e.minutes)::int AS minutes,
        count(*) FILTER (WHERE e.status = 'submitted')::int AS pending,
        count(*) FILTER (WHERE e.status = 'approved')::int AS approved
      FROM time_entries e JOIN projects p ON p.tenant_id = e.tenant_id AND p.id = e.project_id
      WHERE p.code IN (${DATASET_PROJECTS.map((p) => `'${p.code}'`).join(',')})`);
    expect(totals?.entries).toBe(plan.entries.length);
    expect(totals?.minutes).toBe(plan.entries.reduce((sum, e) => sum + e.minutes, 0));
    expect(totals?.pending).toBe(plan.entries.filter((e) => e.workDate >= (lastWeek as string)).length);
    expect((totals?.approved ?? 0) + (totals?.pending ?? 0)).toBe(plan.entries.length);
    const approvals = await inBrightpath<{ status: string; n: number }>(`
      SELECT status, count(*)::int AS n FROM time_approvals GROUP BY status ORDER BY status`);
    expect(approvals.map((a) => a.status)).toEqual(expect.arrayContaining(['approved', 'pending']));
  });

  it('has inter-company time (Brightpath Ltd people on Brightpath Inc projects) and billable and internal work', async () => {
    const [mix] = await inBrightpath<{ intercompany: number; internal: number; billable: number }>(`
      SELECT count(*) FILTER (WHERE intercompany)::int AS intercompany,
        count(*) FILTER (WHERE NOT billable)::int AS internal, count(*) FILTER (WHERE billable)::int AS billable
      FROM time_entries`);
    expect(mix?.intercompany).toBeGreaterThan(50);
    expect(mix?.internal).toBeGreaterThan(20);
    expect(mix?.billable).toBeGreaterThan(mix?.internal ?? 0);
  });

  it('covers every billing model with contracts, and accepted, ready and planned milestones', async () => {
    const models = await inBrightpath<{ billing_model: string }>(
      'SELECT DISTINCT billing_model FROM contracts ORDER BY billing_model',
    );
    expect(models.map((m) => m.billing_model)).toEqual([
      'fixed_fee',
      'retainer',
      'subscription',
      'time_and_materials',
    ]);
    const milestones = await inBrightpath<{ status: string }>(
      'SELECT DISTINCT status FROM project_milestones ORDER BY status',
    );
    expect(milestones.map((m) => m.status)).toEqual(expect.arrayContaining(['accepted', 'planned', 'ready']));
  });

  it('leaves an audit chain that verifies', async () => {
    const tenantId = world?.tenants.get(DATASET_TENANT)?.id as string;
    const verification = await t.tessera.withTenant(
      systemContext(tenantId, 'dataset-test'),
      verifyAuditChain,
      {
        readOnly: true,
      },
    );
    expect(verification.verified).toBe(true);
  });
});
