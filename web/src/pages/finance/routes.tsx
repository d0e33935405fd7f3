import type { AreaRoute } from '../../layout/area-route.ts';
import { BillingPage } from './billing-page.tsx';
import { ContractPage } from './contract-page.tsx';
import { ContractsPage } from './contracts-page.tsx';
import { DashboardsPage } from './dashboards-page.tsx';
import { InvoicePage } from './invoice-page.tsx';
import { InvoicePrintPage } from './invoice-print-page.tsx';
import { InvoicesPage } from './invoices-page.tsx';
import './finance.css';

/** Finance and leadership screens of the workspace: contracts, billing, invoices, dashboards. */
export const financeRoutes: readonly AreaRoute[] = [
  {
    path: '/contracts',
    surface: 'workspace',
    label: 'Contracts',
    permission: 'read:organization',
    element: <ContractsPage />,
  },
  {
    path: '/contracts/:id',
    surface: 'workspace',
    permission: 'read:organization',
    element: <ContractPage />,
  },
  {
    path: '/billing',
    surface: 'workspace',
    label: 'Billing',
    permission: 'run:billing',
    element: <BillingPage />,
  },
  {
    path: '/invoices',
    surface: 'workspace',
    label: 'Invoices',
    permission: 'read:invoices',
    element: <InvoicesPage />,
  },
  { path: '/invoices/:id', surface: 'workspace', permission: 'read:invoices', element: <InvoicePage /> },
  {
    path: '/invoices/:id/print',
    surface: 'workspace',
    permission: 'read:invoices',
    element: <InvoicePrintPage />,
  },
  {
    path: '/dashboards',
    surface: 'workspace',
    label: 'Dashboards',
    permission: 'read:reports',
    element: <DashboardsPage />,
  },
];
