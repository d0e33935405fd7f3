import type { AreaRoute } from '../../layout/area-route.ts';

/** The client portal: a client approver's projects, approvals, milestones and invoices. */
export const portalRoutes: readonly AreaRoute[] = [];
