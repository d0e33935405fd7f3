import { useQuery } from '@tanstack/react-query';
import { apiAll } from '../../api/client.ts';
import type { PortalProject } from './portal-types.ts';

export const PROJECTS = '/api/v1/projects';
export const MILESTONES = '/api/v1/milestones';
export const TIME_APPROVALS = '/api/v1/time-approvals';
export const TIME_ENTRIES = '/api/v1/time-entries';
export const EXPENSES = '/api/v1/expenses';
export const INVOICES = '/api/v1/invoices';

/** The client's projects (the API answers only those of the approver's client). */
export function usePortalProjects() {
  return useQuery({ queryKey: [PROJECTS], queryFn: () => apiAll<PortalProject>(PROJECTS) });
}

/** A project's name by id, for lists that carry only the id. */
export function useProjectNames(): (projectId: string) => string {
  const projects = usePortalProjects();
  const names = new Map((projects.data ?? []).map((project) => [project.id, project.name]));
  return (projectId) => names.get(projectId) ?? '…';
}
