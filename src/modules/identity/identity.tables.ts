import type { Generated } from 'kysely';

export type MembershipKind = 'staff' | 'client' | 'partner-admin' | 'platform-operator' | 'support';

declare module '../../platform/tenancy/control-tables.ts' {
  interface ControlTables {
    users: {
      id: string;
      email: string;
      name: string;
      status: Generated<'active' | 'disabled'>;
      created_at: Generated<Date>;
    };
    credentials: { user_id: string; password_hash: string; updated_at: Generated<Date> };
    tenant_roles: {
      tenant_id: string;
      key: string;
      name: string;
      permissions: string[];
      clearance: string;
      created_at: Generated<Date>;
    };
    memberships: {
      id: string;
      user_id: string;
      kind: MembershipKind;
      staff_type: 'employee' | 'subcontractor' | null;
      partner_id: string | null;
      tenant_id: string | null;
      status: Generated<'active' | 'suspended' | 'revoked'>;
      created_at: Generated<Date>;
    };
    membership_roles: { membership_id: string; role_key: string };
    membership_scopes: {
      id: string;
      membership_id: string;
      dimension: string;
      segment_id: string | null;
      valid_from: Date | null;
      valid_until: Date | null;
    };
    sessions: {
      id: string;
      user_id: string;
      membership_id: string;
      refresh_hash: string;
      created_at: Generated<Date>;
      expires_at: Date;
      last_used_at: Generated<Date>;
      revoked_at: Date | null;
      client_address: string | null;
      user_agent: string | null;
    };
    auth_events: {
      id: string;
      occurred_at: Generated<Date>;
      event: string;
      subject: string | null;
      user_id: string | null;
      membership_id: string | null;
      tenant_id: string | null;
      partner_id: string | null;
      client_address: string | null;
      detail: Generated<unknown>;
    };
  }
}
