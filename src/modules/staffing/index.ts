export {
  type Assignment,
  type AssignmentInput,
  type AssignmentView,
  carryPersonMembership,
  createAssignment,
  getAssignment,
  listAssignments,
  updateAssignment,
} from './assignment.service.ts';
export { staffingRoutes } from './staffing.routes.ts';
export { ASSIGNMENT_FIELD_CLASSIFICATION } from './staffing.schema.ts';
export { type StaffingView, staffingView } from './staffing-view.ts';
export { LOAD_THRESHOLDS, type Load, type WeekLoad, weeklyLoad } from './weekly-load.ts';
