import type { AreaRoute } from '../../layout/area-route.ts';

/** Finance and leadership screens of the workspace: billing, invoices, dashboards. */
export const financeRoutes: readonly AreaRoute[] = [];
