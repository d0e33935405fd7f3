import type { Generated } from 'kysely';

export interface PersonTable {
  tenant_id: string;
  id: string;
  name: string;
  email: string | null;
  kind: 'employee' | 'subcontractor';
  membership_id: string | null;
  legal_entity_id: string;
  practice_id: string | null;
  status: Generated<'active' | 'left'>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PersonCostRateTable {
  tenant_id: string;
  id: string;
  person_id: string;
  legal_entity_id: string;
  hourly_cost_minor: bigint;
  currency: string;
  valid_from: string;
  valid_until: string | null;
  note: string | null;
  created_at: Generated<Date>;
}

declare module '../../platform/db/cell-tables.ts' {
  interface CellTables {
    people: PersonTable;
    person_cost_rates: PersonCostRateTable;
  }
}
