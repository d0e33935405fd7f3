import { Type } from 'typebox';
import { tenantContextOf } from '../../platform/auth/principal.ts';
import { defineRoute, type HttpModule, requireTenantPrincipal } from '../../platform/http/index.ts';
import { type ExplainDependencies, explainReaders } from './explain-access.ts';
import { READABLE_RESOURCES } from './readable-resources.ts';

const ReaderSchema = Type.Object({
  membershipId: Type.String({ format: 'uuid' }),
  userId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.String(),
  kind: Type.String(),
  roles: Type.Array(Type.String()),
  permissionFrom: Type.Array(Type.String()),
  scope: Type.Record(Type.String(), Type.String()),
  clearance: Type.String(),
  grantId: Type.Union([Type.String(), Type.Null()]),
});

const ExplainQuery = Type.Object(
  {
    resourceKind: Type.Union(Object.keys(READABLE_RESOURCES).map((kind) => Type.Literal(kind))),
    resourceId: Type.String({ format: 'uuid' }),
  },
  { additionalProperties: false },
);

/** "Who can see this?": the memberships that can read a record, and why. */
export function explainRoutes(deps: ExplainDependencies): HttpModule {
  return {
    name: 'access-explain',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/access/explain',
        permission: 'explain:access',
        summary: 'List the memberships that can read a record and why (role, scope, grant)',
        tags: ['access'],
        schema: {
          querystring: ExplainQuery,
          response: {
            200: Type.Object({
              resourceKind: Type.String(),
              resourceId: Type.String(),
              readers: Type.Array(ReaderSchema),
            }),
          },
        },
        handler: async (request) => {
          const asker = tenantContextOf(requireTenantPrincipal(request), request.id);
          const { resourceKind, resourceId } = request.query;
          const readers = await explainReaders(deps, asker, resourceKind, resourceId);
          return {
            resourceKind,
            resourceId,
            readers: readers.map((reader) => ({
              ...reader,
              roles: [...reader.roles],
              permissionFrom: [...reader.permissionFrom],
            })),
          };
        },
      });
    },
  };
}
