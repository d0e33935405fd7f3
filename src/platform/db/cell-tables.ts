import type { ColumnType, Generated } from 'kysely';

/**
 * The tables of a cell, as Kysely sees them. The kernel declares its own here; each business
 * module adds its tables by declaration merging (`declare module …/cell-tables.ts`).
 */
export interface CellTables {
  cell_identity: {
    singleton: Generated<boolean>;
    cell_id: string;
    cell_name: string;
    registered_at: Generated<Date>;
  };
  tenant_chain_heads: {
    tenant_id: string;
    audit_seq: bigint;
    audit_hash: string;
    outbox_seq: bigint;
  };
  audit_events: {
    tenant_id: string;
    seq: Generated<bigint>;
    id: string;
    occurred_at: Generated<Date>;
    actor_kind: string;
    actor_id: string;
    membership_id: string | null;
    grant_id: string | null;
    request_id: string | null;
    action: string;
    resource_kind: string;
    resource_id: string | null;
    changes: ColumnType<unknown, string, string>;
    prev_hash: Generated<string>;
    hash: Generated<string>;
  };
  outbox_events: {
    tenant_id: string;
    seq: Generated<bigint>;
    id: string;
    topic: string;
    resource_kind: string;
    resource_id: string | null;
    payload: ColumnType<unknown, string, string>;
    request_id: string | null;
    occurred_at: Generated<Date>;
  };
  outbox_deliveries: {
    tenant_id: string;
    subscriber: string;
    delivered_seq: bigint;
    delivered_at: Generated<Date>;
  };
}
