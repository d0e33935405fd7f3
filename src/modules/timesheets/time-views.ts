import type { Selectable } from 'kysely';
import { type Projected, projectFields } from '../../platform/auth/field-projection.ts';
import type { Classification } from '../../platform/tenancy/tenant-context.ts';
import {
  TIME_APPROVAL_FIELD_CLASSIFICATION,
  TIME_ENTRY_FIELD_CLASSIFICATION,
  TIMESHEET_FIELD_CLASSIFICATION,
} from './timesheets.schema.ts';
import type {
  ApprovalStatus,
  ApproverKind,
  BillingState,
  TimeApprovalTable,
  TimeEntryTable,
  TimeStatus,
  TimesheetTable,
} from './timesheets.tables.ts';

/** A block of work as the API shows it (before masking by clearance). */
export interface TimeEntry {
  readonly id: string;
  readonly timesheetId: string;
  readonly weekStartsOn: string;
  readonly personId: string;
  readonly personLegalEntityId: string;
  readonly assignmentId: string;
  readonly projectId: string;
  readonly taskId: string | null;
  readonly contractId: string;
  readonly clientId: string;
  readonly legalEntityId: string;
  readonly practiceId: string;
  readonly regionId: string | null;
  readonly portfolioId: string | null;
  readonly currency: string;
  readonly date: string;
  readonly minutes: number;
  readonly billable: boolean;
  readonly note: string | null;
  readonly internalNote: string | null;
  readonly intercompany: boolean;
  readonly status: TimeStatus;
  readonly approvedAt: string | null;
  readonly billingState: BillingState;
  readonly invoiceId: string | null;
  readonly invoiceLineId: string | null;
  readonly billedAt: string | null;
  readonly writeOffReason: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type TimeEntryView = Projected<TimeEntry, typeof TIME_ENTRY_FIELD_CLASSIFICATION>;

/** A person's week. `totalMinutes` counts the entries the reader can see. */
export interface Timesheet {
  readonly id: string;
  readonly personId: string;
  readonly personLegalEntityId: string;
  readonly personPracticeId: string | null;
  readonly weekStartsOn: string;
  readonly status: TimeStatus;
  readonly round: number;
  readonly submittedAt: string | null;
  readonly decidedAt: string | null;
  readonly rejectionReason: string | null;
  readonly totalMinutes: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type TimesheetView = Projected<Timesheet, typeof TIMESHEET_FIELD_CLASSIFICATION>;
export type TimesheetWithEntries = TimesheetView & { readonly entries: TimeEntryView[] };

/** One step of one project's approval of a submitted week. */
export interface TimeApproval {
  readonly id: string;
  readonly timesheetId: string;
  readonly round: number;
  readonly position: number;
  readonly approver: ApproverKind;
  readonly personId: string | null;
  readonly weekStartsOn: string | null;
  readonly projectId: string;
  readonly contractId: string;
  readonly clientId: string;
  readonly legalEntityId: string;
  readonly practiceId: string;
  readonly regionId: string | null;
  readonly portfolioId: string | null;
  readonly currency: string;
  readonly minutes: number;
  readonly weekMinutes: number;
  readonly status: ApprovalStatus;
  readonly decidedAt: string | null;
  readonly decidedByMembershipId: string | null;
  readonly reason: string | null;
  readonly decidableByMe: boolean;
  readonly createdAt: string;
}

export type TimeApprovalView = Projected<TimeApproval, typeof TIME_APPROVAL_FIELD_CLASSIFICATION>;

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

export function presentEntry(row: Selectable<TimeEntryTable>): TimeEntry {
  return {
    id: row.id,
    timesheetId: row.timesheet_id,
    weekStartsOn: row.week_starts_on,
    personId: row.person_id,
    personLegalEntityId: row.person_legal_entity_id,
    assignmentId: row.assignment_id,
    projectId: row.project_id,
    taskId: row.task_id,
    contractId: row.contract_id,
    clientId: row.client_id,
    legalEntityId: row.legal_entity_id,
    practiceId: row.practice_id,
    regionId: row.region_id,
    portfolioId: row.portfolio_id,
    currency: row.currency,
    date: row.work_date,
    minutes: row.minutes,
    billable: row.billable,
    note: row.note,
    internalNote: row.internal_note,
    intercompany: row.intercompany,
    status: row.status,
    approvedAt: iso(row.approved_at),
    billingState: row.billing_state,
    invoiceId: row.invoice_id,
    invoiceLineId: row.invoice_line_id,
    billedAt: iso(row.billed_at),
    writeOffReason: row.write_off_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function entryView(entry: TimeEntry, clearance: Classification): TimeEntryView {
  return projectFields(entry, TIME_ENTRY_FIELD_CLASSIFICATION, clearance);
}

export function presentTimesheet(row: Selectable<TimesheetTable>, totalMinutes: number): Timesheet {
  return {
    id: row.id,
    personId: row.person_id,
    personLegalEntityId: row.person_legal_entity_id,
    personPracticeId: row.person_practice_id,
    weekStartsOn: row.week_starts_on,
    status: row.status,
    round: row.round,
    submittedAt: iso(row.submitted_at),
    decidedAt: iso(row.decided_at),
    rejectionReason: row.rejection_reason,
    totalMinutes,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function timesheetView(timesheet: Timesheet, clearance: Classification): TimesheetView {
  return projectFields(timesheet, TIMESHEET_FIELD_CLASSIFICATION, clearance);
}

export type ApprovalRow = Selectable<TimeApprovalTable> & {
  readonly person_id: string | null;
  readonly week_starts_on: string | null;
  readonly decidable: boolean;
};

export function presentApproval(row: ApprovalRow): TimeApproval {
  return {
    id: row.id,
    timesheetId: row.timesheet_id,
    round: row.round,
    position: row.position,
    approver: row.approver,
    personId: row.person_id,
    weekStartsOn: row.week_starts_on,
    projectId: row.project_id,
    contractId: row.contract_id,
    clientId: row.client_id,
    legalEntityId: row.legal_entity_id,
    practiceId: row.practice_id,
    regionId: row.region_id,
    portfolioId: row.portfolio_id,
    currency: row.currency,
    minutes: row.minutes,
    weekMinutes: row.week_minutes,
    status: row.status,
    decidedAt: iso(row.decided_at),
    decidedByMembershipId: row.decided_by_membership_id,
    reason: row.reason,
    decidableByMe: row.decidable,
    createdAt: row.created_at.toISOString(),
  };
}

export function approvalView(approval: TimeApproval, clearance: Classification): TimeApprovalView {
  return projectFields(approval, TIME_APPROVAL_FIELD_CLASSIFICATION, clearance);
}

/** A record for the audit log: the fields, without the timestamps. */
export function auditRecord(record: object): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...fields } = record as Record<string, unknown>;
  return fields;
}

/** An entry as events carry it: nothing above internal (no internal note). */
export function entryEvent(entry: TimeEntry): Record<string, unknown> {
  return { entry: projectFields(entry, TIME_ENTRY_FIELD_CLASSIFICATION, 'internal') };
}
