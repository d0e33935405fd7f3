import type { ColumnType, Generated } from 'kysely';

export type TenantStatus = 'provisioning' | 'active' | 'suspended' | 'offboarded';
export type IsolationTier = 'pooled' | 'dedicated';
export type CellKind = IsolationTier;

/** The control plane's tables (schema `control`), as Kysely sees them. */
export interface ControlTables {
  platform: { id: string; name: string; created_at: Generated<Date> };
  partners: {
    id: string;
    parent_partner_id: string | null;
    name: string;
    slug: string;
    status: Generated<'active' | 'suspended'>;
    created_at: Generated<Date>;
  };
  cells: {
    id: string;
    name: string;
    region: string;
    kind: CellKind;
    location: string;
    status: Generated<'active' | 'draining' | 'retired'>;
    created_at: Generated<Date>;
  };
  tenants: {
    id: string;
    partner_id: string | null;
    name: string;
    slug: string;
    status: Generated<TenantStatus>;
    home_region: string;
    isolation_tier: IsolationTier;
    allowed_regions: ColumnType<string[], string[], string[]>;
    created_at: Generated<Date>;
  };
  placements: { tenant_id: string; cell_id: string; placed_at: Generated<Date> };
  signing_keys: { id: string; secret: string; created_at: Generated<Date>; retired_at: Date | null };
}
