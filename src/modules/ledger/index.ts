export {
  accountForRole,
  type Chart,
  createAccount,
  createChart,
  getAccount,
  type LedgerAccount,
  type LedgerAccountInput,
  type LedgerAccountPatch,
  listAccounts,
  updateAccount,
} from './account.service.ts';
export {
  ACCOUNT_ROLES,
  type AccountRole,
  CHART_TEMPLATES,
  type ChartTemplate,
  templateAccounts,
} from './chart-template.ts';
export {
  allocateMinor,
  convertMinor,
  divideRounded,
  invertRate,
  isRate,
  minorUnitExponent,
  normalizeRate,
} from './fx-conversion.ts';
export {
  createFxRate,
  type EffectiveRate,
  type FxRate,
  type FxRateInput,
  findRateOn,
  getFxRate,
  listFxRates,
  rateOn,
  updateFxRate,
} from './fx-rate.service.ts';
export { fxRateRoutes } from './fx-rates.routes.ts';
export {
  type AccountRef,
  type PostingInput,
  type PostingLine,
  type PostingResult,
  type PostingSource,
  postJournalEntry,
  reverseJournalEntry,
  type SourceKind,
} from './journal.service.ts';
export { getJournalEntry, type JournalEntry, type JournalLine, listJournalEntries } from './journal-query.ts';
export { ledgerRoutes } from './ledger.routes.ts';
export {
  type AccountBalance,
  accountBalance,
  listAccountLines,
  type TrialBalance,
  trialBalance,
} from './ledger-reports.ts';
export { closePeriod, getPeriod, type LedgerPeriod, listPeriods, reopenPeriod } from './period.service.ts';
