import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import {
  defineRoute,
  type HttpModule,
  requireTenantPrincipal,
  type WithTenant,
} from '../../platform/http/index.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import { CreateTenantRoleBody, TenantRoleSchema } from './tenant-role.schema.ts';
import { createTenantRole, listTenantRoles } from './tenant-role.service.ts';

const tags = ['roles'];

/** The roles a tenant assigns: built-in ones and the tenant's own, made from the catalogue. */
export function tenantRoleRoutes(deps: {
  control: Kysely<ControlTables>;
  withTenant: WithTenant;
}): HttpModule {
  return {
    name: 'tenant-roles',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/roles',
        permission: 'read:memberships',
        summary: 'List the roles the tenant can assign: built-in and custom',
        tags,
        schema: {
          response: { 200: Type.Object({ items: Type.Array(TenantRoleSchema), nextCursor: Type.Null() }) },
        },
        handler: async (request) => ({
          items: await listTenantRoles(deps.control, requireTenantPrincipal(request).tenantId),
          nextCursor: null,
        }),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/roles',
        permission: 'write:roles',
        summary: 'Define a tenant role (custom:<slug>) from the tenant permissions of the catalogue',
        tags,
        schema: { body: CreateTenantRoleBody, response: { 201: TenantRoleSchema } },
        handler: async (request, reply) => {
          const role = await createTenantRole(
            deps,
            requireTenantPrincipal(request),
            request.body,
            request.id,
          );
          return reply.code(201).send(role);
        },
      });
    },
  };
}
