import type { AreaRoute } from '../../layout/area-route.ts';
import { AuditPage } from './audit-page.tsx';
import { BrandPage } from './brand-page.tsx';
import { CellsPage } from './cells-page.tsx';
import { GrantQueuePage } from './grant-queue-page.tsx';
import { PartnersPage } from './partners-page.tsx';
import { SupportGrantsPage } from './support-grants-page.tsx';
import { TenantAuditPage } from './tenant-audit-page.tsx';
import { TenantPage } from './tenant-page.tsx';
import { TenantsPage } from './tenants-page.tsx';
import './consoles.css';

/** Partner and platform consoles: tenants, brands, admins, partners, cells, support grants, audit. */
export const consoleRoutes: readonly AreaRoute[] = [
  {
    path: '/partner/tenants',
    surface: 'partner',
    label: 'Tenants',
    permission: 'read:tenants',
    element: <TenantsPage base="/partner" />,
  },
  { path: '/partner/tenants/:id', surface: 'partner', permission: 'read:tenants', element: <TenantPage /> },
  {
    path: '/partner/brand',
    surface: 'partner',
    label: 'Brand',
    permission: 'read:brand',
    element: <BrandPage />,
  },
  {
    path: '/platform/partners',
    surface: 'platform',
    label: 'Partners',
    permission: 'read:partners',
    element: <PartnersPage />,
  },
  {
    path: '/platform/tenants',
    surface: 'platform',
    label: 'Tenants',
    permission: 'read:tenants',
    element: <TenantsPage base="/platform" />,
  },
  { path: '/platform/tenants/:id', surface: 'platform', permission: 'read:tenants', element: <TenantPage /> },
  {
    path: '/platform/cells',
    surface: 'platform',
    label: 'Cells',
    permission: 'read:cells',
    element: <CellsPage />,
  },
  {
    path: '/platform/brand',
    surface: 'platform',
    label: 'Brand',
    permission: 'write:brand',
    element: <BrandPage />,
  },
  // The platform's operators: every tenant's support grants, and any tenant's audit chain.
  {
    path: '/platform/support-grants',
    surface: 'platform',
    label: 'Support grants',
    permission: 'oversee:support-grants',
    element: <GrantQueuePage />,
  },
  {
    path: '/platform/audit',
    surface: 'platform',
    label: 'Audit',
    permission: 'verify:tenant-audit',
    element: <TenantAuditPage />,
  },
  // A support engineer: their own requests, and verification under their own grants.
  {
    path: '/platform/my-support-grants',
    surface: 'platform',
    label: 'Support grants',
    permission: 'request:support-grants',
    element: <SupportGrantsPage />,
  },
  {
    path: '/platform/my-audit',
    surface: 'platform',
    label: 'Audit verification',
    permission: 'request:support-grants',
    element: <AuditPage />,
  },
];
