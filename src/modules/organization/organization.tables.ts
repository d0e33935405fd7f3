import type { ColumnType, Generated } from 'kysely';

export interface LegalEntityTable {
  tenant_id: string;
  id: string;
  name: string;
  country: string;
  functional_currency: string;
  tax_id: string | null;
  address_line: Generated<string | null>;
  city: Generated<string | null>;
  postal_code: Generated<string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PracticeTable {
  tenant_id: string;
  id: string;
  parent_id: string | null;
  /** The parent's path, copied by the service; the database derives `path` from it. */
  parent_path: string[] | null;
  /** Ancestors then the practice itself; generated, and cascaded when an ancestor moves. */
  path: ColumnType<string[], never, never>;
  name: string;
  code: string;
  /** The practice's lead (a person), who approves its projects' time when a rule asks for it. */
  lead_person_id: Generated<string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RegionTable {
  tenant_id: string;
  id: string;
  code: string;
  name: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ClientTable {
  tenant_id: string;
  id: string;
  name: string;
  legal_entity_id: string;
  region_id: string | null;
  status: Generated<string>;
  internal_notes: string | null;
  country: Generated<string | null>;
  vat_id: Generated<string | null>;
  address_line: Generated<string | null>;
  city: Generated<string | null>;
  postal_code: Generated<string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PortfolioTable {
  tenant_id: string;
  id: string;
  name: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

declare module '../../platform/db/cell-tables.ts' {
  interface CellTables {
    legal_entities: LegalEntityTable;
    practices: PracticeTable;
    regions: RegionTable;
    clients: ClientTable;
    portfolios: PortfolioTable;
  }
}
