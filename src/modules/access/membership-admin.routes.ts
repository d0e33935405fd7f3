import {
  defineRoute,
  type HttpModule,
  IdParams,
  ListOf,
  pageOf,
  requireTenantPrincipal,
} from '../../platform/http/index.ts';
import {
  InvitedSchema,
  InviteMembershipBody,
  MembershipListQuery,
  MembershipSchema,
  UpdateMembershipBody,
} from './membership-admin.schema.ts';
import type { MembershipAdminService } from './membership-admin.service.ts';

const tags = ['memberships'];

/** The tenant's memberships: who is in the tenant, with which roles and scope. */
export function membershipAdminRoutes(memberships: MembershipAdminService): HttpModule {
  return {
    name: 'memberships',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/memberships',
        permission: 'read:memberships',
        summary: "List the tenant's memberships with their roles and scope",
        tags,
        schema: { querystring: MembershipListQuery, response: { 200: ListOf(MembershipSchema) } },
        handler: (request) =>
          memberships.list(requireTenantPrincipal(request).tenantId, pageOf(request.query)),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/memberships/:id',
        permission: 'read:memberships',
        summary: 'Read a membership of the tenant',
        tags,
        schema: { params: IdParams, response: { 200: MembershipSchema } },
        handler: (request) => memberships.get(requireTenantPrincipal(request).tenantId, request.params.id),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/memberships',
        permission: 'write:memberships',
        summary: 'Invite a person (staff or a client approver) into the tenant',
        description:
          'Staff get roles and a scope per dimension; a client approver gets `client: [clientId]`. A new user gets a one-time password, returned only in this answer.',
        tags,
        schema: { body: InviteMembershipBody, response: { 201: InvitedSchema } },
        handler: async (request, reply) => {
          const invited = await memberships.invite(requireTenantPrincipal(request), request.body, request.id);
          return reply.code(201).send(invited);
        },
      });
      defineRoute(app, {
        method: 'PATCH',
        url: '/api/v1/memberships/:id',
        permission: 'write:memberships',
        summary: "Replace a membership's roles and/or scope (effective at its next request)",
        tags,
        schema: { params: IdParams, body: UpdateMembershipBody, response: { 200: MembershipSchema } },
        handler: (request) =>
          memberships.update(requireTenantPrincipal(request), request.params.id, request.body, request.id),
      });
      defineRoute(app, {
        method: 'POST',
        url: '/api/v1/memberships/:id/revoke',
        permission: 'write:memberships',
        summary: 'Revoke a membership: its sessions and tokens stop working at once',
        tags,
        schema: { params: IdParams, response: { 200: MembershipSchema } },
        handler: (request) =>
          memberships.revoke(requireTenantPrincipal(request), request.params.id, request.id),
      });
    },
  };
}
