import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera, userContext } from '../../../test/support/test-tessera.ts';
import type { TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { systemContext } from '../../platform/tenancy/tenant-context.ts';
import { createClient, getClient, listClients, updateClient } from './client.service.ts';
import { type BrightpathSegments, seedBrightpath, staff } from './segments-test-fixture.ts';

let t: TestTessera;
let tenant: string;
let other: string;
let b: BrightpathSegments;

const run = <T>(ctx: TenantContext, work: Parameters<typeof t.tessera.withTenant<T>>[1]) =>
  t.tessera.withTenant(ctx, work);

beforeAll(async () => {
  t = await openTestTessera();
  tenant = await createTestTenant(t.tessera, { name: 'Brightpath' });
  other = await createTestTenant(t.tessera, { name: 'Osprey' });
  b = await seedBrightpath(t.tessera, tenant);
});
afterAll(() => t.cleanup());

describe('client internal notes', () => {
  it('are absent for internal clearance and present for confidential', async () => {
    const internal = await run(userContext(tenant, { clearance: 'internal' }), (tx) =>
      getClient(tx, b.globex),
    );
    expect(internal).toMatchObject({ id: b.globex, name: 'Globex', legalEntityId: b.inc, regionId: b.us });
    expect('internalNotes' in internal).toBe(false);
    const confidential = await run(userContext(tenant, { clearance: 'confidential' }), (tx) =>
      getClient(tx, b.globex),
    );
    expect(confidential.internalNotes).toBe('canary:brightpath:globex:notes');
  });

  it('are masked in lists too, and a public clearance sees only the public fields', async () => {
    const page = await run(userContext(tenant, { clearance: 'internal' }), (tx) =>
      listClients(tx, { limit: 50, cursor: null }),
    );
    expect(page.items).toHaveLength(3);
    expect(JSON.stringify(page)).not.toContain('canary');
    const approver = await run(
      userContext(tenant, { clearance: 'public', scope: { client: [b.initech] } }),
      (tx) => getClient(tx, b.initech),
    );
    expect(Object.keys(approver).sort()).toEqual(['createdAt', 'id', 'name', 'updatedAt']);
  });

  it('cannot be written without confidential clearance (403), and nothing changes', async () => {
    await expect(
      run(userContext(tenant, { clearance: 'internal' }), (tx) =>
        updateClient(tx, b.globex, { internalNotes: 'overwritten' }),
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const after = await run(staff(tenant), (tx) => getClient(tx, b.globex));
    expect(after.internalNotes).toBe('canary:brightpath:globex:notes');
    const renamed = await run(userContext(tenant, { clearance: 'internal' }), (tx) =>
      updateClient(tx, b.globex, { status: 'inactive' }),
    );
    expect(renamed.status).toBe('inactive');
  });

  it('never leave through the outbox', async () => {
    const cell = await t.tessera.cells.forTenant(tenant);
    const payloads = await cell.withTenant(
      systemContext(tenant, 'test'),
      async (tx) =>
        (
          await sql<{
            payload: unknown;
          }>`SELECT payload FROM outbox_events WHERE resource_kind = 'client'`.execute(tx.db)
        ).rows,
      { readOnly: true },
    );
    expect(payloads.length).toBeGreaterThanOrEqual(3);
    expect(JSON.stringify(payloads)).not.toContain('canary');
  });
});

describe('assigning a client to segments', () => {
  it('refuses a legal entity or region outside the caller’s scope as if it did not exist (422)', async () => {
    const ltdOnly = userContext(tenant, { scope: { legal_entity: [b.ltd] } });
    await expect(
      run(ltdOnly, (tx) => updateClient(tx, b.initech, { legalEntityId: b.inc })),
    ).rejects.toMatchObject({
      code: 'REFERENCE_NOT_FOUND',
      status: 422,
    });
    const ukOnly = userContext(tenant, { scope: { region: [b.ukEu] } });
    await expect(run(ukOnly, (tx) => updateClient(tx, b.initech, { regionId: b.us }))).rejects.toMatchObject({
      code: 'REFERENCE_NOT_FOUND',
    });
    await expect(run(ukOnly, (tx) => updateClient(tx, b.initech, { regionId: null }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it("refuses another tenant's legal entity (422) and answers its clients as not found", async () => {
    const osprey = userContext(other, { clearance: 'confidential' });
    await expect(
      run(osprey, (tx) => createClient(tx, { name: 'Stolen', legalEntityId: b.inc })),
    ).rejects.toMatchObject({
      code: 'REFERENCE_NOT_FOUND',
    });
    await expect(run(osprey, (tx) => getClient(tx, b.globex))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run(osprey, (tx) => updateClient(tx, b.globex, { name: 'Mine' }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('answers a client in scope whose legal entity is not as not found', async () => {
    const globexButLtd = userContext(tenant, { scope: { client: [b.globex], legal_entity: [b.ltd] } });
    await expect(run(globexButLtd, (tx) => getClient(tx, b.globex))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('refuses to create a client for a caller scoped to some clients (403)', async () => {
    const approver = userContext(tenant, { scope: { client: [b.globex] } });
    await expect(
      run(approver, (tx) => createClient(tx, { name: 'New', legalEntityId: b.inc, regionId: b.us })),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('answers a duplicate name with DUPLICATE', async () => {
    await expect(
      run(staff(tenant), (tx) => createClient(tx, { name: 'Globex', legalEntityId: b.inc, regionId: b.us })),
    ).rejects.toMatchObject({ code: 'DUPLICATE' });
  });
});
