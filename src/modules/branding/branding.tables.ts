import type { ColumnType, Generated } from 'kysely';

/** Whose brand it is: the platform, a partner or a tenant. */
export type BrandOwnerKind = 'platform' | 'partner' | 'tenant';

declare module '../../platform/tenancy/control-tables.ts' {
  interface ControlTables {
    brands: {
      id: string;
      owner_kind: BrandOwnerKind;
      partner_id: string | null;
      tenant_id: string | null;
      name: string;
      product_name: string;
      logo: string;
      primary_color: string;
      accent_color: string;
      support_email: string;
      support_url: string | null;
      hostnames: ColumnType<string[], string[], string[]>;
      updated_at: Generated<Date>;
      updated_by: string | null;
    };
    brand_hostnames: { hostname: string; brand_id: string };
  }
}
