import { v7 as uuidv7 } from 'uuid';
import { type AuditEventInput, changedFields } from '../audit/audit-event.ts';
import type { DomainEventInput } from '../outbox/domain-event.ts';
import type { TenantContext } from '../tenancy/tenant-context.ts';
import { sqlLiteral } from './sql-literal.ts';

/** The audit events and domain events a tenant transaction collects, written just before commit. */
export class TransactionJournal {
  private readonly auditEvents: AuditEventInput[] = [];
  private readonly domainEvents: DomainEventInput[] = [];

  get audited(): number {
    return this.auditEvents.length;
  }
  get emitted(): number {
    return this.domainEvents.length;
  }

  audit(event: AuditEventInput): void {
    this.auditEvents.push(event);
  }
  emit(event: DomainEventInput): void {
    this.domainEvents.push(event);
  }

  /**
   * The statements that end the transaction: append every collected event through the
   * database's `append_journal` (which chains and numbers them), then commit — one round trip.
   * Values travel as escaped literals because a statement string with COMMIT takes no parameters.
   */
  closingStatements(ctx: TenantContext): string {
    if (this.auditEvents.length === 0 && this.domainEvents.length === 0) return 'COMMIT;';
    const audit = this.auditEvents.map((event) => ({
      id: uuidv7(),
      actor_kind: ctx.actor.kind,
      actor_id: ctx.actor.id,
      membership_id: ctx.actor.membershipId,
      grant_id: ctx.grantId,
      request_id: ctx.requestId,
      action: event.action,
      resource_kind: event.resourceKind,
      resource_id: event.resourceId,
      changes: changedFields(event.before, event.after),
    }));
    const outbox = this.domainEvents.map((event) => ({
      id: uuidv7(),
      topic: event.topic,
      resource_kind: event.resourceKind,
      resource_id: event.resourceId,
      payload: event.payload,
      request_id: ctx.requestId,
    }));
    const json = (value: unknown) => sqlLiteral(JSON.stringify(value, bigintAsText));
    return `SELECT append_journal(${sqlLiteral(ctx.tenantId)}::uuid, ${json(audit)}::jsonb, ${json(outbox)}::jsonb); COMMIT;`;
  }
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
