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
  /** What a full week holds (default 2400: 5 × 8 hours). */
  capacity_minutes_per_week: Generated<number>;
  role: string | null;
  skills: Generated<string[]>;
  /** A subcontractor's supplier (required for them, absent for employees). */
  supplier: string | null;
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
