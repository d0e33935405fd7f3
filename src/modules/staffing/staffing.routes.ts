import { AppError } from '../../platform/errors/index.ts';
import {
  defineResourceRoutes,
  defineRoute,
  type HttpModule,
  inRequestTenant,
  requireTenantPrincipal,
  type WithTenant,
} from '../../platform/http/index.ts';
import { createAssignment, getAssignment, listAssignments, updateAssignment } from './assignment.service.ts';
import {
  AssignmentFilters,
  AssignmentSchema,
  CreateAssignmentBody,
  StaffingQuery,
  StaffingViewSchema,
  UpdateAssignmentBody,
} from './staffing.schema.ts';
import { staffingView } from './staffing-view.ts';

const tags = ['staffing'];

/** Staffing: people assigned to projects, and the weekly load of the people in scope. */
export function staffingRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'staffing',
    register(app) {
      defineResourceRoutes(app, withTenant, {
        tags,
        read: 'read:projects',
        write: 'write:staffing',
        path: '/api/v1/assignments',
        noun: 'assignment',
        plural: 'assignments',
        schemas: { item: AssignmentSchema, create: CreateAssignmentBody, update: UpdateAssignmentBody },
        filters: AssignmentFilters,
        service: {
          list: listAssignments,
          create: createAssignment,
          get: getAssignment,
          update: updateAssignment,
        },
      });
      defineRoute(app, {
        method: 'GET',
        url: '/api/v1/staffing',
        permission: 'read:projects',
        summary:
          'Weekly capacity, allocated minutes and load (over/under/ok) of the active people in scope (also needs read:people)',
        tags,
        schema: { querystring: StaffingQuery, response: { 200: StaffingViewSchema } },
        handler: (request) => {
          // The view lists people: it needs their read permission as well as the projects'.
          if (!requireTenantPrincipal(request).permissions.has('read:people'))
            throw new AppError(
              'FORBIDDEN',
              { permission: 'read:people' },
              { detail: 'The staffing view also needs read:people' },
            );
          const query = request.query;
          return inRequestTenant(
            withTenant,
            request,
            (tx) =>
              staffingView(tx, {
                from: query.from,
                weeks: query.weeks ?? 4,
                ...(query.practiceId ? { practiceId: query.practiceId } : {}),
                limit: query.limit ?? 50,
                cursor: query.cursor ?? null,
              }),
            { readOnly: true },
          );
        },
      });
    },
  };
}
