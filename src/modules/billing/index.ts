export { billingRoutes } from './billing.routes.ts';
export {
  type BillingRunInput,
  type BillingRunResult,
  type DraftInvoice,
  runBilling,
} from './billing-run.service.ts';
export {
  type FeeInterval,
  type FeePeriod,
  feePeriodContaining,
  feeShares,
  nextFeePeriod,
} from './fee-proration.ts';
export {
  addContractFee,
  type ContractFee,
  type ContractFeeInput,
  listContractFees,
} from './fee-schedule.service.ts';
export { contractFeesRoutes } from './fees.routes.ts';
export {
  approveInvoice,
  getInvoice,
  type Invoice,
  type InvoiceLine,
  type InvoiceStatus,
  issueInvoice,
  listInvoices,
  voidInvoice,
} from './invoice.service.ts';
export { type InvoiceTotals, invoiceTotals, VAT_CATEGORIES, type VatCategory } from './invoice-totals.ts';
