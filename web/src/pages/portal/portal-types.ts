import type { Money } from '../../ui/format.ts';

/** A project of the client, as `GET /api/v1/projects` answers it to a client approver. */
export interface PortalProject {
  readonly id: string;
  readonly clientId: string;
  readonly code: string;
  readonly name: string;
  readonly status: string;
  readonly currency: string;
  readonly startsOn: string | null;
  readonly endsOn: string | null;
}

/** A milestone the client accepts or rejects once the firm marks it ready. */
export interface PortalMilestone {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly amount: Money | null;
  readonly dueOn: string | null;
  readonly status: 'planned' | 'ready' | 'accepted' | 'rejected' | string;
  readonly decidedAt: string | null;
  readonly decisionNote: string | null;
}

/** One project's share of a submitted week, waiting at some approval step. */
export interface TimeApprovalStep {
  readonly id: string;
  readonly timesheetId: string;
  readonly weekStartsOn: string;
  readonly projectId: string;
  readonly approver: string;
  readonly minutes: number;
  readonly status: 'pending' | 'approved' | 'rejected' | 'cancelled' | string;
  readonly decidableByMe: boolean;
  readonly reason: string | null;
  readonly decidedAt: string | null;
}

/** A booked time entry, as the client sees it (no rates, no cost). */
export interface PortalTimeEntry {
  readonly id: string;
  readonly timesheetId: string;
  readonly projectId: string;
  readonly date: string;
  readonly minutes: number;
  readonly billable: boolean;
  readonly note: string | null;
  readonly status: string;
}

/** An expense booked on the client's project. */
export interface PortalExpense {
  readonly id: string;
  readonly projectId: string;
  readonly incurredOn: string;
  readonly category: string;
  readonly amount: Money;
  readonly description: string | null;
  readonly rebillable: boolean;
  readonly status: string;
  readonly awaiting: string | null;
  readonly rejectionReason: string | null;
}

/** An invoice or credit note addressed to the client. */
export interface PortalInvoice {
  readonly id: string;
  readonly kind: 'invoice' | 'credit_note' | string;
  readonly number: number | null;
  readonly status: string;
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  readonly currency: string;
  readonly netMinor: number | string;
  readonly vatMinor: number | string;
  readonly grossMinor: number | string;
  readonly lines: readonly {
    readonly id: string;
    readonly lineNo: number;
    readonly description: string;
    readonly quantity: number | string;
    readonly netMinor: number | string;
  }[];
}
