import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { sqlLiteral } from '../../src/platform/db/sql-literal.ts';
import type { BenchTarget } from '../lib/targets.ts';

/**
 * The floor under an audited write: the rows the tenant transaction writes for one new legal
 * entity (the entity, its audit event, its outbox event, the tenant's chain head), written by the
 * table owner in one statement string — one round trip, one commit — with no tenant context, no
 * RLS, no database-side chaining (the hash is computed here). What remains between this and the
 * tenant transaction is the price of isolation and of a chain the application cannot forge; what
 * lies between this and a one-row insert is the price of writing the journal at all.
 */
export class JournalFloor {
  private readonly heads = new Map<string, { seq: number; hash: string }>();

  private constructor(
    private readonly target: BenchTarget,
    private readonly tenants: readonly string[],
  ) {}

  /** Tenants of the floor's own (not in the control plane: nothing reads them), with chain heads. */
  static async prepare(target: BenchTarget, count: number): Promise<JournalFloor> {
    const tenants = Array.from({ length: count }, () => uuidv7());
    const values = tenants.map((id) => `(${sqlLiteral(id)})`).join(', ');
    await target.rawScript(`INSERT INTO tenant_chain_heads (tenant_id) VALUES ${values}`);
    return new JournalFloor(target, tenants);
  }

  /**
   * One audited write at the floor. `auditOnly`: the entity and its audit event and nothing else
   * (no outbox event, no chain head) — the least any audited write can write.
   */
  async write(i: number, name: string, scope: 'journal' | 'auditOnly' = 'journal'): Promise<void> {
    const tenantId = this.tenants[i % this.tenants.length] as string;
    const head = this.heads.get(tenantId) ?? { seq: 0, hash: '0'.repeat(64) };
    const id = uuidv7();
    const entity = {
      id,
      name,
      country: 'DE',
      functionalCurrency: 'EUR',
      taxId: null,
      addressLine: null,
      city: null,
      postalCode: null,
    };
    const seq = head.seq + 1;
    const changes = { before: {}, after: entity };
    const auditId = uuidv7();
    const hash = createHash('sha256')
      .update(JSON.stringify([head.hash, tenantId, seq, auditId, 'user', 'bench-user', changes]))
      .digest('hex');
    const now = new Date().toISOString();
    const payload = { legalEntity: { ...entity, createdAt: now, updatedAt: now } };
    const t = sqlLiteral(tenantId);
    const entityRow = `INSERT INTO legal_entities (tenant_id, id, name, country, functional_currency, tax_id)
       VALUES (${t}, ${sqlLiteral(id)}, ${sqlLiteral(name)}, 'DE', 'EUR', NULL)`;
    const auditRow = `INSERT INTO audit_events (tenant_id, seq, id, actor_kind, actor_id, action, resource_kind,
                                 resource_id, changes, prev_hash, hash)
       VALUES (${t}, ${seq}, ${sqlLiteral(auditId)}, 'user', 'bench-user', 'legal_entity.created', 'legal_entity',
               ${sqlLiteral(id)}, ${sqlLiteral(JSON.stringify(changes))}, ${sqlLiteral(head.hash)}, ${sqlLiteral(hash)})`;
    const headRow = `UPDATE tenant_chain_heads SET audit_seq = ${seq}, audit_hash = ${sqlLiteral(hash)}, outbox_seq = ${seq}
       WHERE tenant_id = ${t}`;
    const outboxRow = `INSERT INTO outbox_events (tenant_id, seq, id, topic, resource_kind, resource_id, payload)
       VALUES (${t}, ${seq}, ${sqlLiteral(uuidv7())}, 'legal_entity.created', 'legal_entity', ${sqlLiteral(id)},
               ${sqlLiteral(JSON.stringify(payload))})`;
    const rows = scope === 'auditOnly' ? [entityRow, auditRow] : [entityRow, headRow, auditRow, outboxRow];
    await this.target.rawScript(`BEGIN; ${rows.join('; ')}; COMMIT;`);
    this.heads.set(tenantId, { seq, hash });
  }
}
