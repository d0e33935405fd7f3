import {
  defineRoute,
  type HttpModule,
  IdParams,
  inRequestTenant,
  ListOf,
  type WithTenant,
} from '../../platform/http/index.ts';
import {
  CreateExpenseBody,
  ExpenseListQuery,
  ExpenseSchema,
  RejectExpenseBody,
  UpdateExpenseBody,
} from './expense.schema.ts';
import {
  createExpense,
  deleteExpense,
  getExpense,
  listExpenses,
  listMyExpenses,
  updateExpense,
} from './expense.service.ts';
import { approveExpense, rejectExpense, submitExpense } from './expense-approval.service.ts';

const tags = ['expenses'];
const path = '/api/v1/expenses';

function filterOf(query: {
  limit?: number;
  cursor?: string;
  status?: 'draft' | 'submitted' | 'approved' | 'rejected';
  projectId?: string;
  personId?: string;
  from?: string;
  to?: string;
  inbox?: boolean;
}) {
  return {
    limit: query.limit ?? 50,
    cursor: query.cursor ?? null,
    ...(query.status ? { status: query.status } : {}),
    ...(query.projectId ? { projectId: query.projectId } : {}),
    ...(query.personId ? { personId: query.personId } : {}),
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.inbox ? { inbox: true } : {}),
  };
}

/**
 * Expenses: a person records, changes and submits their own (`record:expenses`); the expenses in
 * scope are read with `read:expenses`; the project's manager, then the client's approver when the
 * contract requires it for a re-billable expense, decide with `approve:expenses`.
 */
export function expensesRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'expenses',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: path,
        permission: 'read:expenses',
        summary: 'List the expenses in your scope (filters; `inbox=true`: those awaiting your decision)',
        tags,
        schema: { querystring: ExpenseListQuery, response: { 200: ListOf(ExpenseSchema) } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => listExpenses(tx, filterOf(request.query)), {
            readOnly: true,
          }) as never,
      });
      defineRoute(app, {
        method: 'GET',
        url: `${path}/mine`,
        permission: 'record:expenses',
        summary: 'List your own expenses',
        tags,
        schema: { querystring: ExpenseListQuery, response: { 200: ListOf(ExpenseSchema) } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => listMyExpenses(tx, filterOf(request.query)), {
            readOnly: true,
          }) as never,
      });
      defineRoute(app, {
        method: 'POST',
        url: path,
        permission: 'record:expenses',
        summary: 'Record an expense of yours on a project you are assigned to on that day',
        tags,
        schema: { body: CreateExpenseBody, response: { 201: ExpenseSchema } },
        handler: async (request, reply) =>
          reply
            .code(201)
            .send(
              (await inRequestTenant(withTenant, request, (tx) => createExpense(tx, request.body))) as never,
            ),
      });
      defineRoute(app, {
        method: 'GET',
        url: `${path}/:id`,
        permission: 'read:expenses',
        summary: 'Read an expense',
        tags,
        schema: { params: IdParams, response: { 200: ExpenseSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => getExpense(tx, request.params.id), {
            readOnly: true,
          }) as never,
      });
      defineRoute(app, {
        method: 'PATCH',
        url: `${path}/:id`,
        permission: 'record:expenses',
        summary: 'Change an expense of yours while it is a draft or rejected',
        tags,
        schema: { params: IdParams, body: UpdateExpenseBody, response: { 200: ExpenseSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) =>
            updateExpense(tx, request.params.id, request.body),
          ) as never,
      });
      defineRoute(app, {
        method: 'DELETE',
        url: `${path}/:id`,
        permission: 'record:expenses',
        summary: 'Delete an expense of yours while it is a draft or rejected',
        tags,
        schema: { params: IdParams },
        handler: async (request, reply) => {
          await inRequestTenant(withTenant, request, (tx) => deleteExpense(tx, request.params.id));
          return reply.code(204).send();
        },
      });
      defineRoute(app, {
        method: 'POST',
        url: `${path}/:id/submit`,
        permission: 'record:expenses',
        summary: 'Submit (or resubmit) an expense of yours for approval',
        tags,
        schema: { params: IdParams, response: { 200: ExpenseSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => submitExpense(tx, request.params.id)) as never,
      });
      defineRoute(app, {
        method: 'POST',
        url: `${path}/:id/approve`,
        permission: 'approve:expenses',
        summary: "Approve the step a submitted expense awaits (project manager, then client's approver)",
        tags,
        schema: { params: IdParams, response: { 200: ExpenseSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => approveExpense(tx, request.params.id)) as never,
      });
      defineRoute(app, {
        method: 'POST',
        url: `${path}/:id/reject`,
        permission: 'approve:expenses',
        summary: 'Reject a submitted expense with a reason, at the step it awaits',
        tags,
        schema: { params: IdParams, body: RejectExpenseBody, response: { 200: ExpenseSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) =>
            rejectExpense(tx, request.params.id, request.body),
          ) as never,
      });
    },
  };
}
