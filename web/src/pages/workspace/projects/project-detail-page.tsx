import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../../api/client.ts';
import { ApiProblem } from '../../../api/problem.ts';
import { formatDay } from '../../../ui/format.ts';
import { Page } from '../../../ui/page.tsx';
import { ErrorNotice, Loading } from '../../../ui/states.tsx';
import { NotFound } from '../../not-found.tsx';
import type { Project } from '../api-types.ts';
import { personLabel, useClients, usePeople } from '../lookups.ts';
import { ProjectBurnPanel } from './project-burn-panel.tsx';
import { ProjectMilestones } from './project-milestones.tsx';
import { ProjectStatus } from './project-status.tsx';
import { ProjectTeam } from './project-team.tsx';

/** One project: its facts, budget burn, milestones and team. */
export function ProjectDetailPage() {
  const { id = '' } = useParams();
  const path = `/api/v1/projects/${id}`;
  const project = useQuery({ queryKey: [path], queryFn: () => api<Project>(path) });
  const clients = useClients();
  const people = usePeople();
  if (project.error instanceof ApiProblem && (project.error.status === 404 || project.error.status === 400)) {
    return <NotFound />;
  }
  if (project.error) return <ErrorNotice error={project.error} />;
  if (project.isPending) return <Loading label="Loading the project…" />;
  const p = project.data;
  return (
    <Page title={`${p.code} ${p.name}`} actions={<Link to="/projects">All projects</Link>}>
      <dl className="facts panel">
        <div>
          <dt>Client</dt>
          <dd>{clients.byId.get(p.clientId)?.name ?? '—'}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <ProjectStatus status={p.status} />
          </dd>
        </div>
        <div>
          <dt>Period</dt>
          <dd>
            {formatDay(p.startsOn)} – {p.endsOn ? formatDay(p.endsOn) : 'open'}
          </dd>
        </div>
        <div>
          <dt>Manager</dt>
          <dd>{p.managerPersonId ? personLabel(people, p.managerPersonId) : '—'}</dd>
        </div>
        <div>
          <dt>Currency</dt>
          <dd>{p.currency}</dd>
        </div>
      </dl>
      <section aria-labelledby="burn-title" className="panel burn-section">
        <h2 id="burn-title">Budget burn</h2>
        <ProjectBurnPanel project={p} />
      </section>
      <section aria-labelledby="milestones-title">
        <h2 id="milestones-title">Milestones</h2>
        <ProjectMilestones projectId={p.id} />
      </section>
      <section aria-labelledby="team-title">
        <h2 id="team-title">Team</h2>
        <ProjectTeam projectId={p.id} />
      </section>
    </Page>
  );
}
