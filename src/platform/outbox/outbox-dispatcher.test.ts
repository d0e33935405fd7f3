import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant } from '../../../test/support/fixtures.ts';
import { openTestTessera, type TestTessera, userContext } from '../../../test/support/test-tessera.ts';
import { createLegalEntity } from '../../modules/organization/legal-entity.service.ts';
import type { OutboxEvent } from './domain-event.ts';

let t: TestTessera;
const received: OutboxEvent[] = [];
let failNext = 0;

beforeAll(async () => {
  t = await openTestTessera();
  t.tessera.outbox.subscribe({
    name: 'recorder',
    deliver: async (event) => {
      if (failNext > 0) {
        failNext -= 1;
        throw new Error('subscriber unavailable');
      }
      received.push(event);
    },
  });
});
afterAll(() => t.cleanup());

const create = (tenantId: string, name: string) =>
  t.tessera.withTenant(userContext(tenantId), (tx) =>
    createLegalEntity(tx, { name, country: 'DE', functionalCurrency: 'EUR' }),
  );
const topicsOf = (tenantId: string) =>
  received
    .filter((event) => event.tenantId === tenantId)
    .map((event) => (event.payload as { legalEntity: { name: string } }).legalEntity.name);

describe('the outbox', () => {
  it('delivers each committed event once, in order per tenant, and records how far it got', async () => {
    const [a, b] = [await createTestTenant(t.tessera), await createTestTenant(t.tessera)];
    for (let i = 0; i < 5; i += 1) {
      await create(a, `A${i}`);
      await create(b, `B${i}`);
    }
    await Promise.all([t.tessera.outbox.drain(a), t.tessera.outbox.drain(b)]);
    expect(topicsOf(a)).toEqual(['A0', 'A1', 'A2', 'A3', 'A4']);
    expect(topicsOf(b)).toEqual(['B0', 'B1', 'B2', 'B3', 'B4']);
    const cursor = await t.tessera.withTenant(
      userContext(a),
      (tx) => tx.db.selectFrom('outbox_deliveries').select(['subscriber', 'delivered_seq']).execute(),
      { readOnly: true },
    );
    expect(cursor).toEqual([{ subscriber: 'recorder', delivered_seq: 5n }]);
  });

  it('emits nothing for a transaction that rolled back', async () => {
    const tenant = await createTestTenant(t.tessera);
    await expect(
      t.tessera.withTenant(userContext(tenant), async (tx) => {
        await createLegalEntity(tx, { name: 'Never', country: 'DE', functionalCurrency: 'EUR' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await t.tessera.outbox.drain(tenant);
    expect(topicsOf(tenant)).toEqual([]);
  });

  it('retries a failing subscriber from the event it failed on, without skipping or reordering', async () => {
    const tenant = await createTestTenant(t.tessera);
    failNext = 2;
    await create(tenant, 'First');
    await t.tessera.outbox.drain(tenant);
    expect(topicsOf(tenant)).toEqual([]);
    await create(tenant, 'Second');
    await t.tessera.outbox.drain(tenant);
    expect(topicsOf(tenant)).toEqual(['First', 'Second']);
  });
});
