import type { Classification } from '../../platform/tenancy/tenant-context.ts';
import {
  type CataloguedPermission,
  type PermissionRealm,
  permissionsOfRealm,
} from './permission-catalogue.ts';

/** A named set of permissions with the clearance it gives for classified fields. */
export interface RoleDefinition {
  readonly key: string;
  readonly name: string;
  readonly realm: PermissionRealm;
  readonly clearance: Classification;
  readonly permissions: readonly CataloguedPermission[];
}

const TENANT_READ: CataloguedPermission[] = [
  'read:legal-entities',
  'read:organization',
  'read:people',
  'read:projects',
];

/** Finance keeps the books: reads and posts the ledger, closes periods, keeps charts and FX rates. */
const LEDGER_FINANCE: CataloguedPermission[] = [
  'read:ledger',
  'post:ledger',
  'write:ledger-accounts',
  'close:ledger-periods',
  'read:fx-rates',
  'write:fx-rates',
  'read:consolidation',
];

/** Finance bills: runs billing, approves, issues and voids invoices. */
const BILLING_FINANCE: CataloguedPermission[] = [
  'run:billing',
  'read:invoices',
  'approve:invoices',
  'issue:invoices',
  'edit:invoices',
  'credit:invoices',
  'read:tax-settings',
  'write:tax-settings',
];

/** Finance recognizes revenue: defines performance obligations, runs recognition, reads contract balances. */
const REVENUE_FINANCE: CataloguedPermission[] = ['read:revenue', 'run:revenue-recognition'];
/** Finance collects: records payments, allocates them to invoices, voids them. */
const PAYMENTS_FINANCE: CataloguedPermission[] = ['read:payments', 'record:payments'];

/** What everyone who delivers work does: book their own time and expenses. */
const DELIVERY: CataloguedPermission[] = ['record:time', 'record:expenses'];

const role = (
  key: string,
  name: string,
  realm: PermissionRealm,
  clearance: Classification,
  permissions: readonly CataloguedPermission[],
): RoleDefinition =>
  Object.freeze({ key, name, realm, clearance, permissions: Object.freeze([...permissions]) });

/** The roles every installation has. Tenants add their own (`custom:…`) from the catalogue. */
export const BUILT_IN_ROLES: ReadonlyMap<string, RoleDefinition> = new Map(
  [
    role('platform-admin', 'Platform administrator', 'platform', 'internal', [
      'read:cells',
      'write:cells',
      'read:partners',
      'write:partners',
      'read:tenants',
      'write:tenants',
      'write:tenant-admins',
      'read:brand',
      'write:brand',
      'oversee:support-grants',
      'verify:tenant-audit',
    ]),
    role('support', 'Support engineer', 'platform', 'internal', ['request:support-grants']),
    role('partner-admin', 'Partner administrator', 'partner', 'internal', [
      'read:tenants',
      'write:tenants',
      'write:tenant-admins',
      'read:partners',
      'read:brand',
      'write:brand',
    ]),
    // The tenant's own superuser: every tenant permission, restricted clearance. Everyone else
    // can only be granted what the granting administrator holds (tenant-role.service.ts).
    role('tenant-admin', 'Tenant administrator', 'tenant', 'restricted', permissionsOfRealm('tenant')),
    role('finance', 'Finance', 'tenant', 'restricted', [
      ...TENANT_READ,
      'write:legal-entities',
      'write:people',
      'read:cost',
      'write:cost',
      'read:audit',
      'read:time',
      'read:expenses',
      'approve:expenses',
      'import:time',
      'write:time-policy',
      'read:reports',
      ...LEDGER_FINANCE,
      ...BILLING_FINANCE,
      ...REVENUE_FINANCE,
      ...PAYMENTS_FINANCE,
    ]),
    role('practice-lead', 'Practice lead', 'tenant', 'confidential', [
      ...TENANT_READ,
      ...DELIVERY,
      'read:memberships',
      'write:projects',
      'write:staffing',
      'read:time',
      'approve:time',
      'read:expenses',
      'approve:expenses',
      'read:reports',
    ]),
    role('project-manager', 'Project manager', 'tenant', 'internal', [
      ...TENANT_READ,
      ...DELIVERY,
      'write:projects',
      'write:staffing',
      'read:time',
      'approve:time',
      'read:expenses',
      'approve:expenses',
      'read:reports',
    ]),
    role('consultant', 'Consultant', 'tenant', 'internal', [...TENANT_READ, ...DELIVERY]),
    role('subcontractor', 'Subcontractor', 'tenant', 'internal', [
      'read:organization',
      'read:projects',
      ...DELIVERY,
    ]),
    role('client-approver', 'Client approver', 'tenant', 'public', [
      'read:organization',
      'read:projects',
      'read:time',
      'approve:time',
      'read:expenses',
      'approve:expenses',
      'accept:milestones',
      'read:invoices',
    ]),
    role('auditor', 'Auditor', 'tenant', 'confidential', [
      ...TENANT_READ,
      'read:time',
      'read:expenses',
      'read:reports',
      'read:audit',
      'verify:audit',
      'read:memberships',
      'explain:access',
      'read:support-grants',
      'read:api-tokens',
      'read:ledger',
      'read:fx-rates',
      'read:invoices',
      'read:consolidation',
      'read:tax-settings',
    ]),
  ].map((definition) => [definition.key, definition]),
);
