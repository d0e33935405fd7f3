import { Type } from 'typebox';
import { defineRoute, type HttpModule, IdParams, requirePrincipal } from '../../platform/http/index.ts';
import {
  AddTenantAdminBody,
  AdministeredTenantSchema,
  CreateTenantBody,
  TenantAdminParams,
} from './delegation.schema.ts';
import type { DelegationService } from './delegation.service.ts';
import { InvitedSchema, MembershipSchema } from './membership-admin.schema.ts';

const tags = ['tenants'];
const present = <T extends { allowedRegions: readonly string[] }>(tenant: T) => ({
  ...tenant,
  allowedRegions: [...tenant.allowedRegions],
});

/**
 * Delegated administration over HTTP: partner admins (and platform admins) create, suspend and
 * reactivate tenants in their subtree and manage their admin memberships.
 */
export function delegationRoutes(delegation: DelegationService): HttpModule {
  return {
    name: 'delegation',
    register(app) {
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/tenants',
        permission: 'write:tenants',
        summary: 'Create a tenant under a partner of your subtree and place it on a cell',
        tags,
        schema: { body: CreateTenantBody, response: { 201: AdministeredTenantSchema } },
        handler: async (request, reply) => {
          const tenant = await delegation.createTenant(requirePrincipal(request), request.body, request.id);
          return reply.code(201).send(present(tenant));
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/tenants/:id',
        permission: 'read:tenants',
        summary: 'Read a tenant you administer',
        tags,
        schema: { params: IdParams, response: { 200: AdministeredTenantSchema } },
        handler: async (request) =>
          present(await delegation.tenant(requirePrincipal(request), request.params.id)),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/tenants/:id/suspend',
        permission: 'write:tenants',
        summary: 'Suspend a tenant: its users are refused from their next request',
        tags,
        schema: { params: IdParams, response: { 200: AdministeredTenantSchema } },
        handler: async (request) =>
          present(await delegation.suspend(requirePrincipal(request), request.params.id, request.id)),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/tenants/:id/activate',
        permission: 'write:tenants',
        summary: 'Reactivate a suspended tenant',
        tags,
        schema: { params: IdParams, response: { 200: AdministeredTenantSchema } },
        handler: async (request) =>
          present(await delegation.activate(requirePrincipal(request), request.params.id, request.id)),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/tenants/:id/admins',
        permission: 'read:tenants',
        summary: "List a tenant's active admin memberships",
        tags,
        schema: {
          params: IdParams,
          response: { 200: Type.Object({ items: Type.Array(MembershipSchema), nextCursor: Type.Null() }) },
        },
        handler: async (request) => ({
          items: await delegation.listAdmins(requirePrincipal(request), request.params.id),
          nextCursor: null,
        }),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/tenants/:id/admins',
        permission: 'write:tenant-admins',
        summary: 'Make a person a tenant admin (creating the user, with a one-time password, if new)',
        tags,
        schema: { params: IdParams, body: AddTenantAdminBody, response: { 201: InvitedSchema } },
        handler: async (request, reply) => {
          const added = await delegation.addAdmin(
            requirePrincipal(request),
            request.params.id,
            request.body,
            request.id,
          );
          return reply.code(201).send(added);
        },
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/tenants/:id/admins/:membershipId/revoke',
        permission: 'write:tenant-admins',
        summary: "Revoke one of a tenant's admin memberships",
        tags,
        schema: { params: TenantAdminParams, response: { 200: MembershipSchema } },
        handler: (request) =>
          delegation.revokeAdmin(
            requirePrincipal(request),
            request.params.id,
            request.params.membershipId,
            request.id,
          ),
      });
    },
  };
}
