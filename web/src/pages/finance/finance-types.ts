/** The API's shapes the finance screens read (billing, invoices, reports, revenue). */

export type InvoiceStatus = 'draft' | 'approved' | 'issued' | 'paid' | 'void';
export type InvoiceKind = 'invoice' | 'credit_note';
export type VatCategory = 'S' | 'Z' | 'E' | 'AE' | 'O';

export interface InvoiceLine {
  readonly id: string;
  readonly lineNo: number;
  readonly originKind: 'time' | 'expense' | 'milestone' | 'fee';
  readonly description: string;
  readonly quantity: number;
  readonly unitPriceMinor: number;
  readonly netMinor: number;
  readonly vatCategory: VatCategory;
  readonly vatRate: string;
}

export interface InvoiceAllowance {
  readonly id: string;
  readonly kind: 'allowance' | 'charge';
  readonly reason: string;
  readonly reasonCode: string | null;
  readonly amountMinor: number;
  readonly vatCategory: VatCategory;
  readonly vatRate: string;
}

export interface VatBreakdownRow {
  readonly category: VatCategory;
  readonly rate: string;
  readonly taxableMinor: number;
  readonly vatMinor: number;
}

export interface Invoice {
  readonly id: string;
  readonly kind: InvoiceKind;
  readonly correctsInvoiceId: string | null;
  readonly creditReason: string | null;
  /** A credit note that releases the corrected invoice's work to bill again once issued. */
  readonly rebill: boolean;
  readonly legalEntityId: string;
  readonly clientId: string;
  readonly contractId: string;
  readonly currency: string;
  readonly billingRunId: string | null;
  readonly status: InvoiceStatus;
  readonly number: number | null;
  readonly issueDate: string | null;
  readonly dueDate: string | null;
  readonly lineNetMinor: number;
  readonly allowanceTotalMinor: number;
  readonly chargeTotalMinor: number;
  readonly netMinor: number;
  readonly vatMinor: number;
  readonly grossMinor: number;
  readonly vatExemptionReason: string | null;
  readonly vatExemptionCode: string | null;
  readonly vatBreakdown: readonly VatBreakdownRow[];
  readonly createdAt: string;
  readonly approvedAt: string | null;
  readonly issuedAt: string | null;
  readonly voidedAt: string | null;
  readonly lines: readonly InvoiceLine[];
  readonly allowances: readonly InvoiceAllowance[];
}

export interface BillingRunResult {
  readonly id: string | null;
  readonly dryRun: boolean;
  readonly replayed: boolean;
  readonly invoices: readonly Invoice[];
  readonly preview: readonly {
    /** credit_note: fee credits no invoice can carry, credited on the invoice that billed them. */
    readonly kind: 'invoice' | 'credit_note';
    readonly correctsInvoiceId: string | null;
    readonly contractId: string;
    readonly clientId: string;
    readonly currency: string;
    readonly netMinor: number;
    readonly vatMinor: number;
    readonly grossMinor: number;
  }[];
  readonly unratedTimeEntryIds: readonly string[];
}

/** A billing run as stored: the invoices it drafted that the reader may see, in draft order. */
export interface BillingRun {
  readonly id: string;
  readonly legalEntityId: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly invoiceIds: readonly string[];
  readonly invoiceCount: number;
  readonly createdAt: string;
  readonly createdByMembershipId: string | null;
}

export interface LegalEntity {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly functionalCurrency: string;
  readonly taxId: string | null;
  readonly addressLine: string | null;
  readonly city: string | null;
  readonly postalCode: string | null;
}

export interface Client {
  readonly id: string;
  readonly name: string;
  readonly country: string | null;
  readonly vatId: string | null;
  readonly addressLine: string | null;
  readonly city: string | null;
  readonly postalCode: string | null;
}

export interface Practice {
  readonly id: string;
  readonly name: string;
}

interface UtilizationFigures {
  readonly capacityMinutes: number;
  readonly billableMinutes: number;
  readonly totalMinutes: number;
  readonly utilization: number | null;
}

export interface UtilizationReport {
  readonly from: string;
  readonly to: string;
  readonly basis: string;
  readonly people: readonly (UtilizationFigures & {
    readonly personId: string;
    readonly name: string;
    readonly practiceId: string | null;
  })[];
  readonly practices: readonly (UtilizationFigures & {
    readonly practiceId: string | null;
    readonly people: number;
  })[];
}

export interface MoneyValue {
  readonly amountMinor: number;
  readonly currency: string;
}

export interface ProjectFigures {
  readonly projectId: string;
  readonly code: string;
  readonly name: string;
  readonly currency: string;
  readonly minutes: number;
  readonly billableMinutes: number;
  readonly revenue: MoneyValue;
  readonly unpricedMinutes: number;
  /** Present only with cost clearance (absent, not null, for everyone else). */
  readonly costs?: readonly MoneyValue[];
  readonly margin?: MoneyValue | null;
  readonly marginPercent?: number | null;
}

export interface ProjectReport {
  readonly from: string;
  readonly to: string;
  readonly basis: string;
  readonly projects: readonly ProjectFigures[];
}

export interface RevenueFigures {
  readonly currency: string;
  readonly recognizedMinor: number;
  readonly billedMinor: number;
  readonly unbilledMinor: number;
  readonly deferredMinor: number;
}

export interface RevenueBalances {
  readonly legalEntityId: string;
  readonly asOf: string;
  readonly totals: readonly RevenueFigures[];
}

/** A contract with a client, as the API shows it. */
export interface Contract {
  readonly id: string;
  readonly clientId: string;
  readonly legalEntityId: string;
  readonly name: string;
  readonly currency: string;
  readonly billingModel: 'time_and_materials' | 'fixed_fee' | 'retainer' | 'subscription';
  readonly startsOn: string;
  readonly endsOn: string | null;
  readonly status: 'draft' | 'active' | 'closed';
}

/** A row of a retainer or subscription contract's fee schedule: from `effectiveFrom`, `amount` per `interval`. */
export interface ContractFee {
  readonly id: string;
  readonly revision: number;
  readonly amount: MoneyValue;
  readonly interval: 'month' | 'quarter' | 'year';
  readonly effectiveFrom: string;
  readonly description: string;
}
