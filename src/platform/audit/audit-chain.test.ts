import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera, userContext } from '../../../test/support/test-tessera.ts';
import { createLegalEntity, updateLegalEntity } from '../../modules/organization/legal-entity.service.ts';
import type { TenantContext } from '../tenancy/tenant-context.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

let t: TestTessera;
const entity = (name: string) => ({ name, country: 'NO', functionalCurrency: 'NOK' });
const verify = (tenantId: string) =>
  t.tessera.withTenant(userContext(tenantId), verifyAuditChain, { readOnly: true });
const events = (tenantId: string) =>
  t.tessera.withTenant(
    userContext(tenantId),
    (tx) =>
      tx.db.selectFrom('audit_events').selectAll().where('tenant_id', '=', tenantId).orderBy('seq').execute(),
    { readOnly: true },
  );

beforeAll(async () => {
  t = await openTestTessera();
});
afterAll(() => t.cleanup());

describe('audit events', () => {
  it('records who changed which record, the fields before and after, and the request', async () => {
    const tenant = await createTestTenant(t.tessera);
    const ctx: TenantContext = { ...userContext(tenant, { userId: 'kari' }), requestId: 'req-123456' };
    const created = await t.tessera.withTenant(ctx, (tx) => createLegalEntity(tx, entity('Halden AS')));
    await t.tessera.withTenant(ctx, (tx) => updateLegalEntity(tx, created.id, { taxId: 'NO999888777' }));
    const [first, second] = await events(tenant);
    expect(first).toMatchObject({
      seq: 1n,
      actor_kind: 'user',
      actor_id: 'kari',
      request_id: 'req-123456',
      action: 'legal_entity.created',
      resource_kind: 'legal_entity',
      resource_id: created.id,
    });
    expect(second?.changes).toEqual({ before: { taxId: null }, after: { taxId: 'NO999888777' } });
    expect(second?.prev_hash).toBe(first?.hash);
  });

  it('leaves no event behind when the transaction rolls back', async () => {
    const tenant = await createTestTenant(t.tessera);
    const failing = t.tessera.withTenant(userContext(tenant), async (tx) => {
      await createLegalEntity(tx, entity('Doomed AS'));
      throw new Error('the operation failed after the write');
    });
    await expect(failing).rejects.toThrow('the operation failed');
    expect(await events(tenant)).toEqual([]);
  });

  it('keeps one linear chain under concurrent writers of the same tenant', async () => {
    const tenant = await createTestTenant(t.tessera);
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        t.tessera.withTenant(userContext(tenant), (tx) => createLegalEntity(tx, entity(`Writer ${i}`))),
      ),
    );
    const chain = await events(tenant);
    expect(chain.map((event) => event.seq)).toEqual(Array.from({ length: 25 }, (_, i) => BigInt(i + 1)));
    expect(await verify(tenant)).toEqual({
      tenantId: tenant,
      verified: true,
      eventsChecked: 25,
      firstBreak: null,
    });
  });

  it('cannot be forged: the application role can neither insert events directly nor append to another tenant', async () => {
    const tenant = await createTestTenant(t.tessera);
    const other = await createTestTenant(t.tessera);
    const direct = t.tessera.withTenant(userContext(tenant), async (tx) => {
      await sql`INSERT INTO audit_events (tenant_id, seq, id, actor_kind, actor_id, action, resource_kind, prev_hash, hash)
                VALUES (${tenant}, 1, gen_random_uuid(), 'user', 'x', 'forged', 'x', 'x', 'x')`.execute(
        tx.db,
      );
      tx.audit({ action: 'cover', resourceKind: 'x', resourceId: null });
    });
    await expect(direct).rejects.toMatchObject({ code: 'INTERNAL' });
    const foreign = t.tessera.withTenant(userContext(tenant), async (tx) => {
      await sql`SELECT append_journal(${other}::uuid, '[{"action":"forged","resource_kind":"x","actor_kind":"user","actor_id":"x"}]'::jsonb, '[]'::jsonb)`.execute(
        tx.db,
      );
      tx.audit({ action: 'cover', resourceKind: 'x', resourceId: null });
    });
    await expect(foreign).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(await events(tenant)).toEqual([]);
    expect(await events(other)).toEqual([]);
  });

  it('cannot be updated, deleted or truncated by the application role', async () => {
    const tenant = await createTestTenant(t.tessera);
    await t.tessera.withTenant(userContext(tenant), (tx) => createLegalEntity(tx, entity('Kept AS')));
    for (const statement of [
      sql`UPDATE audit_events SET action = 'forged'`,
      sql`DELETE FROM audit_events`,
      sql`TRUNCATE audit_events`,
      sql`UPDATE tenant_chain_heads SET audit_seq = 0`,
    ]) {
      const attempt = t.tessera.withTenant(userContext(tenant), async (tx) => {
        await statement.execute(tx.db);
        tx.audit({ action: 'tamper', resourceKind: 'audit_event', resourceId: null });
      });
      await expect(attempt).rejects.toMatchObject({ code: 'INTERNAL' });
    }
    expect(await verify(tenant)).toMatchObject({ verified: true, eventsChecked: 1 });
  });
});

describe('audit verification', () => {
  const chainOf = async (size: number) => {
    const tenant = await createTestTenant(t.tessera);
    for (let i = 0; i < size; i += 1) {
      await t.tessera.withTenant(userContext(tenant), (tx) => createLegalEntity(tx, entity(`Entity ${i}`)));
    }
    return tenant;
  };
  const asOwner = (statement: ReturnType<typeof sql>) => statement.execute(t.tessera.main.db);

  it('breaks exactly at the event whose content was edited', async () => {
    const tenant = await chainOf(6);
    await asOwner(
      sql`UPDATE audit_events SET changes = '{"after":{"name":"Forged"}}' WHERE tenant_id = ${tenant} AND seq = 4`,
    );
    expect(await verify(tenant)).toEqual({
      tenantId: tenant,
      verified: false,
      eventsChecked: 3,
      firstBreak: { seq: '4', reason: 'content-altered' },
    });
  });

  it('breaks at the next event when an edited event was re-hashed', async () => {
    const tenant = await chainOf(5);
    await asOwner(
      sql`UPDATE audit_events SET actor_id = 'someone-else' WHERE tenant_id = ${tenant} AND seq = 2`,
    );
    await asOwner(
      sql`UPDATE audit_events e SET hash = audit_event_hash(e) WHERE tenant_id = ${tenant} AND seq = 2`,
    );
    expect((await verify(tenant)).firstBreak).toEqual({ seq: '3', reason: 'link-broken' });
  });

  it('finds a deleted event and a deleted tail', async () => {
    const middle = await chainOf(4);
    await asOwner(sql`DELETE FROM audit_events WHERE tenant_id = ${middle} AND seq = 2`);
    expect((await verify(middle)).firstBreak).toEqual({ seq: '2', reason: 'event-missing' });
    const tail = await chainOf(3);
    await asOwner(sql`DELETE FROM audit_events WHERE tenant_id = ${tail} AND seq = 3`);
    expect((await verify(tail)).firstBreak).toEqual({ seq: '3', reason: 'tail-missing' });
  });
});
