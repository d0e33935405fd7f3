import type { Cell } from '../tenancy/cell.ts';
import { systemContext } from '../tenancy/tenant-context.ts';
import type { OutboxEvent } from './domain-event.ts';

/** An in-process consumer of domain events; webhooks and projections are subscribers too. */
export interface OutboxSubscriber {
  readonly name: string;
  deliver(event: OutboxEvent): Promise<void>;
}

export interface OutboxDispatcherOptions {
  /** The cell of a tenant (the registry's `forTenant`). */
  readonly cellOf: (tenantId: string) => Promise<Cell>;
  /** Tenants with possibly undelivered events, for the periodic sweep (events left by a crash). */
  readonly tenantsToSweep: () => Promise<readonly string[]>;
  readonly sweepIntervalMs?: number;
  readonly batchSize?: number;
  readonly onError?: (error: unknown, detail: { tenantId: string; subscriber: string }) => void;
}

const JOB = 'outbox-dispatcher';

/**
 * Delivers each tenant's outbox events to every subscriber at least once and in sequence order,
 * recording per subscriber how far it got. A commit wakes the tenant's drain at once; a sweep
 * catches what a crash left behind. A failing subscriber is retried from the same event later.
 */
export class OutboxDispatcher {
  private readonly subscribers: OutboxSubscriber[] = [];
  private readonly draining = new Map<string, Promise<void>>();
  private readonly again = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: OutboxDispatcherOptions) {}

  subscribe(subscriber: OutboxSubscriber): void {
    this.subscribers.push(subscriber);
  }

  start(): void {
    this.timer ??= setInterval(() => void this.sweep(), this.options.sweepIntervalMs ?? 5000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled(this.draining.values());
  }

  /** Schedules delivery of a tenant's new events (called after a commit that emitted events). */
  notify(tenantId: string): void {
    void this.drain(tenantId);
  }

  /** Delivers everything pending for one tenant; resolves when nothing committed before the call is left. */
  drain(tenantId: string): Promise<void> {
    const running = this.draining.get(tenantId);
    if (running) {
      this.again.add(tenantId);
      return running;
    }
    const run = (async () => {
      do {
        this.again.delete(tenantId);
        for (const subscriber of this.subscribers) await this.deliverPending(tenantId, subscriber);
      } while (this.again.has(tenantId));
    })().finally(() => this.draining.delete(tenantId));
    this.draining.set(tenantId, run);
    return run;
  }

  /** Drains every tenant that may have events left. */
  async sweep(): Promise<void> {
    const tenants = await this.options.tenantsToSweep().catch(() => [] as readonly string[]);
    for (const tenantId of tenants) await this.drain(tenantId);
  }

  private async deliverPending(tenantId: string, subscriber: OutboxSubscriber): Promise<void> {
    try {
      const cell = await this.options.cellOf(tenantId);
      const ctx = systemContext(tenantId, JOB);
      for (;;) {
        const batch = await cell.withTenant(
          ctx,
          (tx) => readBatch(tx.db, tenantId, subscriber.name, this.options.batchSize ?? 100),
          {
            readOnly: true,
          },
        );
        if (batch.length === 0) return;
        for (const event of batch) await subscriber.deliver(event);
        const last = (batch[batch.length - 1] as OutboxEvent).seq;
        await cell.withTenant(ctx, (tx) => recordDelivery(tx.db, tenantId, subscriber.name, last), {
          bookkeeping: true,
        });
      }
    } catch (error) {
      this.options.onError?.(error, { tenantId, subscriber: subscriber.name });
    }
  }
}

type CellDb = Parameters<Parameters<Cell['withTenant']>[1]>[0]['db'];

async function readBatch(
  db: CellDb,
  tenantId: string,
  subscriber: string,
  limit: number,
): Promise<OutboxEvent[]> {
  const cursor = await db
    .selectFrom('outbox_deliveries')
    .select('delivered_seq')
    .where('tenant_id', '=', tenantId)
    .where('subscriber', '=', subscriber)
    .executeTakeFirst();
  const rows = await db
    .selectFrom('outbox_events')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('seq', '>', cursor?.delivered_seq ?? 0n)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    tenantId: row.tenant_id,
    seq: row.seq,
    id: row.id,
    topic: row.topic,
    resourceKind: row.resource_kind,
    resourceId: row.resource_id,
    payload: row.payload,
    requestId: row.request_id,
    occurredAt: row.occurred_at,
  }));
}

async function recordDelivery(db: CellDb, tenantId: string, subscriber: string, seq: bigint): Promise<void> {
  await db
    .insertInto('outbox_deliveries')
    .values({ tenant_id: tenantId, subscriber, delivered_seq: seq })
    .onConflict((oc) =>
      oc.columns(['tenant_id', 'subscriber']).doUpdateSet({ delivered_seq: seq, delivered_at: new Date() }),
    )
    .execute();
}
