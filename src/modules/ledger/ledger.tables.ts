import type { ColumnType, Generated } from 'kysely';

export type AccountType = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';
export type PeriodStatus = 'open' | 'closed';

export interface LedgerAccountTable {
  tenant_id: string;
  id: string;
  legal_entity_id: string;
  code: string;
  name: string;
  type: AccountType;
  /** What other modules' postings look the account up by (`receivables`); null for added accounts. */
  role: string | null;
  active: Generated<boolean>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface LedgerPeriodTable {
  tenant_id: string;
  id: string;
  legal_entity_id: string;
  /** The first day of the month. */
  month: string;
  status: Generated<PeriodStatus>;
  closed_at: Date | null;
  closed_by_membership_id: string | null;
  reopened_at: Date | null;
  reopened_by_membership_id: string | null;
  reopen_reason: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface JournalEntryTable {
  tenant_id: string;
  id: string;
  legal_entity_id: string;
  functional_currency: string;
  entry_date: string;
  description: string;
  source_kind: string;
  source_id: string | null;
  purpose: string | null;
  reversal_of: string | null;
  /** Set by the database to the transaction's time. */
  posted_at: Generated<Date>;
  posted_by_membership_id: string | null;
}

export interface JournalLineTable {
  tenant_id: string;
  id: string;
  entry_id: string;
  legal_entity_id: string;
  entry_date: string;
  functional_currency: string;
  line_no: number;
  account_id: string;
  currency: string;
  debit_minor: bigint;
  credit_minor: bigint;
  functional_debit_minor: bigint;
  functional_credit_minor: bigint;
  /** numeric(18,10) as text; null on a functional-only line. */
  rate: string | null;
  memo: string | null;
}

export interface FxRateTable {
  tenant_id: string;
  id: string;
  base_currency: string;
  quote_currency: string;
  rate_date: string;
  /** numeric(18,10), written and read as text. */
  rate: ColumnType<string, string, string>;
  source: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

declare module '../../platform/db/cell-tables.ts' {
  interface CellTables {
    ledger_accounts: LedgerAccountTable;
    ledger_periods: LedgerPeriodTable;
    journal_entries: JournalEntryTable;
    journal_lines: JournalLineTable;
    fx_rates: FxRateTable;
  }
}
