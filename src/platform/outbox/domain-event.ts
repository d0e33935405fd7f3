/** A fact other parts of Tessera (and, later, webhooks) react to, delivered after commit. */
export interface DomainEventInput {
  /** `<resource>.<verb>`, such as `legal_entity.created`. */
  readonly topic: string;
  readonly resourceKind: string;
  readonly resourceId: string | null;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** A domain event as stored in a tenant's outbox, with its per-tenant sequence number. */
export interface OutboxEvent {
  readonly tenantId: string;
  readonly seq: bigint;
  readonly id: string;
  readonly topic: string;
  readonly resourceKind: string;
  readonly resourceId: string | null;
  readonly payload: unknown;
  readonly requestId: string | null;
  readonly occurredAt: Date;
}
