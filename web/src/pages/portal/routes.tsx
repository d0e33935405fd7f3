import { Navigate } from 'react-router';
import type { AreaRoute } from '../../layout/area-route.ts';
import { PortalApprovalsPage } from './portal-approvals-page.tsx';
import { PortalInvoicesPage } from './portal-invoices-page.tsx';
import { PortalProjectPage } from './portal-project-page.tsx';
import { PortalProjectsPage } from './portal-projects-page.tsx';
import './portal.css';

/** The client portal: a client approver's projects, approvals, milestones and invoices. */
export const portalRoutes: readonly AreaRoute[] = [
  // The portal's start: its own path, so that "My projects" is not marked current on every portal page.
  { path: '/portal', surface: 'portal', element: <Navigate to="/portal/projects" replace /> },
  {
    path: '/portal/projects',
    surface: 'portal',
    label: 'My projects',
    permission: 'read:projects',
    element: <PortalProjectsPage />,
  },
  {
    path: '/portal/projects/:id',
    surface: 'portal',
    permission: 'read:projects',
    element: <PortalProjectPage />,
  },
  {
    path: '/portal/approvals',
    surface: 'portal',
    label: 'To approve',
    permission: 'approve:time',
    element: <PortalApprovalsPage />,
  },
  {
    path: '/portal/invoices',
    surface: 'portal',
    label: 'Invoices',
    permission: 'read:invoices',
    element: <PortalInvoicesPage />,
  },
];
