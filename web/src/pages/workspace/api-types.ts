import type { Money } from '../../ui/format.ts';

/** The shapes of the API answers the workspace reads (fields the screens use). */

export type TimeStatus = 'draft' | 'submitted' | 'approved' | 'rejected';

export interface TimeEntry {
  readonly id: string;
  readonly timesheetId: string;
  readonly projectId: string;
  readonly taskId: string | null;
  readonly date: string;
  readonly minutes: number;
  readonly note: string | null;
  readonly status: TimeStatus;
}

export interface Timesheet {
  readonly id: string;
  readonly personId: string;
  readonly weekStartsOn: string;
  readonly status: TimeStatus;
  readonly round: number;
  readonly submittedAt: string | null;
  readonly rejectionReason: string | null;
  readonly totalMinutes: number;
  readonly entries: TimeEntry[];
}

export interface Assignment {
  readonly id: string;
  readonly projectId: string;
  readonly personId: string;
  readonly role: string | null;
  readonly allocationPercent?: number;
  readonly startsOn: string;
  readonly endsOn: string;
}

export interface Person {
  readonly id: string;
  readonly name: string;
  readonly membershipId: string | null;
  readonly practiceId: string | null;
  readonly role: string | null;
}

export interface Project {
  readonly id: string;
  readonly clientId: string;
  readonly code: string;
  readonly name: string;
  readonly status: 'planned' | 'active' | 'on_hold' | 'completed' | 'cancelled';
  readonly startsOn: string;
  readonly endsOn: string | null;
  readonly managerPersonId?: string | null;
  readonly budgetMinutes?: number | null;
  readonly budget?: Money | null;
  readonly currency: string;
}

export interface Task {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly status: 'open' | 'closed';
}

export interface Client {
  readonly id: string;
  readonly name: string;
}

export interface Milestone {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly amount: Money;
  readonly dueOn: string;
  readonly status: 'planned' | 'ready' | 'accepted' | 'rejected';
  readonly decisionNote: string | null;
}

export interface TimeApproval {
  readonly id: string;
  readonly timesheetId: string;
  readonly round: number;
  readonly position: number;
  readonly reason: string | null;
  readonly decidedAt: string | null;
  readonly approver: 'project_manager' | 'practice_lead' | 'client';
  readonly personId: string | null;
  readonly weekStartsOn: string | null;
  readonly projectId: string;
  readonly minutes: number;
  readonly status: 'pending' | 'approved' | 'rejected' | 'cancelled';
  readonly decidableByMe: boolean;
}

export interface Expense {
  readonly id: string;
  readonly personId: string;
  readonly projectId: string;
  readonly incurredOn: string;
  readonly category: string;
  readonly amount: Money;
  readonly description: string | null;
  readonly awaiting: string | null;
}

export interface ProjectFigures {
  readonly projectId: string;
  readonly minutes: number;
  readonly billableMinutes: number;
  readonly revenue: Money;
}

export interface ProjectReport {
  readonly from: string;
  readonly to: string;
  readonly basis: string;
  readonly projects: ProjectFigures[];
}

export type Load = 'over' | 'under' | 'ok';

export interface StaffingView {
  readonly from: string;
  readonly weeks: number;
  readonly thresholds: { readonly overAbovePercent: number; readonly underBelowPercent: number };
  readonly items: {
    readonly personId: string;
    readonly name: string;
    readonly capacityMinutesPerWeek: number;
    readonly weeks: {
      readonly week: string;
      readonly startsOn: string;
      readonly capacityMinutes: number;
      readonly allocatedMinutes: number;
      readonly load: Load;
    }[];
  }[];
  readonly nextCursor: string | null;
}
