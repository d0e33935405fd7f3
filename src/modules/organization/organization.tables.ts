import type { Generated } from 'kysely';

export interface LegalEntityTable {
  tenant_id: string;
  id: string;
  name: string;
  country: string;
  functional_currency: string;
  tax_id: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

declare module '../../platform/db/cell-tables.ts' {
  interface CellTables {
    legal_entities: LegalEntityTable;
  }
}
