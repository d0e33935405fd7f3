import type { TObject } from 'typebox';
import {
  defineResourceRoutes,
  defineRoute,
  type HttpModule,
  IdParams,
  inRequestTenant,
  type WithTenant,
} from '../../platform/http/index.ts';
import {
  createMilestone,
  decideMilestone,
  getMilestone,
  listMilestones,
  updateMilestone,
} from './milestone.service.ts';
import { createProject, getProject, listProjects, updateProject } from './project.service.ts';
import { createTask, getTask, listTasks, updateTask } from './project-task.service.ts';
import {
  AcceptMilestoneBody,
  CreateMilestoneBody,
  CreateProjectBody,
  CreateTaskBody,
  MilestoneFilters,
  MilestoneSchema,
  ProjectFilters,
  ProjectSchema,
  ReadyMilestoneBody,
  RejectMilestoneBody,
  TaskFilters,
  TaskSchema,
  UpdateMilestoneBody,
  UpdateProjectBody,
  UpdateTaskBody,
} from './projects.schema.ts';

const common = { tags: ['projects'], read: 'read:projects', write: 'write:projects' } as const;

/** Delivery operations: projects under contracts, their tasks and their milestones' lifecycle. */
export function projectsRoutes(withTenant: WithTenant): HttpModule {
  return {
    name: 'projects',
    register(app) {
      defineResourceRoutes(app, withTenant, {
        ...common,
        path: '/api/v1/projects',
        noun: 'project',
        plural: 'projects',
        schemas: { item: ProjectSchema, create: CreateProjectBody, update: UpdateProjectBody },
        filters: ProjectFilters,
        service: { list: listProjects, create: createProject, get: getProject, update: updateProject },
      });
      defineResourceRoutes(app, withTenant, {
        ...common,
        path: '/api/v1/tasks',
        noun: 'project task',
        plural: 'project tasks',
        schemas: { item: TaskSchema, create: CreateTaskBody, update: UpdateTaskBody },
        filters: TaskFilters,
        service: { list: listTasks, create: createTask, get: getTask, update: updateTask },
      });
      defineResourceRoutes(app, withTenant, {
        ...common,
        path: '/api/v1/milestones',
        noun: 'milestone',
        plural: 'milestones',
        schemas: { item: MilestoneSchema, create: CreateMilestoneBody, update: UpdateMilestoneBody },
        filters: MilestoneFilters,
        service: {
          list: listMilestones,
          create: createMilestone,
          get: getMilestone,
          update: updateMilestone,
        },
      });
      const action = (
        name: 'ready' | 'accept' | 'reject',
        permission: 'write:projects' | 'accept:milestones',
        summary: string,
        body: TObject,
      ) =>
        defineRoute(app, {
          method: 'POST',
          url: `/api/v1/milestones/:id/${name}`,
          permission,
          summary,
          tags: [...common.tags],
          schema: { params: IdParams, body, response: { 200: MilestoneSchema } },
          handler: (request) =>
            inRequestTenant(withTenant, request, (tx) =>
              decideMilestone(tx, request.params.id, name, (request.body as { note?: string }).note),
            ),
        });
      action(
        'ready',
        common.write,
        'Mark a planned (or rejected) milestone ready for the client',
        ReadyMilestoneBody,
      );
      action('accept', 'accept:milestones', 'Accept a ready milestone (client)', AcceptMilestoneBody);
      action(
        'reject',
        'accept:milestones',
        'Reject a ready milestone, saying why (client)',
        RejectMilestoneBody,
      );
    },
  };
}
