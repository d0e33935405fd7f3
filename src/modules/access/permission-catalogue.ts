import type { Permission } from '../../platform/auth/principal.ts';

/** Where a permission can be held: in a tenant, in a partner's subtree, on the platform, or by any signed-in session. */
export type PermissionRealm = 'tenant' | 'partner' | 'platform' | 'session';

/**
 * Every permission Tessera knows, with its realm and what it allows. Routes may only declare
 * permissions from here (a test checks it), and tenants build their own roles from the tenant
 * part of it.
 */
export const PERMISSION_CATALOGUE = Object.freeze({
  'use:session': {
    realm: 'session',
    allows: 'see and end your own session, switch membership (every signed-in user)',
  },
  'read:legal-entities': { realm: 'tenant', allows: 'see legal entities in scope' },
  'write:legal-entities': { realm: 'tenant', allows: 'create and change legal entities' },
  'read:organization': { realm: 'tenant', allows: 'see practices, regions, clients and portfolios in scope' },
  'write:organization': {
    realm: 'tenant',
    allows: 'create and change practices, regions, clients and portfolios',
  },
  'read:audit': { realm: 'tenant', allows: "read the tenant's audit log" },
  'verify:audit': { realm: 'tenant', allows: "verify the tenant's audit chain" },
  'read:memberships': { realm: 'tenant', allows: "see the tenant's memberships, roles and scopes" },
  'write:memberships': {
    realm: 'tenant',
    allows: 'invite people, change their roles and scopes, revoke access',
  },
  'write:roles': { realm: 'tenant', allows: "define the tenant's own roles" },
  'explain:access': { realm: 'tenant', allows: 'list who can read a record and why' },
  'read:api-tokens': { realm: 'tenant', allows: 'see API tokens' },
  'write:api-tokens': { realm: 'tenant', allows: 'create and revoke API tokens' },
  'approve:support-grants': { realm: 'tenant', allows: 'approve, deny and revoke support access' },
  'read:support-grants': { realm: 'tenant', allows: 'see support grants of the tenant' },
  'read:people': { realm: 'tenant', allows: 'see people (employees and subcontractors) in scope' },
  'write:people': { realm: 'tenant', allows: 'add and change people' },
  'read:cost': {
    realm: 'tenant',
    allows: 'see cost rates, salaries and margins (with restricted clearance)',
  },
  'write:cost': { realm: 'tenant', allows: 'set cost rates and salaries' },
  'read:projects': {
    realm: 'tenant',
    allows: 'see projects, their tasks, milestones and staffing in scope',
  },
  'write:projects': { realm: 'tenant', allows: 'create and change projects, tasks and milestones' },
  'write:staffing': { realm: 'tenant', allows: 'assign people to projects and change assignments' },
  'accept:milestones': { realm: 'tenant', allows: "accept or reject a project's milestones (client)" },
  'record:time': { realm: 'tenant', allows: 'fill in and submit your own timesheets' },
  'read:time': { realm: 'tenant', allows: 'see the timesheets and time entries in scope' },
  'approve:time': {
    realm: 'tenant',
    allows: 'approve or reject submitted time where an approval step names you',
  },
  'import:time': { realm: 'tenant', allows: 'import time entries from CSV for the people in scope' },
  'write:time-policy': {
    realm: 'tenant',
    allows: "configure the tenant's time approval rules, close and reopen time periods",
  },
  'record:expenses': { realm: 'tenant', allows: 'record and submit your own expenses' },
  'read:expenses': { realm: 'tenant', allows: 'see the expenses in scope' },
  'approve:expenses': { realm: 'tenant', allows: 'approve or reject submitted expenses in scope' },
  'read:reports': {
    realm: 'tenant',
    allows: 'see utilization and project reports in scope (cost and margin also need read:cost)',
  },
  'read:ledger': {
    realm: 'tenant',
    allows: 'see the ledger of the legal entities in scope: accounts, journal, periods, trial balance',
  },
  'post:ledger': { realm: 'tenant', allows: 'post manual journal entries and reverse entries' },
  'write:ledger-accounts': {
    realm: 'tenant',
    allows: 'create charts of accounts from a template, add, rename and deactivate accounts',
  },
  'close:ledger-periods': { realm: 'tenant', allows: 'close and reopen ledger periods' },
  'read:fx-rates': { realm: 'tenant', allows: "see the tenant's FX rates" },
  'read:consolidation': {
    realm: 'tenant',
    allows:
      'see the consolidated report across the legal entities in scope, in a reporting currency, with eliminations',
  },
  'write:fx-rates': { realm: 'tenant', allows: "record and correct the tenant's FX rates" },
  'run:billing': {
    realm: 'tenant',
    allows: 'run billing for a legal entity and period in scope: draft invoices from approved, unbilled work',
  },
  'read:invoices': { realm: 'tenant', allows: 'see the invoices in scope, with their lines' },
  'approve:invoices': { realm: 'tenant', allows: 'approve draft invoices in scope, and void drafts' },
  'issue:invoices': {
    realm: 'tenant',
    allows: 'issue approved invoices in scope: number them and post them',
  },
  'read:revenue': {
    realm: 'tenant',
    allows:
      'see performance obligations, revenue schedules and contract balances (unbilled, deferred) in scope',
  },
  'run:revenue-recognition': {
    realm: 'tenant',
    allows: 'define performance obligations and run revenue recognition for a legal entity in scope',
  },
  'edit:invoices': {
    realm: 'tenant',
    allows: 'add and remove document level allowances and charges on draft invoices in scope',
  },
  'credit:invoices': {
    realm: 'tenant',
    allows: 'draft credit notes of issued invoices in scope (approved and issued like invoices)',
  },
  'read:tax-settings': { realm: 'tenant', allows: 'see the VAT settings of the legal entities in scope' },
  'write:tax-settings': {
    realm: 'tenant',
    allows: "set the VAT settings of the legal entities in scope and their clients' treatments",
  },
  'read:payments': { realm: 'tenant', allows: 'see the payments in scope, with their allocations' },
  'record:payments': {
    realm: 'tenant',
    allows: 'record payments in scope (posted to the ledger), allocate them to issued invoices, void them',
  },
  'read:tenants': { realm: 'partner', allows: 'see the tenants in your subtree' },
  'write:tenants': { realm: 'partner', allows: 'create, suspend and configure tenants in your subtree' },
  'write:tenant-admins': {
    realm: 'partner',
    allows: "manage the admin memberships of your subtree's tenants",
  },
  'read:brand': { realm: 'partner', allows: 'see the brands of the partners and tenants in your subtree' },
  'write:brand': {
    realm: 'partner',
    allows:
      'replace the brands (look, support contact, host names) of the partners and tenants in your subtree',
  },
  'read:cells': { realm: 'platform', allows: 'see cells and placements' },
  'write:cells': { realm: 'platform', allows: 'register cells' },
  'read:partners': {
    realm: 'partner',
    allows: 'see the partners of your subtree (all of them on the platform)',
  },
  'write:partners': { realm: 'platform', allows: 'create and suspend partners' },
  'request:support-grants': { realm: 'platform', allows: 'ask a tenant for time-boxed support access' },
  'oversee:support-grants': {
    realm: 'platform',
    allows: "see every tenant's support grants and end any of them at once (the tenant still decides)",
  },
  'verify:tenant-audit': {
    realm: 'platform',
    allows: "verify any tenant's audit hash chain (the result only, never an event)",
  },
} satisfies Record<Permission, { realm: PermissionRealm; allows: string }>);

export type CataloguedPermission = keyof typeof PERMISSION_CATALOGUE;

/** True for a permission in the catalogue. */
export function isCataloguedPermission(permission: string): permission is CataloguedPermission {
  return Object.hasOwn(PERMISSION_CATALOGUE, permission);
}

/** The catalogued permissions of a realm. */
export function permissionsOfRealm(realm: PermissionRealm): CataloguedPermission[] {
  return (Object.keys(PERMISSION_CATALOGUE) as CataloguedPermission[]).filter(
    (permission) => PERMISSION_CATALOGUE[permission].realm === realm,
  );
}
