import type { AreaRoute } from '../../layout/area-route.ts';

/** Partner and platform consoles: tenants, brands, admins, partners, cells, support grants, audit. */
export const consoleRoutes: readonly AreaRoute[] = [];
