import type { TimeApproval } from '../api-types.ts';

/** Who decides a step of the approval chain, in words. */
export const STEP_NAMES: Readonly<Record<TimeApproval['approver'], string>> = {
  project_manager: 'Project manager',
  practice_lead: 'Practice lead',
  client: 'Client',
};
