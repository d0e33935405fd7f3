import type { AccountType } from './ledger.tables.ts';

/**
 * The roles other modules post to, each held by at most one account of an entity's chart.
 * Billing, payments and revenue recognition name accounts by role, never by code, so a firm may
 * renumber its own accounts without breaking a posting.
 */
export const ACCOUNT_ROLES = [
  'cash',
  'receivables',
  'unbilled_revenue',
  'vat_receivable',
  'prepaid_expenses',
  'intercompany_receivable',
  'fixed_assets',
  'payables',
  'accrued_liabilities',
  'vat_payable',
  'deferred_revenue',
  'intercompany_payable',
  'payroll_liabilities',
  'share_capital',
  'retained_earnings',
  'revenue_services',
  'revenue_fixed_fees',
  'revenue_subscriptions',
  'revenue_expense_recharge',
  'revenue_intercompany',
  'cost_of_services',
  'subcontractor_costs',
  'project_expenses',
  'intercompany_costs',
  'salaries',
  'general_expenses',
  'travel_expenses',
  'fx_gains_losses',
  'rounding_differences',
] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export interface TemplateAccount {
  readonly code: string;
  readonly name: string;
  readonly type: AccountType;
  readonly role: AccountRole;
}

/** The charts a legal entity's ledger can start from. */
export const CHART_TEMPLATES = ['professional-services'] as const;
export type ChartTemplate = (typeof CHART_TEMPLATES)[number];

const account = (code: string, name: string, type: AccountType, role: AccountRole): TemplateAccount =>
  Object.freeze({ code, name, type, role });

/**
 * A professional-services firm's chart: 1xxx assets, 2xxx liabilities, 3xxx equity, 4xxx
 * revenue by billing model, 5xxx cost of delivery, 6xxx–7xxx operating and financial expenses.
 * Unbilled revenue is the contract asset (work delivered, not yet invoiced), deferred revenue
 * the contract liability (invoiced, not yet earned) of IFRS 15 / ASC 606.
 */
const PROFESSIONAL_SERVICES: readonly TemplateAccount[] = Object.freeze([
  account('1000', 'Cash at bank', 'asset', 'cash'),
  account('1100', 'Accounts receivable', 'asset', 'receivables'),
  account('1150', 'Unbilled revenue (contract asset)', 'asset', 'unbilled_revenue'),
  account('1200', 'VAT receivable', 'asset', 'vat_receivable'),
  account('1300', 'Prepaid expenses', 'asset', 'prepaid_expenses'),
  account('1400', 'Inter-company receivable', 'asset', 'intercompany_receivable'),
  account('1500', 'Equipment and fixed assets', 'asset', 'fixed_assets'),
  account('2000', 'Accounts payable', 'liability', 'payables'),
  account('2100', 'Accrued liabilities', 'liability', 'accrued_liabilities'),
  account('2200', 'VAT payable', 'liability', 'vat_payable'),
  account('2300', 'Deferred revenue (contract liability)', 'liability', 'deferred_revenue'),
  account('2400', 'Inter-company payable', 'liability', 'intercompany_payable'),
  account('2500', 'Payroll and reimbursements payable', 'liability', 'payroll_liabilities'),
  account('3000', 'Share capital', 'equity', 'share_capital'),
  account('3100', 'Retained earnings', 'equity', 'retained_earnings'),
  account('4000', 'Revenue: professional services (time and materials)', 'revenue', 'revenue_services'),
  account('4100', 'Revenue: fixed fees and milestones', 'revenue', 'revenue_fixed_fees'),
  account('4200', 'Revenue: retainers and subscriptions', 'revenue', 'revenue_subscriptions'),
  account('4300', 'Revenue: expense recharges', 'revenue', 'revenue_expense_recharge'),
  account('4400', 'Revenue: inter-company recharges', 'revenue', 'revenue_intercompany'),
  account('5000', 'Cost of services: delivery staff', 'expense', 'cost_of_services'),
  account('5100', 'Cost of services: subcontractors', 'expense', 'subcontractor_costs'),
  account('5200', 'Cost of services: project expenses', 'expense', 'project_expenses'),
  account('5300', 'Cost of services: inter-company', 'expense', 'intercompany_costs'),
  account('6000', 'Salaries and benefits', 'expense', 'salaries'),
  account('6100', 'General and administrative expenses', 'expense', 'general_expenses'),
  account('6200', 'Travel and entertainment', 'expense', 'travel_expenses'),
  account('7000', 'Foreign exchange gains and losses', 'expense', 'fx_gains_losses'),
  account('7100', 'Rounding differences', 'expense', 'rounding_differences'),
]);

/** The accounts of a chart template, in code order. */
export function templateAccounts(template: ChartTemplate): readonly TemplateAccount[] {
  switch (template) {
    case 'professional-services':
      return PROFESSIONAL_SERVICES;
  }
}
