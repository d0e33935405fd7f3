import type { HttpModule } from '../../platform/http/index.ts';
import type { ControlPlane } from '../../platform/tenancy/control-plane.ts';
import { brandingRoutes } from './branding.routes.ts';
import { BrandingService } from './branding.service.ts';

export { hostnameOf, type ResolvedBrand, resolveBrand } from './brand-resolution.ts';
export {
  type BrandFields,
  type BrandOwner,
  findBrandOf,
  listBrandHostnames,
  saveBrand,
} from './branding.repo.ts';
export type { BrandInput } from './branding.schema.ts';
export { type AdministeredBrand, BrandingService } from './branding.service.ts';

/** The branding module's routes over the control plane: what `app.ts` registers. */
export function brandingModule(control: ControlPlane): HttpModule {
  return brandingRoutes({ control: control.db, branding: new BrandingService(control) });
}
