import type { AreaRoute } from '../../layout/area-route.ts';
import { AuditPage } from './audit-page.tsx';
import { BrandPage } from './brand-page.tsx';
import { CellsPage } from './cells-page.tsx';
import { PartnersPage } from './partners-page.tsx';
import { SupportGrantsPage } from './support-grants-page.tsx';
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
  {
    path: '/platform/support-grants',
    surface: 'platform',
    label: 'Support grants',
    permission: 'request:support-grants',
    element: <SupportGrantsPage />,
  },
  {
    path: '/platform/audit',
    surface: 'platform',
    label: 'Audit verification',
    permission: 'request:support-grants',
    element: <AuditPage />,
  },
];
