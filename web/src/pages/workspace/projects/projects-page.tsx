import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { apiAll, query } from '../../../api/client.ts';
import { useSession } from '../../../session/session.tsx';
import { formatDay } from '../../../ui/format.ts';
import { Page } from '../../../ui/page.tsx';
import { Empty, QueryView } from '../../../ui/states.tsx';
import type { Project } from '../api-types.ts';
import { formatHours } from '../hours.ts';
import { useClients } from '../lookups.ts';
import { BurnBar, useProjectReport } from './budget-burn.tsx';
import { PROJECT_STATUSES, ProjectStatus, projectStatusText } from './project-status.tsx';

/** The projects in my scope, with client, status and budget burn. */
export function ProjectsPage() {
  const session = useSession();
  const [search, setSearch] = useSearchParams();
  const status = search.get('status') ?? '';
  const path = `/api/v1/projects${query({ status })}`;
  const projects = useQuery({ queryKey: [path], queryFn: () => apiAll<Project>(path) });
  const clients = useClients();
  const earliest = projects.data?.map((project) => project.startsOn).sort()[0];
  const report = useProjectReport(earliest);
  const booked = new Map(
    (report.data?.projects ?? []).map((figures) => [figures.projectId, figures.minutes]),
  );
  const readsReports = session.can('read:reports');

  return (
    <Page title="Projects">
      <div className="toolbar">
        <label className="inline-field">
          <span>Status</span>
          <select
            value={status}
            onChange={(event) => setSearch(event.target.value ? { status: event.target.value } : {})}
          >
            <option value="">All statuses</option>
            {PROJECT_STATUSES.map((value) => (
              <option key={value} value={value}>
                {projectStatusText(value)}
              </option>
            ))}
          </select>
        </label>
        {report.data ? (
          <p className="muted report-basis">
            Hours booked {formatDay(report.data.from)} – {formatDay(report.data.to)}: {report.data.basis}.
          </p>
        ) : null}
      </div>
      <QueryView query={projects}>
        {(items) =>
          items.length === 0 ? (
            <Empty>No project in your view{status ? ' with this status' : ''}.</Empty>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Projects</caption>
                <thead>
                  <tr>
                    <th scope="col">Project</th>
                    <th scope="col">Client</th>
                    <th scope="col">Status</th>
                    <th scope="col">Period</th>
                    <th scope="col" className="num">
                      Budget h
                    </th>
                    {readsReports ? (
                      <>
                        <th scope="col" className="num">
                          Booked h
                        </th>
                        <th scope="col">Budget burn</th>
                      </>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {items.map((project) => {
                    const used = booked.get(project.id) ?? 0;
                    return (
                      <tr key={project.id}>
                        <td>
                          <Link to={`/projects/${project.id}`}>
                            <strong>{project.code}</strong> {project.name}
                          </Link>
                        </td>
                        <td>{clients.byId.get(project.clientId)?.name ?? '—'}</td>
                        <td>
                          <ProjectStatus status={project.status} />
                        </td>
                        <td className="nowrap">
                          {formatDay(project.startsOn)} –{' '}
                          {project.endsOn ? formatDay(project.endsOn) : 'open'}
                        </td>
                        <td className="num">
                          {project.budgetMinutes ? formatHours(project.budgetMinutes) : '—'}
                        </td>
                        {readsReports ? (
                          <>
                            <td className="num">{report.isPending ? '…' : formatHours(used)}</td>
                            <td>
                              {report.isPending ? (
                                '…'
                              ) : (
                                <BurnBar used={used} budget={project.budgetMinutes} />
                              )}
                            </td>
                          </>
                        ) : null}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </Page>
  );
}
