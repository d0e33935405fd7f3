export { billingRoutes } from './billing.routes.ts';
export { type BillingRunInput, type BillingRunResult, runBilling } from './billing-run.service.ts';
export {
  type BillingRunFilter,
  type BillingRunRecord,
  getBillingRun,
  listBillingRuns,
} from './billing-run-records.service.ts';
export { type CreditNoteInput, type CreditNoteResult, createCreditNote } from './credit-note.service.ts';
export { rebillCreditedInvoice } from './credit-rebill.service.ts';
export type { DraftInvoice } from './draft-invoice.ts';
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
  type InvoiceAllowance,
  type InvoiceLine,
  type InvoiceStatus,
  issueInvoice,
  listInvoices,
  voidInvoice,
} from './invoice.service.ts';
export {
  type AllowanceInput,
  addInvoiceAllowance,
  removeInvoiceAllowance,
} from './invoice-allowances.service.ts';
export { invoiceDocumentRoutes } from './invoice-documents.routes.ts';
export {
  type DocumentKind,
  documentPostingLines,
  type PostableDocument,
  postIssuedDocument,
  revenueByRole,
} from './invoice-posting.ts';
export {
  type InvoiceTotals,
  invoiceTotals,
  type TotalsAllowance,
  type TotalsLine,
  VAT_CATEGORIES,
  type VatCategory,
} from './invoice-totals.ts';
export { taxSettingsRoutes } from './tax-settings.routes.ts';
export {
  type ClientTaxTreatment,
  determineVat,
  getTaxSettings,
  putTaxSettings,
  type TaxSettings,
  type TaxSettingsInput,
  type VatTreatment,
  vatTreatmentFor,
} from './tax-settings.service.ts';
