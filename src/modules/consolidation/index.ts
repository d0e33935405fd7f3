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
  type IntercompanyRecharge,
  listIntercompanyRecharges,
  type RechargeRunInput,
  type RechargeRunResult,
  rechargeMarkup,
  runIntercompanyRecharges,
  setRechargeMarkup,
} from './intercompany-recharge.service.ts';
