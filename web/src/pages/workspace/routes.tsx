import type { AreaRoute } from '../../layout/area-route.ts';

/** Firm staff's screens: timesheet, approvals, projects, staffing. */
export const workspaceRoutes: readonly AreaRoute[] = [];
