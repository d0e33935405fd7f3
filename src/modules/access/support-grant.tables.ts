import type { ColumnType } from 'kysely';

export type SupportGrantStatus = 'requested' | 'approved' | 'denied' | 'revoked';

declare module '../../platform/tenancy/control-tables.ts' {
  interface ControlTables {
    support_grants: {
      id: string;
      tenant_id: string;
      requested_by: string;
      requester_membership_id: string;
      reason: string;
      scope: ColumnType<unknown, string, string>;
      permissions: string[];
      duration_minutes: number;
      break_glass: boolean;
      status: SupportGrantStatus;
      requested_at: Date;
      decided_by: string | null;
      decided_at: Date | null;
      decision_note: string | null;
      approved_at: Date | null;
      expires_at: Date | null;
      revoked_by: string | null;
      revoked_at: Date | null;
    };
    support_grant_uses: {
      id: string;
      grant_id: string;
      tenant_id: string;
      method: string;
      url: string;
      request_id: string | null;
      used_at: Date;
    };
  }
}
