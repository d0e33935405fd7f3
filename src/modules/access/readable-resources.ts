import type { Permission } from '../../platform/auth/principal.ts';
import type { SegmentDimension } from '../../platform/tenancy/tenant-context.ts';

/** A kind of record whose readers can be explained: its table, read permission and segment columns. */
export interface ReadableResource {
  readonly table: string;
  readonly permission: Permission;
  /** Segment dimension → the column of the row that carries it ('id' when the row is the segment). */
  readonly segments: Readonly<Partial<Record<SegmentDimension, string>>>;
  /** The clearance a reader needs for the row to exist for them at all (payroll-linked tables). */
  readonly clearance?: 'restricted';
}

/** The segments a project carries, and its tasks, milestones and assignments with it. */
const PROJECT_SEGMENTS = Object.freeze({
  legal_entity: 'legal_entity_id',
  practice: 'practice_id',
  client: 'client_id',
  region: 'region_id',
  portfolio: 'portfolio_id',
} as const);

/** The records `who can see this?` answers for. A new readable table of a module belongs here. */
export const READABLE_RESOURCES: Readonly<Record<string, ReadableResource>> = Object.freeze({
  legal_entity: {
    table: 'legal_entities',
    permission: 'read:legal-entities',
    segments: { legal_entity: 'id' },
  },
  practice: { table: 'practices', permission: 'read:organization', segments: { practice: 'id' } },
  region: { table: 'regions', permission: 'read:organization', segments: { region: 'id' } },
  client: {
    table: 'clients',
    permission: 'read:organization',
    segments: { client: 'id', legal_entity: 'legal_entity_id', region: 'region_id' },
  },
  portfolio: { table: 'portfolios', permission: 'read:organization', segments: { portfolio: 'id' } },
  person: {
    table: 'people',
    permission: 'read:people',
    segments: { legal_entity: 'legal_entity_id', practice: 'practice_id' },
  },
  person_cost_rate: {
    table: 'person_cost_rates',
    permission: 'read:cost',
    segments: { legal_entity: 'legal_entity_id' },
    clearance: 'restricted',
  },
  contact: {
    table: 'contacts',
    permission: 'read:organization',
    segments: { client: 'client_id', legal_entity: 'legal_entity_id', region: 'region_id' },
  },
  contract: {
    table: 'contracts',
    permission: 'read:organization',
    segments: {
      legal_entity: 'legal_entity_id',
      practice: 'practice_id',
      client: 'client_id',
      region: 'region_id',
    },
  },
  // A tenant default card (contract_id NULL) has no segments: its policies let every member see it.
  rate_card: {
    table: 'rate_cards',
    permission: 'read:organization',
    segments: {
      legal_entity: 'legal_entity_id',
      practice: 'practice_id',
      client: 'client_id',
      region: 'region_id',
    },
  },
  // ---- Delivery: projects and staffing ----
  project: { table: 'projects', permission: 'read:projects', segments: PROJECT_SEGMENTS },
  project_task: { table: 'project_tasks', permission: 'read:projects', segments: PROJECT_SEGMENTS },
  project_milestone: { table: 'project_milestones', permission: 'read:projects', segments: PROJECT_SEGMENTS },
  // Also visible to the assigned person's own membership, whatever its scope (the policies' own branch).
  assignment: { table: 'assignments', permission: 'read:projects', segments: PROJECT_SEGMENTS },
  // ---- Time (timesheets module) ----
  // A timesheet carries its person's entity and practice (client, region and portfolio scopes must
  // be unrestricted); entries and approval steps carry their project's segments. Each is also
  // visible to its own person's membership, whatever their scope.
  timesheet: {
    table: 'timesheets',
    permission: 'read:time',
    segments: { legal_entity: 'person_legal_entity_id', practice: 'person_practice_id' },
  },
  time_entry: {
    table: 'time_entries',
    permission: 'read:time',
    segments: {
      legal_entity: 'legal_entity_id',
      practice: 'practice_id',
      client: 'client_id',
      region: 'region_id',
      portfolio: 'portfolio_id',
    },
  },
  time_approval: {
    table: 'time_approvals',
    permission: 'read:time',
    segments: {
      legal_entity: 'legal_entity_id',
      practice: 'practice_id',
      client: 'client_id',
      region: 'region_id',
      portfolio: 'portfolio_id',
    },
  },
  // The ledger: each record carries its legal entity; FX rates are tenant-wide.
  ledger_account: {
    table: 'ledger_accounts',
    permission: 'read:ledger',
    segments: { legal_entity: 'legal_entity_id' },
  },
  journal_entry: {
    table: 'journal_entries',
    permission: 'read:ledger',
    segments: { legal_entity: 'legal_entity_id' },
  },
  ledger_period: {
    table: 'ledger_periods',
    permission: 'read:ledger',
    segments: { legal_entity: 'legal_entity_id' },
  },
  fx_rate: { table: 'fx_rates', permission: 'read:fx-rates', segments: {} },
  // Expenses carry their project's segments; their spender also sees their own (the policies'
  // own-record branch by membership), which `explain` reports through the same row-level security.
  expense: {
    table: 'expenses',
    permission: 'read:expenses',
    segments: {
      legal_entity: 'legal_entity_id',
      practice: 'practice_id',
      client: 'client_id',
      region: 'region_id',
      portfolio: 'portfolio_id',
    },
  },
  // Billing: an invoice and its run carry the contract's segments (a run only its legal entity).
  invoice: {
    table: 'invoices',
    permission: 'read:invoices',
    segments: {
      legal_entity: 'legal_entity_id',
      practice: 'practice_id',
      client: 'client_id',
      region: 'region_id',
    },
  },
  // A contract's recurring fee carries the contract's segments.
  contract_fee: {
    table: 'contract_fees',
    permission: 'read:organization',
    segments: {
      legal_entity: 'legal_entity_id',
      practice: 'practice_id',
      client: 'client_id',
      region: 'region_id',
    },
  },
  // Revenue: an obligation carries its contract's segments, a recognition run its legal entity.
  performance_obligation: {
    table: 'performance_obligations',
    permission: 'read:revenue',
    segments: {
      legal_entity: 'legal_entity_id',
      practice: 'practice_id',
      client: 'client_id',
      region: 'region_id',
    },
  },
  revenue_recognition_run: {
    table: 'revenue_recognition_runs',
    permission: 'read:revenue',
    segments: { legal_entity: 'legal_entity_id' },
  },
  // A payment carries its client's legal entity, client and region.
  payment: {
    table: 'payments',
    permission: 'read:payments',
    segments: { legal_entity: 'legal_entity_id', client: 'client_id', region: 'region_id' },
  },
  billing_run: {
    table: 'billing_runs',
    permission: 'read:invoices',
    segments: { legal_entity: 'legal_entity_id' },
  },
});
