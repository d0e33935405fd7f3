export {
  createMilestone,
  decideMilestone,
  getMilestone,
  listMilestones,
  type Milestone,
  type MilestoneAction,
  type MilestoneInput,
  type MilestoneView,
  updateMilestone,
} from './milestone.service.ts';
export {
  createProject,
  findProject,
  getProject,
  listProjects,
  type Project,
  type ProjectFilters,
  type ProjectInput,
  type ProjectView,
  requireProject,
  updateProject,
} from './project.service.ts';
export { requireOrderedDates, requireVisible } from './project-rules.ts';
export {
  createTask,
  getTask,
  listTasks,
  type ProjectTask,
  type ProjectTaskView,
  type TaskInput,
  updateTask,
} from './project-task.service.ts';
export { projectsRoutes } from './projects.routes.ts';
export {
  MILESTONE_FIELD_CLASSIFICATION,
  PROJECT_FIELD_CLASSIFICATION,
  TASK_FIELD_CLASSIFICATION,
} from './projects.schema.ts';
export type { ProjectSegmentColumns, ProjectStatus } from './projects.tables.ts';
