import type { Generated } from 'kysely';

export interface IntercompanySettingsTable {
  tenant_id: string;
  /** The markup on cost of every recharge, in basis points (0 = at cost). */
  markup_basis_points: Generated<number>;
  updated_at: Generated<Date>;
  updated_by_membership_id: string | null;
}

export interface IntercompanyRechargeTable {
  tenant_id: string;
  id: string;
  /** The first day of the month. */
  month: string;
  /** 1 for the month's first recharge of the pair, then 2, 3… for supplements of time approved later. */
  sequence: Generated<number>;
  employing_legal_entity_id: string;
  project_legal_entity_id: string;
  /** The employing entity's functional currency. */
  currency: string;
  cost_minor: bigint;
  markup_basis_points: number;
  amount_minor: bigint;
  minutes: bigint;
  time_entry_count: number;
  /** The covered expenses at cost, in the employing entity's functional currency (in `amount_minor`). */
  expenses_minor: Generated<bigint>;
  expense_count: Generated<number>;
  employing_entry_id: string | null;
  project_entry_id: string | null;
  created_at: Generated<Date>;
  created_by_membership_id: string | null;
}

export interface IntercompanyRechargeEntryTable {
  tenant_id: string;
  time_entry_id: string;
  recharge_id: string;
  employing_legal_entity_id: string;
  project_legal_entity_id: string;
}

export interface IntercompanyRechargeExpenseTable {
  tenant_id: string;
  expense_id: string;
  recharge_id: string;
  employing_legal_entity_id: string;
  project_legal_entity_id: string;
}

declare module '../../platform/db/cell-tables.ts' {
  interface CellTables {
    intercompany_settings: IntercompanySettingsTable;
    intercompany_recharges: IntercompanyRechargeTable;
    intercompany_recharge_entries: IntercompanyRechargeEntryTable;
    intercompany_recharge_expenses: IntercompanyRechargeExpenseTable;
  }
}
