import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type AuditEventInput, changedFields } from '../audit/audit-event.ts';
import type { DomainEventInput } from '../outbox/domain-event.ts';
import type { TenantContext } from '../tenancy/tenant-context.ts';
import type { DbSession } from './database-handle.ts';

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
   * Appends every collected event in one statement. The database chains the audit events and
   * numbers the outbox events (triggers in migrations/cell/0001_kernel.sql).
   */
  async flush(session: DbSession, ctx: TenantContext): Promise<void> {
    if (this.auditEvents.length === 0 && this.domainEvents.length === 0) return;
    const audit = this.auditEvents.map((event, n) => ({
      n,
      id: uuidv7(),
      action: event.action,
      resource_kind: event.resourceKind,
      resource_id: event.resourceId,
      changes: changedFields(event.before, event.after),
    }));
    const outbox = this.domainEvents.map((event, n) => ({
      n,
      id: uuidv7(),
      topic: event.topic,
      resource_kind: event.resourceKind,
      resource_id: event.resourceId,
      payload: event.payload,
    }));
    await sql`
      WITH appended_audit AS (
        INSERT INTO audit_events (tenant_id, id, actor_kind, actor_id, membership_id, grant_id, request_id,
                                  action, resource_kind, resource_id, changes)
        SELECT ${ctx.tenantId}::uuid, e.id, ${ctx.actor.kind}, ${ctx.actor.id}, ${ctx.actor.membershipId}::uuid,
               ${ctx.grantId}::uuid, ${ctx.requestId}, e.action, e.resource_kind, e.resource_id, e.changes
        FROM jsonb_to_recordset(${JSON.stringify(audit)}::jsonb)
             AS e(n int, id uuid, action text, resource_kind text, resource_id text, changes jsonb)
        ORDER BY e.n
        RETURNING 1
      ), appended_outbox AS (
        INSERT INTO outbox_events (tenant_id, id, topic, resource_kind, resource_id, payload, request_id)
        SELECT ${ctx.tenantId}::uuid, e.id, e.topic, e.resource_kind, e.resource_id, e.payload, ${ctx.requestId}
        FROM jsonb_to_recordset(${JSON.stringify(outbox, bigintAsText)}::jsonb)
             AS e(n int, id uuid, topic text, resource_kind text, resource_id text, payload jsonb)
        ORDER BY e.n
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM appended_audit) AS audited, (SELECT count(*) FROM appended_outbox) AS emitted
    `.execute(session.db);
  }
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
