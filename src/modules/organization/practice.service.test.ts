import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera, userContext } from '../../../test/support/test-tessera.ts';
import { systemContext } from '../../platform/tenancy/tenant-context.ts';
import { createPractice, getPractice, listPractices, updatePractice } from './practice.service.ts';
import { expandPracticeScope } from './practice-scope.ts';

let t: TestTessera;
let tenant: string;
let other: string;

const admin = () => userContext(tenant);
const expand = (ids: string[], tenantId = tenant) =>
  t.tessera.withTenant(systemContext(tenantId, 'scope-expansion'), (tx) => expandPracticeScope(tx, ids), {
    readOnly: true,
  });
const pathsOf = (ids: string[]) =>
  t.tessera.withTenant(
    admin(),
    async (tx) => Promise.all(ids.map(async (id) => (await getPractice(tx, id)).path)),
    {
      readOnly: true,
    },
  );

beforeAll(async () => {
  t = await openTestTessera();
  tenant = await createTestTenant(t.tessera, { name: 'Brightpath' });
  other = await createTestTenant(t.tessera, { name: 'Halden' });
});
afterAll(() => t.cleanup());

/** Strategy → Pricing → Deals, and Technology → Cloud, created afresh under unique codes. */
async function tree(suffix: string) {
  return t.tessera.withTenant(admin(), async (tx) => {
    const make = (name: string, parentId?: string) =>
      createPractice(tx, {
        name,
        code: `${name.toLowerCase()}-${suffix}`,
        ...(parentId ? { parentId } : {}),
      });
    const strategy = await make('Strategy');
    const pricing = await make('Pricing', strategy.id);
    const deals = await make('Deals', pricing.id);
    const technology = await make('Technology');
    const cloud = await make('Cloud', technology.id);
    return { strategy, pricing, deals, technology, cloud };
  });
}

describe('the practice tree', () => {
  it('keeps each path as ancestors, then the practice itself', async () => {
    const { strategy, pricing, deals } = await tree('paths');
    expect(strategy).toMatchObject({ parentId: null, path: [strategy.id] });
    expect(pricing).toMatchObject({ parentId: strategy.id, path: [strategy.id, pricing.id] });
    expect(deals.path).toEqual([strategy.id, pricing.id, deals.id]);
  });

  it('moves every descendant with a re-parented practice, also those outside the mover’s scope', async () => {
    const { strategy, pricing, deals, technology } = await tree('move');
    // The mover sees Pricing and Technology only: not Deals, whose path must still follow.
    const mover = userContext(tenant, { scope: { practice: [pricing.id, technology.id] } });
    const moved = await t.tessera.withTenant(mover, (tx) =>
      updatePractice(tx, pricing.id, { parentId: technology.id }),
    );
    expect(moved).toMatchObject({ parentId: technology.id, path: [technology.id, pricing.id] });
    expect(await pathsOf([strategy.id, pricing.id, deals.id])).toEqual([
      [strategy.id],
      [technology.id, pricing.id],
      [technology.id, pricing.id, deals.id],
    ]);
    const toTop = await t.tessera.withTenant(admin(), (tx) =>
      updatePractice(tx, pricing.id, { parentId: null }),
    );
    expect(toTop).toMatchObject({ parentId: null, path: [pricing.id] });
    expect(await pathsOf([deals.id])).toEqual([[pricing.id, deals.id]]);
  });

  it('refuses to move a practice under itself or one of its descendants, with a 422, changing nothing', async () => {
    const { strategy, pricing, deals } = await tree('cycle');
    for (const parentId of [strategy.id, pricing.id, deals.id]) {
      await expect(
        t.tessera.withTenant(admin(), (tx) => updatePractice(tx, strategy.id, { parentId })),
      ).rejects.toMatchObject({ status: 422, code: 'PRACTICE_CYCLE' });
    }
    expect(await pathsOf([strategy.id, deals.id])).toEqual([
      [strategy.id],
      [strategy.id, pricing.id, deals.id],
    ]);
  });

  it('refuses a parent that does not exist or lies outside the caller’s scope (422)', async () => {
    const { strategy, technology } = await tree('parent');
    const narrow = userContext(tenant, { scope: { practice: [strategy.id] } });
    await expect(
      t.tessera.withTenant(narrow, (tx) => updatePractice(tx, strategy.id, { parentId: technology.id })),
    ).rejects.toMatchObject({ code: 'REFERENCE_NOT_FOUND' });
    await expect(
      t.tessera.withTenant(admin(), (tx) =>
        createPractice(tx, {
          name: 'Orphan',
          code: 'orphan',
          parentId: '01900000-0000-7000-8000-0000000000ff',
        }),
      ),
    ).rejects.toMatchObject({ code: 'REFERENCE_NOT_FOUND' });
  });

  it("answers another tenant's practice as not found, and never places a practice under it", async () => {
    const { strategy } = await tree('tenants');
    await expect(
      t.tessera.withTenant(userContext(other), (tx) => getPractice(tx, strategy.id)),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      t.tessera.withTenant(userContext(other), (tx) =>
        createPractice(tx, { name: 'Intruder', code: 'intruder', parentId: strategy.id }),
      ),
    ).rejects.toMatchObject({ code: 'REFERENCE_NOT_FOUND' });
  });

  it('refuses to create a practice for a caller who does not see every practice (403)', async () => {
    const { strategy } = await tree('create');
    const narrow = userContext(tenant, { scope: { practice: [strategy.id] } });
    await expect(
      t.tessera.withTenant(narrow, (tx) =>
        createPractice(tx, { name: 'Sub', code: 'sub-create', parentId: strategy.id }),
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('answers a duplicate code with DUPLICATE', async () => {
    await tree('dup');
    await expect(
      t.tessera.withTenant(admin(), (tx) => createPractice(tx, { name: 'Again', code: 'strategy-dup' })),
    ).rejects.toMatchObject({ code: 'DUPLICATE', status: 409 });
  });

  it('audits every change and announces it through the outbox', async () => {
    const { pricing, technology } = await tree('audit');
    await t.tessera.withTenant(admin(), (tx) =>
      updatePractice(tx, pricing.id, { parentId: technology.id, name: 'Pricing & Deals' }),
    );
    const cell = await t.tessera.cells.forTenant(tenant);
    const [audit, outbox] = await cell.withTenant(
      systemContext(tenant, 'test'),
      async (tx) => [
        (
          await sql<{ action: string; changes: { after: Record<string, unknown> } }>`
        SELECT action, changes FROM audit_events WHERE resource_id = ${pricing.id} ORDER BY seq`.execute(
            tx.db,
          )
        ).rows,
        (
          await sql<{
            topic: string;
          }>`SELECT topic FROM outbox_events WHERE resource_id = ${pricing.id} ORDER BY seq`.execute(tx.db)
        ).rows,
      ],
      { readOnly: true },
    );
    expect(audit.map((e) => e.action)).toEqual(['practice.created', 'practice.updated']);
    expect(audit[1]?.changes.after).toMatchObject({ name: 'Pricing & Deals', parentId: technology.id });
    expect(outbox.map((e) => e.topic)).toEqual(['practice.created', 'practice.updated']);
  });

  it('lists practices page by page', async () => {
    await tree('pages');
    const first = await t.tessera.withTenant(admin(), (tx) => listPractices(tx, { limit: 2, cursor: null }));
    expect(first.items).toHaveLength(2);
    const second = await t.tessera.withTenant(admin(), (tx) =>
      listPractices(tx, { limit: 2, cursor: first.nextCursor }),
    );
    expect((second.items[0]?.id ?? '') > (first.items[1]?.id ?? '')).toBe(true);
  });
});

describe('expandPracticeScope', () => {
  it('adds every descendant at any depth, not siblings or ancestors', async () => {
    const { strategy, pricing, deals, technology, cloud } = await tree('expand');
    expect(await expand([strategy.id])).toEqual([strategy.id, pricing.id, deals.id]);
    expect(await expand([pricing.id])).toEqual([pricing.id, deals.id]);
    expect(await expand([pricing.id, technology.id])).toEqual([
      pricing.id,
      technology.id,
      deals.id,
      cloud.id,
    ]);
  });

  it('keeps ids that match no practice, and expands nothing into an empty scope', async () => {
    const unknown = '01900000-0000-7000-8000-0000000000ee';
    expect(await expand([unknown])).toEqual([unknown]);
    expect(await expand([])).toEqual([]);
  });

  it("never reaches into another tenant's tree", async () => {
    const { strategy } = await tree('expand-tenant');
    expect(await expand([strategy.id], other)).toEqual([strategy.id]);
  });

  it('refuses to run under a narrowed practice scope, where RLS would cut the tree short', async () => {
    const { strategy } = await tree('expand-narrow');
    const narrow = userContext(tenant, { scope: { practice: [strategy.id] } });
    await expect(
      t.tessera.withTenant(narrow, (tx) => expandPracticeScope(tx, [strategy.id])),
    ).rejects.toThrow(/practice: 'all'/);
  });
});
