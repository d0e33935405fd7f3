export {
  type ApprovalChain,
  type ApprovalStep,
  type ApprovalStepInput,
  getApprovalChain,
  replaceApprovalChain,
} from './approval-chain.service.ts';
export { type Decision, decideTimeApproval } from './decide-time-approval.ts';
export { exportTimeEntries } from './export-time-entries.ts';
export { type ImportResult, importTimeEntries } from './import-time-entries.ts';
export { readContractRules, submitTimesheet } from './submit-timesheet.ts';
export { getTimeApproval, listTimeApprovals } from './time-approval.service.ts';
export {
  createTimeEntry,
  deleteTimeEntry,
  getTimeEntry,
  listTimeEntries,
  type TimeEntryInput,
  updateTimeEntry,
} from './time-entry.service.ts';
export { readAssignedTasks, type TaskDirectory } from './time-lookups.ts';
export { closePeriod, listClosedPeriods, reopenPeriod } from './time-period.service.ts';
export type { TimeApproval, TimeEntry, Timesheet } from './time-views.ts';
export { getTimesheet, listMyTimesheets, listTimesheets, openOwnTimesheet } from './timesheet.service.ts';
export { timesheetsRoutes } from './timesheets.routes.ts';
export {
  TIME_APPROVAL_FIELD_CLASSIFICATION,
  TIME_ENTRY_FIELD_CLASSIFICATION,
  TIMESHEET_FIELD_CLASSIFICATION,
} from './timesheets.schema.ts';
