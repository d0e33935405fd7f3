import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera, userContext } from '../../../test/support/test-tessera.ts';
import { createLegalEntity } from '../../modules/organization/legal-entity.service.ts';
import type { CellRecord } from './control-plane.ts';

let t: TestTessera;
let mainCell: CellRecord;
let usCell: CellRecord;

beforeAll(async () => {
  t = await openTestTessera();
  mainCell = (await t.tessera.control.findCell('eu-pool-1')) as CellRecord;
  usCell = await t.tessera.cells.register({
    name: 'us-pool-1',
    region: 'us',
    kind: 'pooled',
    location: 'test:us-pool-1',
  });
});
afterAll(() => t.cleanup());

const rowsIn = async (location: 'main' | 'us', tenantId: string) => {
  const database = location === 'main' ? t.tessera.main : await t.database('us-pool-1');
  const { rows } = await sql<{
    n: bigint;
  }>`SELECT count(*) AS n FROM legal_entities WHERE tenant_id = ${tenantId}`.execute(database.db);
  return rows[0]?.n;
};

describe('two cells in different regions', () => {
  it('places each tenant in a cell of its region and writes its data only there', async () => {
    const eu = await createTestTenant(t.tessera, { region: 'eu' });
    const us = await createTestTenant(t.tessera, { region: 'us' });
    expect(await t.tessera.control.placementOf(eu)).toBe(mainCell.id);
    expect(await t.tessera.control.placementOf(us)).toBe(usCell.id);
    await t.tessera.withTenant(userContext(us), (tx) =>
      createLegalEntity(tx, { name: 'US Inc.', country: 'US', functionalCurrency: 'USD' }),
    );
    await t.tessera.withTenant(userContext(eu), (tx) =>
      createLegalEntity(tx, { name: 'EU AG', country: 'DE', functionalCurrency: 'EUR' }),
    );
    expect([await rowsIn('us', us), await rowsIn('main', us)]).toEqual([1n, 0n]);
    expect([await rowsIn('main', eu), await rowsIn('us', eu)]).toEqual([1n, 0n]);
  });

  it('refuses a transaction for a tenant on a cell where it is not placed', async () => {
    const us = await createTestTenant(t.tessera, { region: 'us' });
    const wrongCell = await t.tessera.cells.cell(mainCell.id);
    await expect(wrongCell.withTenant(userContext(us), async () => 'reached')).rejects.toMatchObject({
      code: 'TENANT_NOT_ON_CELL',
    });
    const rightCell = await t.tessera.cells.cell(usCell.id);
    await expect(
      rightCell.withTenant(userContext(us), async () => 'reached', { readOnly: true }),
    ).resolves.toBe('reached');
  });

  it('refuses a tenant whose residency allows no region with a cell, and creates nothing', async () => {
    const before = (await t.tessera.control.listTenants()).length;
    await expect(createTestTenant(t.tessera, { region: 'ap' })).rejects.toMatchObject({
      code: 'PLACEMENT_RESIDENCY_VIOLATION',
    });
    expect((await t.tessera.control.listTenants()).length).toBe(before);
  });

  it('refuses a dedicated tenant until a dedicated cell exists, then gives it that cell alone', async () => {
    await expect(createTestTenant(t.tessera, { region: 'eu', tier: 'dedicated' })).rejects.toMatchObject({
      code: 'PLACEMENT_NO_DEDICATED_CELL',
    });
    const dedicated = await t.tessera.cells.register({
      name: 'eu-dedicated-1',
      region: 'eu',
      kind: 'dedicated',
      location: 'test:eu-dedicated-1',
    });
    const first = await createTestTenant(t.tessera, { region: 'eu', tier: 'dedicated' });
    expect(await t.tessera.control.placementOf(first)).toBe(dedicated.id);
    await expect(createTestTenant(t.tessera, { region: 'eu', tier: 'dedicated' })).rejects.toMatchObject({
      code: 'PLACEMENT_NO_DEDICATED_CELL',
    });
  });

  it('refuses to open a cell whose database belongs to another cell', async () => {
    const impostor = await t.tessera.control.insertCell({
      name: 'us-pool-2',
      region: 'us',
      kind: 'pooled',
      location: 'test:us-pool-1',
    });
    await expect(t.tessera.cells.cell(impostor.id)).rejects.toMatchObject({ code: 'CELL_IDENTITY_MISMATCH' });
  });
});
