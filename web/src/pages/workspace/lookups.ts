import { useQuery } from '@tanstack/react-query';
import { apiAll } from '../../api/client.ts';
import { useSession } from '../../session/session.tsx';
import type { Client, Person, Project } from './api-types.ts';

/** Names by id, read once per membership and shared by the workspace's screens. */
export interface Names<T> {
  readonly byId: ReadonlyMap<string, T>;
  readonly ready: boolean;
}

function useList<T extends { id: string }>(path: string, permission: string): Names<T> {
  const session = useSession();
  const allowed = session.can(permission);
  const query = useQuery({
    queryKey: [path, 'all'],
    queryFn: () => apiAll<T>(path),
    enabled: allowed,
    staleTime: 5 * 60_000,
  });
  return {
    byId: new Map((query.data ?? []).map((item) => [item.id, item])),
    ready: !allowed || !query.isPending,
  };
}

/** The people in scope (needs read:people). */
export function usePeople(): Names<Person> {
  return useList<Person>('/api/v1/people', 'read:people');
}

/** The projects in scope. */
export function useProjects(): Names<Project> {
  return useList<Project>('/api/v1/projects', 'read:projects');
}

/** The clients in scope. */
export function useClients(): Names<Client> {
  return useList<Client>('/api/v1/clients', 'read:organization');
}

/** "GLX-MIG Globex cloud migration", or a neutral label for a project outside the reader's scope. */
export function projectLabel(projects: Names<Project>, projectId: string): string {
  const project = projects.byId.get(projectId);
  return project ? `${project.code} ${project.name}` : `Project …${projectId.slice(-6)} (outside your view)`;
}

/** A person's name, or a neutral label for someone outside the reader's scope. */
export function personLabel(people: Names<Person>, personId: string | null): string {
  return (personId && people.byId.get(personId)?.name) || 'Someone outside your view';
}
