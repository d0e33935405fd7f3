export { einvoicingRoutes, UBL_CONTENT_TYPE } from './einvoicing.routes.ts';
export { timeQuantity, type UblQuantity, unitQuantity } from './line-quantity.ts';
export {
  canonicalRate,
  UBL_VAT_CATEGORIES,
  type UblAllowanceCharge,
  type UblDocument,
  type UblLine,
  type UblParty,
  type UblTotals,
  type UblVatBreakdown,
  type UblVatCategory,
} from './ubl-document.ts';
export { EN16931_CUSTOMIZATION_ID, formatMinor, toUbl } from './ubl-export.ts';
export { DEFAULT_EXEMPTIONS, ublDocumentProblems } from './ubl-rules.ts';
export {
  loadUblDocument,
  readUblSource,
  type UblSource,
  type UblSourceAddress,
  type UblSourceClient,
  type UblSourceEntity,
  type UblSourceInvoice,
  type UblSourceLine,
  ublDocumentOf,
} from './ubl-source.ts';
export { deriveUblAmounts } from './ubl-totals.ts';
