import {
  defineRoute,
  type HttpApp,
  type HttpModule,
  IdParams,
  inRequestTenant,
  ListOf,
  pageOf,
  type WithTenant,
} from '../../platform/http/index.ts';
import { readContractRules, submitTimesheet } from './submit-timesheet.ts';
import { registerApprovals, registerPeriods } from './time-approval.routes.ts';
import { registerExport, registerImport } from './time-csv.routes.ts';
import {
  createTimeEntry,
  deleteTimeEntry,
  getTimeEntry,
  listTimeEntries,
  updateTimeEntry,
} from './time-entry.service.ts';
import { readAssignedTasks } from './time-lookups.ts';
import { ctxOf, READ, RECORD, readOnly, tags } from './time-routes-common.ts';
import { getTimesheet, listMyTimesheets, listTimesheets, openOwnTimesheet } from './timesheet.service.ts';
import {
  CreateTimeEntryBody,
  MyTimesheetsQuery,
  OpenTimesheetBody,
  TimeEntryListQuery,
  TimeEntrySchema,
  TimesheetListQuery,
  TimesheetSchema,
  TimesheetWithEntriesSchema,
  UpdateTimeEntryBody,
} from './timesheets.schema.ts';

/** Timesheets, time entries, their approval, closed periods, CSV import and export. */
export function timesheetsRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'timesheets',
    async register(app) {
      registerTimesheets(app, withTenant);
      registerEntries(app, withTenant);
      registerApprovals(app, withTenant);
      registerPeriods(app, withTenant);
      registerExport(app, withTenant);
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
