import { Type } from 'typebox';

/** What a verification of a tenant's audit chain answers (`verifyAuditChain`): the first break, if any. */
export const AuditVerificationSchema = Type.Object({
  tenantId: Type.String({ format: 'uuid' }),
  verified: Type.Boolean(),
  eventsChecked: Type.Integer(),
  firstBreak: Type.Union([
    Type.Object({
      seq: Type.String(),
      reason: Type.Union([
        Type.Literal('content-altered'),
        Type.Literal('link-broken'),
        Type.Literal('event-missing'),
        Type.Literal('tail-missing'),
      ]),
    }),
    Type.Null(),
  ]),
});
