import type { HttpModule, WithTenant } from '../../platform/http/index.ts';
import { registerClientRoutes } from './client.routes.ts';
import { registerPortfolioRoutes } from './portfolio.routes.ts';
import { registerPracticeRoutes } from './practice.routes.ts';
import { registerRegionRoutes } from './region.routes.ts';

/** The organization module's segment routes: practices, regions, clients and portfolios. */
export function organizationSegmentRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'organization-segments',
    register(app) {
      registerPracticeRoutes(app, withTenant);
      registerRegionRoutes(app, withTenant);
      registerClientRoutes(app, withTenant);
      registerPortfolioRoutes(app, withTenant);
    },
  };
}
