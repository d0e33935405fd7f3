import { isUtf8 } from 'node:buffer';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { tenantContextOf } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/index.ts';
import {
  defineRoute,
  type HttpApp,
  type HttpModule,
  IdParams,
  inRequestTenant,
  ListOf,
  pageOf,
  requireTenantPrincipal,
  type WithTenant,
} from '../../platform/http/index.ts';
import type { TenantContext } from '../../platform/tenancy/tenant-context.ts';
import { getApprovalChain, replaceApprovalChain } from './approval-chain.service.ts';
import { decideTimeApproval } from './decide-time-approval.ts';
import { exportTimeEntries } from './export-time-entries.ts';
import { importTimeEntries } from './import-time-entries.ts';
import { readContractRules, submitTimesheet } from './submit-timesheet.ts';
import { getTimeApproval, listTimeApprovals } from './time-approval.service.ts';
import {
  createTimeEntry,
  deleteTimeEntry,
  getTimeEntry,
  listTimeEntries,
  updateTimeEntry,
} from './time-entry.service.ts';
import { readAssignedTasks } from './time-lookups.ts';
import { closePeriod, listClosedPeriods, reopenPeriod } from './time-period.service.ts';
import { getTimesheet, listMyTimesheets, listTimesheets, openOwnTimesheet } from './timesheet.service.ts';
import {
  ApprovalChainSchema,
  ApprovalListQuery,
  ClosedPeriodSchema,
  CreateTimeEntryBody,
  ExportQuery,
  ImportResultSchema,
  MonthParams,
  MyTimesheetsQuery,
  OpenTimesheetBody,
  PeriodListQuery,
  RejectBody,
  ReplaceChainBody,
  TimeApprovalSchema,
  TimeEntryListQuery,
  TimeEntrySchema,
  TimesheetListQuery,
  TimesheetSchema,
  TimesheetWithEntriesSchema,
  UpdateTimeEntryBody,
} from './timesheets.schema.ts';

const tags = ['time'];
const READ = 'read:time';
const RECORD = 'record:time';
const APPROVE = 'approve:time';
const IMPORT = 'import:time';
const POLICY = 'write:time-policy';
/** The largest CSV an import takes (10,000 lines fit comfortably). */
export const IMPORT_BODY_LIMIT = 2 * 1024 * 1024;

const ctxOf = (request: FastifyRequest): TenantContext =>
  tenantContextOf(requireTenantPrincipal(request), request.id);
const readOnly = { readOnly: true } as const;

/** Timesheets, time entries, their approval, closed periods, CSV import and export. */
export function timesheetsRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'timesheets',
    async register(app) {
      registerTimesheets(app, withTenant);
      registerEntries(app, withTenant);
      registerApprovals(app, withTenant);
      registerPeriods(app, withTenant);
      // CSV bodies are accepted by the import route alone, in a scope of its own.
      await app.register(async (scope: HttpApp) => registerImport(scope, withTenant));
    },
  };
}

function registerTimesheets(app: HttpApp, withTenant: WithTenant): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/timesheets',
    permission: READ,
    summary: 'List the timesheets in your scope (and your own)',
    description:
      "A timesheet spans projects: it carries its person's legal entity and practice, and is listed to those whose scope covers them and is not narrowed by client, region or portfolio — and always to its person.",
    tags,
    schema: { querystring: TimesheetListQuery, response: { 200: ListOf(TimesheetSchema) } },
    handler: (request) => {
      const { week, personId, status } = request.query;
      return inRequestTenant(
        withTenant,
        request,
        (tx) =>
          listTimesheets(tx, pageOf(request.query), {
            ...(week ? { week } : {}),
            ...(personId ? { personId } : {}),
            ...(status ? { status } : {}),
          }),
        readOnly,
      );
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/timesheets/mine',
    permission: RECORD,
    summary: 'List your own timesheets with their entries',
    tags,
    schema: { querystring: MyTimesheetsQuery, response: { 200: ListOf(TimesheetWithEntriesSchema) } },
    handler: (request) =>
      inRequestTenant(
        withTenant,
        request,
        (tx) =>
          listMyTimesheets(tx, pageOf(request.query), request.query.week ? { week: request.query.week } : {}),
        readOnly,
      ),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/timesheets',
    permission: RECORD,
    summary: 'Open your timesheet of a week: found, or created as a draft',
    description:
      'You are the person linked to your membership (422 when none is). 201 when the timesheet was created, 200 when it existed.',
    tags,
    schema: {
      body: OpenTimesheetBody,
      response: { 200: TimesheetWithEntriesSchema, 201: TimesheetWithEntriesSchema },
    },
    handler: async (request, reply) => {
      const { timesheet, created } = await inRequestTenant(withTenant, request, (tx) =>
        openOwnTimesheet(tx, request.body.weekStartsOn),
      );
      return reply.code(created ? 201 : 200).send(timesheet);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/timesheets/:id',
    permission: READ,
    summary: 'Read a timesheet with the entries of it you can see',
    tags,
    schema: { params: IdParams, response: { 200: TimesheetWithEntriesSchema } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => getTimesheet(tx, request.params.id), readOnly),
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/timesheets/:id/submit',
    permission: RECORD,
    summary: 'Submit your timesheet for approval',
    description:
      "Its draft and rejected entries go to approval in a new round: per project, one step per step of the tenant's chain that applies. Only the timesheet's person submits it (403); a submitted or approved one is 409 TIMESHEET_LOCKED; an entry in a closed month is 409 TIME_PERIOD_CLOSED.",
    tags,
    schema: { params: IdParams, response: { 200: TimesheetWithEntriesSchema } },
    handler: async (request) => {
      const ctx = ctxOf(request);
      const rules = await readContractRules(withTenant, ctx, request.params.id);
      return withTenant(ctx, (tx) => submitTimesheet(tx, request.params.id, rules));
    },
  });
}

function registerEntries(app: HttpApp, withTenant: WithTenant): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/time-entries',
    permission: READ,
    summary: 'List the time entries in your scope (and your own)',
    description:
      "An entry carries its project's segments and is listed to those whose scope covers them, and always to its person. `week` is any day of an ISO week.",
    tags,
    schema: { querystring: TimeEntryListQuery, response: { 200: ListOf(TimeEntrySchema) } },
    handler: (request) => {
      const { limit: _l, cursor: _c, ...filters } = request.query;
      return inRequestTenant(
        withTenant,
        request,
        (tx) => listTimeEntries(tx, pageOf(request.query), filters),
        readOnly,
      );
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/time-entries/export',
    permission: READ,
    summary: 'Export the time entries you can see as CSV',
    description:
      'Entries dated from `from` to `to` (inclusive, at most 366 days), with the columns your clearance allows: the internal note needs confidential clearance.',
    tags,
    schema: {
      querystring: ExportQuery,
      produces: ['text/csv'],
      response: { 200: Type.String({ description: 'text/csv' }) },
    },
    handler: async (request, reply) => {
      const csv = await inRequestTenant(
        withTenant,
        request,
        (tx) => exportTimeEntries(tx, request.query.from, request.query.to),
        readOnly,
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="time-entries-${request.query.from}-${request.query.to}.csv"`,
        )
        .send(csv);
    },
  });
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/time-entries',
    permission: RECORD,
    summary: 'Book time on a project you are assigned to',
    description:
      'On your timesheet of that week (created if needed). 422 when no assignment of yours covers the day, 409 when the month is closed or the week is submitted or approved.',
    tags,
    schema: { body: CreateTimeEntryBody, response: { 201: TimeEntrySchema } },
    handler: async (request, reply) => {
      const { taskId } = request.body;
      const tasks = await readAssignedTasks(withTenant, ctxOf(request), taskId ? [taskId] : []);
      return reply
        .code(201)
        .send(await inRequestTenant(withTenant, request, (tx) => createTimeEntry(tx, request.body, tasks)));
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/v1/time-entries/:id',
    permission: READ,
    summary: 'Read a time entry',
    tags,
    schema: { params: IdParams, response: { 200: TimeEntrySchema } },
    handler: (request) =>
      inRequestTenant(withTenant, request, (tx) => getTimeEntry(tx, request.params.id), readOnly),
  });
  defineRoute(app, {
    method: 'PATCH',
    url: '/api/v1/time-entries/:id',
    permission: RECORD,
    summary: 'Change your draft or rejected time entry',
    description:
      'Submitted and approved entries are locked (409 TIME_ENTRY_LOCKED); closed months too (409).',
    tags,
    schema: { params: IdParams, body: UpdateTimeEntryBody, response: { 200: TimeEntrySchema } },
    handler: async (request) => {
      const { taskId } = request.body;
      const tasks = await readAssignedTasks(withTenant, ctxOf(request), taskId ? [taskId] : []);
      return inRequestTenant(withTenant, request, (tx) =>
        updateTimeEntry(tx, request.params.id, request.body, tasks),
      );
    },
  });
  defineRoute(app, {
    method: 'DELETE',
    url: '/api/v1/time-entries/:id',
    permission: RECORD,
    summary: 'Delete your draft or rejected time entry',
    tags,
    schema: { params: IdParams },
    handler: async (request, reply) => {
      await inRequestTenant(withTenant, request, (tx) => deleteTimeEntry(tx, request.params.id));
      return reply.code(204).send();
    },
  });
}

function registerApprovals(app: HttpApp, withTenant: WithTenant): void {
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

function registerPeriods(app: HttpApp, withTenant: WithTenant): void {
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

function registerImport(app: HttpApp, withTenant: WithTenant): void {
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: IMPORT_BODY_LIMIT },
    (_request, body, done) => {
      const bytes = body as Buffer;
      if (!isUtf8(bytes)) {
        done(
          new AppError(
            'VALIDATION_FAILED',
            {},
            {
              detail: 'The CSV is not UTF-8 text.',
              fieldProblems: [{ path: '/body', message: 'is not valid UTF-8' }],
            },
          ),
        );
        return;
      }
      done(null, bytes.toString('utf8'));
    },
  );
  defineRoute(app, {
    method: 'POST',
    url: '/api/v1/time-entries/import',
    permission: IMPORT,
    summary: 'Import time entries from CSV: all lines or none',
    description:
      "Send `text/csv` (UTF-8, RFC 4180) with a header naming the columns person_email, project_code, date, minutes and optionally task_name, billable, note. Every line is checked first; when one fails, nothing is imported and every problem is listed with its `line` (1 is the header) and `column`. Each line becomes a draft entry on its person's timesheet of that week; the person must be assigned to the project on that day.",
    tags,
    schema: {
      consumes: ['text/csv'],
      body: Type.String({ description: 'CSV text (text/csv)' }),
      response: { 201: ImportResultSchema },
    },
    handler: async (request, reply) => {
      if (typeof request.body !== 'string')
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', {}, { detail: 'Send the entries as text/csv.' });
      const body = request.body;
      return reply
        .code(201)
        .send(await inRequestTenant(withTenant, request, (tx) => importTimeEntries(tx, body)));
    },
  });
}
