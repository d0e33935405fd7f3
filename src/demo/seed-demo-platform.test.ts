import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestTessera, type TestTessera } from '../../test/support/test-tessera.ts';
import { verifyAuditChain } from '../platform/audit/verify-audit-chain.ts';
import { systemContext } from '../platform/tenancy/tenant-context.ts';
import { seedDemoPlatform } from './seed-demo-platform.ts';

describe('seedDemoPlatform', () => {
  let test: TestTessera;

  beforeAll(async () => {
    test = await openTestTessera();
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  const seed = () => seedDemoPlatform(test.tessera, { cellLocation: (name) => `test:${name}` });

  it('creates the reference world: partners, cells and tenants on the cells their residency picks', async () => {
    const demo = await seed();
    expect(demo.platform).toBe('Meridian Cloud');
    expect(demo.partners).toEqual([
      { name: 'Atlas Legal Network', slug: 'atlas-legal-network', parent: null },
      { name: 'Atlas Nordics', slug: 'atlas-nordics', parent: 'Atlas Legal Network' },
      { name: 'Northstar ERP', slug: 'northstar-erp', parent: null },
    ]);
    expect(demo.cells).toEqual([
      { name: 'eu-dedicated-halden', region: 'eu', kind: 'dedicated' },
      { name: 'eu-pool-1', region: 'eu', kind: 'pooled' },
      { name: 'us-pool-1', region: 'us', kind: 'pooled' },
    ]);
    expect(demo.tenants.map(({ name, slug, partner, cell }) => ({ name, slug, partner, cell }))).toEqual([
      { name: 'Brightpath Consulting', slug: 'brightpath-consulting', partner: null, cell: 'us-pool-1' },
      {
        name: 'Halden & Partners',
        slug: 'halden-partners',
        partner: 'Atlas Nordics',
        cell: 'eu-dedicated-halden',
      },
      {
        name: 'Kestrel IT Services',
        slug: 'kestrel-it-services',
        partner: 'Northstar ERP',
        cell: 'us-pool-1',
      },
      { name: 'Osprey Advisory', slug: 'osprey-advisory', partner: 'Atlas Legal Network', cell: 'eu-pool-1' },
    ]);
    const statuses = (await test.tessera.control.listTenants()).map((tenant) => tenant.status);
    expect(statuses).toEqual(['active', 'active', 'active', 'active']);
  });

  it("creates each tenant's legal entities through the audited path", async () => {
    const brightpath = await test.tessera.control.findTenant('brightpath-consulting');
    if (!brightpath) throw new Error('Brightpath was not seeded');
    const { entities, audit } = await test.tessera.withTenant(
      systemContext(brightpath.id, 'test'),
      async (tx) => ({
        entities: await tx.db
          .selectFrom('legal_entities')
          .select(['name', 'country', 'functional_currency'])
          .where('tenant_id', '=', brightpath.id)
          .orderBy('name')
          .execute(),
        audit: await verifyAuditChain(tx),
      }),
      { readOnly: true },
    );
    expect(entities).toEqual([
      { name: 'Brightpath Inc.', country: 'US', functional_currency: 'USD' },
      { name: 'Brightpath Ltd', country: 'GB', functional_currency: 'GBP' },
    ]);
    // Two legal entities, then the rest of the reference world (segments, people, cost rates).
    expect(audit).toMatchObject({ verified: true, firstBreak: null });
    expect(audit.eventsChecked).toBeGreaterThan(2);
  });

  it('changes nothing when called again', async () => {
    const before = await seed();
    const tenantIds = (await test.tessera.control.listTenants()).map((tenant) => tenant.id);
    const halden = await test.tessera.control.findTenant('halden-partners');
    if (!halden) throw new Error('Halden was not seeded');
    const auditBefore = await auditCount(halden.id);
    const again = await seed();
    expect(again).toEqual(before);
    expect((await test.tessera.control.listTenants()).map((tenant) => tenant.id)).toEqual(tenantIds);
    expect(await auditCount(halden.id)).toBe(auditBefore);
  });

  async function auditCount(tenantId: string): Promise<number> {
    return test.tessera.withTenant(
      systemContext(tenantId, 'test'),
      async (tx) => (await verifyAuditChain(tx)).eventsChecked,
      { readOnly: true },
    );
  }
});
