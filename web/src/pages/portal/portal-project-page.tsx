import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { formatDay } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { ErrorNotice, Loading } from '../../ui/states.tsx';
import { NotFound } from '../not-found.tsx';
import { PROJECTS } from './portal-queries.ts';
import type { PortalProject } from './portal-types.ts';
import { ProjectExpenses } from './project-expenses.tsx';
import { ProjectMilestones } from './project-milestones.tsx';
import { ProjectTime } from './project-time.tsx';
import { StatusBadge } from './status-badge.tsx';

/** One project of the client: its milestones to accept, its time and its expenses. */
export function PortalProjectPage() {
  const { id = '' } = useParams();
  const project = useQuery({
    queryKey: [PROJECTS, id],
    queryFn: () => api<PortalProject>(`${PROJECTS}/${encodeURIComponent(id)}`),
  });
  // Another client's project answers 404 (or 400 for a malformed id): the same "not found" page.
  if (project.error instanceof ApiProblem && (project.error.status === 404 || project.error.status === 400)) {
    return <NotFound />;
  }
  if (project.error) return <ErrorNotice error={project.error} />;
  if (!project.data) return <Loading />;
  const data = project.data;
  return (
    <Page title={data.name}>
      <p className="portal-facts">
        <span>{data.code}</span> <StatusBadge status={data.status} />{' '}
        <span className="muted">
          {formatDay(data.startsOn)} – {formatDay(data.endsOn)}
        </span>
      </p>
      <ProjectMilestones projectId={data.id} />
      <ProjectTime projectId={data.id} />
      <ProjectExpenses projectId={data.id} />
    </Page>
  );
}
