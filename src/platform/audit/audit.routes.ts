import { Type } from 'typebox';
import {
  defineRoute,
  type HttpModule,
  inRequestTenant,
  ListOf,
  pageOf,
  requireTenantPrincipal,
  type WithTenant,
} from '../http/index.ts';
import { listAuditEvents } from './audit-events.ts';
import { AuditVerificationSchema } from './audit-verification.schema.ts';
import { type AuditVisibility, kindsNotReadable } from './audit-visibility.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

const tags = ['audit'];

const AuditEventSchema = Type.Object({
  seq: Type.String(),
  id: Type.String({ format: 'uuid' }),
  occurredAt: Type.String({ format: 'date-time' }),
  actor: Type.Object({
    kind: Type.String(),
    id: Type.String(),
    membershipId: Type.Union([Type.String(), Type.Null()]),
  }),
  grantId: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  resourceKind: Type.String(),
  resourceId: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Unknown(),
  prevHash: Type.String(),
  hash: Type.String(),
});

const AuditQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    resourceKind: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    resourceId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

/** The audit log of the caller's tenant, and verification of its hash chain. */
export function auditRoutes(withTenant: WithTenant, visibility: AuditVisibility): HttpModule {
  return {
    name: 'audit',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/audit/events',
        permission: 'read:audit',
        summary: "List the tenant's audit events in chain order",
        tags,
        schema: { querystring: AuditQuery, response: { 200: ListOf(AuditEventSchema) } },
        handler: (request) =>
          inRequestTenant(
            withTenant,
            request,
            (tx) =>
              listAuditEvents(
                tx,
                visibility,
                {
                  ...pageOf(request.query),
                  ...(request.query.resourceKind ? { resourceKind: request.query.resourceKind } : {}),
                  ...(request.query.resourceId ? { resourceId: request.query.resourceId } : {}),
                },
                // Events about a kind the reader may not read (projects without read:projects) stay hidden.
                kindsNotReadable(visibility, requireTenantPrincipal(request).permissions),
              ),
            { readOnly: true },
          ),
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/audit/verify',
        permission: 'verify:audit',
        summary: "Verify the tenant's audit hash chain and report the first break",
        tags,
        schema: { response: { 200: AuditVerificationSchema } },
        handler: (request) => inRequestTenant(withTenant, request, verifyAuditChain, { readOnly: true }),
      });
    },
  };
}
