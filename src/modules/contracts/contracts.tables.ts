import type { ColumnType, Generated } from 'kysely';

export interface ContactTable {
  tenant_id: string;
  id: string;
  client_id: string;
  /** The client's, carried (and cascaded) for the segment policies. */
  legal_entity_id: string;
  region_id: string | null;
  name: string;
  email: string | null;
  phone: string | null;
  title: string | null;
  is_approver: Generated<boolean>;
  /** The client approver's membership, when the contact signs in. */
  membership_id: Generated<string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export type BillingModel = 'time_and_materials' | 'fixed_fee' | 'retainer' | 'subscription';
export type ContractStatus = 'draft' | 'active' | 'closed';

export interface ContractTable {
  tenant_id: string;
  id: string;
  client_id: string;
  legal_entity_id: string;
  practice_id: string;
  /** The client's region, carried (and cascaded). */
  region_id: string | null;
  name: string;
  currency: string;
  billing_model: BillingModel;
  starts_on: string;
  ends_on: string | null;
  cap_minor: bigint | null;
  budget_minutes: number | null;
  client_approval_required: Generated<boolean>;
  status: Generated<ContractStatus>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RateCardTable {
  tenant_id: string;
  id: string;
  contract_id: string | null;
  scoped: ColumnType<boolean, never, never>;
  legal_entity_id: string | null;
  practice_id: string | null;
  client_id: string | null;
  region_id: string | null;
  currency: string;
  name: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RateCardRateTable {
  tenant_id: string;
  id: string;
  rate_card_id: string;
  scoped: boolean;
  legal_entity_id: string | null;
  practice_id: string | null;
  client_id: string | null;
  region_id: string | null;
  role: string | null;
  person_id: string | null;
  hourly_rate_minor: bigint;
  valid_from: string;
  valid_until: string | null;
  created_at: Generated<Date>;
}

declare module '../../platform/db/cell-tables.ts' {
  interface CellTables {
    contacts: ContactTable;
    contracts: ContractTable;
    rate_cards: RateCardTable;
    rate_card_rates: RateCardRateTable;
  }
}
