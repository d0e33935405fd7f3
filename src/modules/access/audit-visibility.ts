import type { AuditVisibility } from '../../platform/audit/audit-visibility.ts';
import { CONTACT_FIELD_CLASSIFICATION } from '../contracts/index.ts';
import { EXPENSE_FIELD_CLASSIFICATION } from '../expenses/index.ts';
import {
  CLIENT_FIELD_CLASSIFICATION,
  PORTFOLIO_FIELD_CLASSIFICATION,
  PRACTICE_FIELD_CLASSIFICATION,
  REGION_FIELD_CLASSIFICATION,
} from '../organization/index.ts';
import {
  MILESTONE_FIELD_CLASSIFICATION,
  PROJECT_FIELD_CLASSIFICATION,
  TASK_FIELD_CLASSIFICATION,
} from '../projects/index.ts';
import { ASSIGNMENT_FIELD_CLASSIFICATION } from '../staffing/index.ts';
import {
  TIME_APPROVAL_FIELD_CLASSIFICATION,
  TIME_ENTRY_FIELD_CLASSIFICATION,
  TIMESHEET_FIELD_CLASSIFICATION,
} from '../timesheets/index.ts';
import { READABLE_RESOURCES } from './readable-resources.ts';

/** Who sees which audit events: the readable resources' tables and the modules' field classifications. */
export const AUDIT_VISIBILITY: AuditVisibility = Object.freeze({
  tables: Object.fromEntries(
    Object.entries(READABLE_RESOURCES).map(([kind, resource]) => [kind, resource.table]),
  ),
  readPermissions: Object.fromEntries(
    Object.entries(READABLE_RESOURCES).map(([kind, resource]) => [kind, resource.permission]),
  ),
  fieldClassification: {
    client: CLIENT_FIELD_CLASSIFICATION,
    practice: PRACTICE_FIELD_CLASSIFICATION,
    region: REGION_FIELD_CLASSIFICATION,
    portfolio: PORTFOLIO_FIELD_CLASSIFICATION,
    contact: CONTACT_FIELD_CLASSIFICATION,
    project: PROJECT_FIELD_CLASSIFICATION,
    project_task: TASK_FIELD_CLASSIFICATION,
    project_milestone: MILESTONE_FIELD_CLASSIFICATION,
    assignment: ASSIGNMENT_FIELD_CLASSIFICATION,
    timesheet: TIMESHEET_FIELD_CLASSIFICATION,
    time_entry: TIME_ENTRY_FIELD_CLASSIFICATION,
    time_approval: TIME_APPROVAL_FIELD_CLASSIFICATION,
    expense: EXPENSE_FIELD_CLASSIFICATION,
  },
});
