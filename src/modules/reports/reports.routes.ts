import type { TenantPrincipal } from '../../platform/auth/principal.ts';
import {
  defineRoute,
  type HttpModule,
  inRequestTenant,
  requireTenantPrincipal,
  type WithTenant,
} from '../../platform/http/index.ts';
import { projectReport } from './project-margin.report.ts';
import { projectCsv, utilizationCsv } from './report-csv.ts';
import {
  CsvSchema,
  ProjectReportQuerySchema,
  ProjectReportSchema,
  UtilizationQuerySchema,
  UtilizationReportSchema,
} from './reports.schema.ts';
import { utilizationReport } from './utilization.report.ts';

const tags = ['reports'];
const CSV = 'text/csv; charset=utf-8';

/**
 * Cost clearance: `read:cost` and restricted clearance. Without both, the project report has no
 * cost or margin at all — in JSON and CSV alike — and does not read a cost rate.
 */
export function seesCost(principal: TenantPrincipal): boolean {
  return principal.permissions.has('read:cost') && principal.clearance === 'restricted';
}

const pick = <T extends object>(query: T) =>
  Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as T;

/** Utilization (per person and practice) and project (hours, revenue, cost, margin) reports. */
export function reportsRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'reports',
    register(app) {
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/reports/utilization',
        permission: 'read:reports',
        summary: 'Utilization per person and practice: billable minutes over pro-rated capacity',
        description:
          'Counts time entries submitted or approved in the period (at most 366 days), as far as you can see them; capacity is the weekly capacity times the working days (Monday to Friday) divided by five.',
        tags,
        schema: { querystring: UtilizationQuerySchema, response: { 200: UtilizationReportSchema } },
        handler: (request) =>
          inRequestTenant(withTenant, request, (tx) => utilizationReport(tx, pick(request.query)), {
            readOnly: true,
          }) as never,
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/reports/utilization.csv',
        permission: 'read:reports',
        summary: 'The utilization report as CSV',
        tags,
        schema: { querystring: UtilizationQuerySchema, response: { 200: CsvSchema } },
        handler: async (request, reply) => {
          const report = await inRequestTenant(
            withTenant,
            request,
            (tx) => utilizationReport(tx, pick(request.query)),
            { readOnly: true },
          );
          return reply.type(CSV).send(utilizationCsv(report));
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/reports/projects',
        permission: 'read:reports',
        summary: 'Per project: hours, revenue at bill rates and, with cost clearance, cost and margin',
        description:
          'Cost, uncosted minutes, margin and margin % are present only for principals with read:cost and restricted clearance; for everyone else they are absent (not null).',
        tags,
        schema: { querystring: ProjectReportQuerySchema, response: { 200: ProjectReportSchema } },
        handler: (request) => {
          const cost = seesCost(requireTenantPrincipal(request));
          return inRequestTenant(
            withTenant,
            request,
            (tx) => projectReport(tx, pick(request.query), { cost }),
            { readOnly: true },
          ) as never;
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/reports/projects.csv',
        permission: 'read:reports',
        summary: 'The project report as CSV (cost columns only with cost clearance)',
        tags,
        schema: { querystring: ProjectReportQuerySchema, response: { 200: CsvSchema } },
        handler: async (request, reply) => {
          const cost = seesCost(requireTenantPrincipal(request));
          const report = await inRequestTenant(
            withTenant,
            request,
            (tx) => projectReport(tx, pick(request.query), { cost }),
            { readOnly: true },
          );
          return reply.type(CSV).send(projectCsv(report, cost));
        },
      });
    },
  };
}
