import type { ColumnType, Generated } from 'kysely';

export type ExpenseCategory =
  | 'travel'
  | 'lodging'
  | 'meals'
  | 'software'
  | 'equipment'
  | 'subcontracting'
  | 'other';
export type ExpenseStatus = 'draft' | 'submitted' | 'approved' | 'rejected';
/** While submitted: whose decision the expense waits for. */
export type ExpenseApprover = 'project_manager' | 'client';
export type BillingState = 'unbilled' | 'billed' | 'written_off';

/** `expenses` (migrations/cell/0008_expenses.sql): segments are the project's, carried from the assignment. */
export interface ExpenseTable {
  tenant_id: string;
  id: string;
  person_id: string;
  person_legal_entity_id: string;
  person_membership_id: string | null;
  assignment_id: string;
  project_id: string;
  contract_id: string;
  client_id: string;
  legal_entity_id: string;
  practice_id: string;
  region_id: string | null;
  portfolio_id: string | null;
  project_currency: string;
  incurred_on: string;
  category: ExpenseCategory;
  amount_minor: bigint;
  currency: string;
  description: string;
  receipt_reference: string | null;
  rebillable: Generated<boolean>;
  internal_note: string | null;
  intercompany: ColumnType<boolean, never, never>;
  status: Generated<ExpenseStatus>;
  awaiting: ExpenseApprover | null;
  submitted_at: Date | null;
  manager_decided_by_membership_id: string | null;
  manager_decided_at: Date | null;
  client_decided_by_membership_id: string | null;
  client_decided_at: Date | null;
  rejection_reason: string | null;
  approved_at: Date | null;
  billing_state: Generated<BillingState>;
  invoice_id: string | null;
  invoice_line_id: string | null;
  billed_at: Date | null;
  write_off_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

declare module '../../platform/db/cell-tables.ts' {
  interface CellTables {
    expenses: ExpenseTable;
  }
}
