import { Type } from 'typebox';
import {
  defineRoute,
  type HttpApp,
  IdParams,
  inRequestTenant,
  ListOf,
  pageOf,
  type WithTenant,
} from '../../platform/http/index.ts';
import { getApprovalChain, replaceApprovalChain } from './approval-chain.service.ts';
import { decideTimeApproval } from './decide-time-approval.ts';
import { getTimeApproval, listTimeApprovals } from './time-approval.service.ts';
import { closePeriod, listClosedPeriods, reopenPeriod } from './time-period.service.ts';
import { APPROVE, ctxOf, POLICY, READ, readOnly, tags } from './time-routes-common.ts';
import {
  ApprovalChainSchema,
  ApprovalListQuery,
  ClosedPeriodSchema,
  MonthParams,
  PeriodListQuery,
  RejectBody,
  ReplaceChainBody,
  TimeApprovalSchema,
} from './timesheets.schema.ts';

/** The tenant's approval chain, and the approval steps: the inbox, approve, reject. */
export function registerApprovals(app: HttpApp, withTenant: WithTenant): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/time-approval-steps',
    permission: READ,
    summary: "The tenant's time approval chain",
    description: 'Without a configured chain, one step: the project manager (isDefault: true).',
    tags,
    schema: { response: { 200: ApprovalChainSchema } },
    handler: (request) => inRequestTenant(withTenant, request, getApprovalChain, readOnly),
  });
  defineRoute(app, {
    method: 'PUT',
    url: '/api/v1/time-approval-steps',
    permission: POLICY,
    summary: "Replace the tenant's time approval chain",
    description:
      'Steps in order: project_manager, practice_lead or client, each always, when the week is over a threshold of minutes, or (the client) when the contract requires it. Weeks already submitted keep their steps.',
    tags,
    schema: { body: ReplaceChainBody, response: { 200: ApprovalChainSchema } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => replaceApprovalChain(tx, request.body.steps)),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/time-approvals',
    permission: READ,
    summary: 'List approval steps in your scope; `decidableByMe=true` is your inbox',
    description:
      "A client approver sees only their client's projects; a submitter sees where their own weeks stand.",
    tags,
    schema: { querystring: ApprovalListQuery, response: { 200: ListOf(TimeApprovalSchema) } },
    handler: (request) => {
      const { limit: _l, cursor: _c, ...filters } = request.query;
      return inRequestTenant(
        withTenant,
        request,
        (tx) => listTimeApprovals(tx, pageOf(request.query), filters),
        readOnly,
      );
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/time-approvals/:id',
    permission: READ,
    summary: 'Read an approval step',
    tags,
    schema: { params: IdParams, response: { 200: TimeApprovalSchema } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => getTimeApproval(tx, request.params.id), readOnly),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/time-approvals/:id/approve',
    permission: APPROVE,
    summary: 'Approve a step that is yours to decide',
    description:
      "Only the lowest pending step of a project's approval is decided (409 otherwise), by whom it names (403 otherwise), never by the week's own person. The last step approves the project's entries; the last project, the timesheet.",
    tags,
    schema: { params: IdParams, response: { 200: TimeApprovalSchema } },
    handler: (request) =>
      decideTimeApproval(withTenant, ctxOf(request), request.params.id, { kind: 'approve' }),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/time-approvals/:id/reject',
    permission: APPROVE,
    summary: 'Reject a step that is yours to decide, with a reason',
    description:
      "Rejects the project's entries and the timesheet (with the reason) and cancels the round's other pending steps; the person changes the week and submits it again.",
    tags,
    schema: { params: IdParams, body: RejectBody, response: { 200: TimeApprovalSchema } },
    handler: (request) =>
      decideTimeApproval(withTenant, ctxOf(request), request.params.id, {
        kind: 'reject',
        reason: request.body.reason,
      }),
  });
}

/** Closed months. */
export function registerPeriods(app: HttpApp, withTenant: WithTenant): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/time-periods',
    permission: READ,
    summary: 'List the closed months, most recent first',
    tags,
    schema: {
      querystring: PeriodListQuery,
      response: {
        200: Type.Object({
          items: Type.Array(ClosedPeriodSchema),
          nextCursor: Type.Union([Type.String(), Type.Null()]),
        }),
      },
    },
    handler: (request) =>
      inRequestTenant(
        withTenant,
        request,
        (tx) =>
          listClosedPeriods(tx, { limit: request.query.limit ?? 50, cursor: request.query.cursor ?? null }),
        readOnly,
      ),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/time-periods/:month/close',
    permission: POLICY,
    summary: 'Close a month: its entries can no longer be created, changed, deleted or submitted',
    tags,
    schema: { params: MonthParams, response: { 201: ClosedPeriodSchema } },
    handler: async (request, reply) =>
      reply
        .code(201)
        .send(await inRequestTenant(withTenant, request, (tx) => closePeriod(tx, request.params.month))),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/time-periods/:month/reopen',
    permission: POLICY,
    summary: 'Reopen a closed month',
    tags,
    schema: { params: MonthParams, response: { 200: Type.Object({ month: Type.String() }) } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => reopenPeriod(tx, request.params.month)),
  });
}
