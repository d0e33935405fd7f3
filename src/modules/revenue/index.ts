export {
  type ContractBalanceMove,
  contractBalanceCredits,
} from './contract-balance.ts';
export {
  type DefineObligationsInput,
  defineObligations,
  listObligations,
  OBLIGATION_KINDS,
  type ObligationInput,
  type ObligationKind,
  type PerformanceObligation,
} from './obligation.service.ts';
export {
  allocateByStandalonePrice,
  percentCompleteCumulative,
  ratableCumulative,
  ratableSchedule,
  splitContractBalance,
  timeValue,
} from './recognition-math.ts';
export {
  type Recognition,
  type RecognitionRunInput,
  type RecognitionRunResult,
  runRecognition,
} from './recognition-run.service.ts';
export { revenueRoutes } from './revenue.routes.ts';
export {
  type ContractRevenueBalance,
  type ObligationSchedule,
  type RevenueBalances,
  revenueBalances,
  revenueSchedules,
  type ScheduleLine,
} from './revenue-reports.ts';
