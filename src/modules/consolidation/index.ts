export { consolidationRoutes } from './consolidation.routes.ts';
export {
  type ConsolidatedEntity,
  type ConsolidatedReport,
  type ConsolidationQuery,
  consolidate,
} from './consolidation.service.ts';
export {
  type ConsolidationLine,
  type PairElimination,
  translateAndEliminate,
} from './consolidation-math.ts';
export {
  type RechargeRunInput,
  type RechargeRunResult,
  runIntercompanyRecharges,
} from './intercompany-recharge.service.ts';
export { type IntercompanyRecharge, listIntercompanyRecharges } from './intercompany-recharge-query.ts';
export { rechargeMarkup, setRechargeMarkup } from './intercompany-settings.service.ts';
