export {
  type CostedProjectFigures,
  type ProjectFigures,
  type ProjectReport,
  projectReport,
  projectStatement,
} from './project-margin.report.ts';
export { BASIS, COUNTED_STATUSES, MAX_PERIOD_DAYS, type ReportPeriod } from './report-period.ts';
export { reportsRoutes, seesCost } from './reports.routes.ts';
export {
  type PersonUtilization,
  type PracticeUtilization,
  type UtilizationReport,
  utilizationReport,
  utilizationStatement,
} from './utilization.report.ts';
