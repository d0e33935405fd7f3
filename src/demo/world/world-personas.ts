import type { MembershipKind } from '../../modules/identity/identity.tables.ts';
import type { SegmentDimension } from '../../platform/tenancy/tenant-context.ts';

/** The password of every demo persona (printed by `npm start`; demo only). */
export const DEMO_PASSWORD = 'tessera-demo';

/** A membership of a persona: where, as what, and the segments (by world key) it is scoped to. */
export interface PersonaMembershipSpec {
  readonly kind: MembershipKind;
  readonly staffType?: 'employee' | 'subcontractor';
  /** Tenant slug, partner slug, or nothing for the platform. */
  readonly tenant?: string;
  readonly partner?: string;
  readonly roles: readonly string[];
  /** Dimensions narrowed to these segment keys; every other dimension of a tenant membership is `all`. */
  readonly scope?: Partial<Record<SegmentDimension, readonly string[]>>;
  /** The person record of this membership in the tenant, by key. */
  readonly person?: string;
}

export interface PersonaSpec {
  readonly key: string;
  readonly name: string;
  readonly email: string;
  readonly memberships: readonly PersonaMembershipSpec[];
}

const bp = 'brightpath-consulting';

/** The personas of SCENARIO.md with their memberships and scopes. */
export const PERSONAS: readonly PersonaSpec[] = Object.freeze([
  {
    key: 'maya',
    name: 'Maya Chen',
    email: 'maya.chen@meridian.example',
    memberships: [{ kind: 'platform-operator', roles: ['platform-admin'] }],
  },
  {
    key: 'sam',
    name: 'Sam Ortiz',
    email: 'sam.ortiz@meridian.example',
    memberships: [{ kind: 'support', roles: ['support'] }],
  },
  {
    key: 'ingrid',
    name: 'Ingrid Dahl',
    email: 'ingrid.dahl@atlas.example',
    memberships: [{ kind: 'partner-admin', partner: 'atlas-legal-network', roles: ['partner-admin'] }],
  },
  {
    key: 'lars',
    name: 'Lars Berg',
    email: 'lars.berg@atlas-nordics.example',
    memberships: [{ kind: 'partner-admin', partner: 'atlas-nordics', roles: ['partner-admin'] }],
  },
  {
    key: 'nora',
    name: 'Nora Quinn',
    email: 'nora.quinn@northstar.example',
    memberships: [{ kind: 'partner-admin', partner: 'northstar-erp', roles: ['partner-admin'] }],
  },
  {
    key: 'priya',
    name: 'Priya Raman',
    email: 'priya.raman@brightpath.example',
    memberships: [{ kind: 'staff', tenant: bp, roles: ['tenant-admin'], person: 'priya' }],
  },
  {
    key: 'tom',
    name: 'Tom Becker',
    email: 'tom.becker@brightpath.example',
    memberships: [
      { kind: 'staff', tenant: bp, roles: ['finance'], scope: { legal_entity: ['ltd'] }, person: 'tom' },
    ],
  },
  {
    key: 'elena',
    name: 'Elena Rossi',
    email: 'elena.rossi@brightpath.example',
    memberships: [
      {
        kind: 'staff',
        tenant: bp,
        roles: ['practice-lead'],
        scope: { practice: ['strategy'] },
        person: 'elena',
      },
    ],
  },
  {
    key: 'omar',
    name: 'Omar Haddad',
    email: 'omar.haddad@brightpath.example',
    memberships: [
      {
        kind: 'staff',
        tenant: bp,
        roles: ['project-manager'],
        scope: { portfolio: ['growth'] },
        person: 'omar',
      },
    ],
  },
  {
    key: 'jin',
    name: 'Jin Park',
    email: 'jin.park@brightpath.example',
    memberships: [
      {
        kind: 'staff',
        tenant: bp,
        roles: ['consultant'],
        scope: { practice: ['technology'] },
        person: 'jin',
      },
      {
        kind: 'staff',
        staffType: 'subcontractor',
        tenant: 'kestrel-it-services',
        roles: ['subcontractor'],
        scope: { practice: ['projects'] },
        person: 'jin',
      },
    ],
  },
  {
    key: 'ava',
    name: 'Ava Brooks',
    email: 'ava.brooks@globex.example',
    memberships: [{ kind: 'client', tenant: bp, roles: ['client-approver'], scope: { client: ['globex'] } }],
  },
  {
    key: 'ben',
    name: 'Ben Ito',
    email: 'ben.ito@initech.example',
    memberships: [{ kind: 'client', tenant: bp, roles: ['client-approver'], scope: { client: ['initech'] } }],
  },
  {
    key: 'kari',
    name: 'Kari Nilsen',
    email: 'kari.nilsen@halden.example',
    memberships: [{ kind: 'staff', tenant: 'halden-partners', roles: ['tenant-admin'], person: 'kari' }],
  },
  {
    key: 'rachel',
    name: 'Rachel Green',
    email: 'rachel.green@kestrel.example',
    memberships: [{ kind: 'staff', tenant: 'kestrel-it-services', roles: ['finance'], person: 'rachel' }],
  },
  {
    key: 'dan',
    name: 'Dan Wolfe',
    email: 'dan.wolfe@brightpath.example',
    memberships: [{ kind: 'staff', tenant: bp, roles: ['auditor'] }],
  },
]);
