import { Type } from 'typebox';
import { AppError } from '../errors/index.ts';
import { requirePrincipal } from '../http/authorization.ts';
import { defineRoute, type HttpModule, Nullable } from '../http/index.ts';
import type { ControlPlane } from './control-plane.ts';

const tags = ['platform'];

const CellSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  region: Type.String(),
  kind: Type.Union([Type.Literal('pooled'), Type.Literal('dedicated')]),
  status: Type.String(),
});

const TenantSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  slug: Type.String(),
  partnerId: Nullable(Type.String({ format: 'uuid' })),
  status: Type.String(),
  homeRegion: Type.String(),
  isolationTier: Type.String(),
  allowedRegions: Type.Array(Type.String()),
  cell: Nullable(Type.String()),
});

/** The platform console's view of cells and tenants; partner admins see their own subtree's tenants. */
export function tenancyRoutes(control: ControlPlane): HttpModule {
  return {
    name: 'tenancy',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/cells',
        permission: 'read:cells',
        summary: 'List the cells that hold tenant data',
        tags,
        schema: {
          response: { 200: Type.Object({ items: Type.Array(CellSchema), nextCursor: Type.Null() }) },
        },
        handler: async (request) => {
          if (requirePrincipal(request).kind !== 'platform') throw new AppError('FORBIDDEN');
          const cells = await control.listCells();
          return { items: cells.map(({ location: _location, ...cell }) => cell), nextCursor: null };
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/tenants',
        permission: 'read:tenants',
        summary: 'List the tenants you administer',
        tags,
        schema: {
          response: { 200: Type.Object({ items: Type.Array(TenantSchema), nextCursor: Type.Null() }) },
        },
        handler: async (request) => {
          const principal = requirePrincipal(request);
          if (principal.kind === 'tenant') throw new AppError('FORBIDDEN');
          const partners =
            principal.kind === 'partner' ? await control.partnerSubtree(principal.partnerId) : undefined;
          const tenants = await control.listTenantsWithCells(partners);
          return {
            items: tenants.map((tenant) => ({ ...tenant, allowedRegions: [...tenant.allowedRegions] })),
            nextCursor: null,
          };
        },
      });
    },
  };
}
