import type { AreaRoute } from '../../layout/area-route.ts';
import { ApprovalsPage } from './approvals/approvals-page.tsx';
import { ProjectDetailPage } from './projects/project-detail-page.tsx';
import { ProjectsPage } from './projects/projects-page.tsx';
import { StaffingPage } from './staffing/staffing-page.tsx';
import { TimesheetPage } from './timesheet/timesheet-page.tsx';
import './workspace.css';

/** Firm staff's screens: timesheet, approvals, projects, staffing. */
export const workspaceRoutes: readonly AreaRoute[] = [
  {
    path: '/timesheet',
    surface: 'workspace',
    label: 'My timesheet',
    permission: 'record:time',
    element: <TimesheetPage />,
  },
  {
    path: '/approvals',
    surface: 'workspace',
    label: 'Approvals',
    permission: 'approve:time',
    element: <ApprovalsPage />,
  },
  {
    path: '/projects',
    surface: 'workspace',
    label: 'Projects',
    permission: 'read:projects',
    element: <ProjectsPage />,
  },
  {
    path: '/projects/:id',
    surface: 'workspace',
    permission: 'read:projects',
    element: <ProjectDetailPage />,
  },
  {
    path: '/staffing',
    surface: 'workspace',
    label: 'Staffing',
    permission: 'read:projects',
    element: <StaffingPage />,
  },
];
