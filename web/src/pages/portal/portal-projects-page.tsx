import { Link } from 'react-router';
import { formatDay } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { Empty, QueryView } from '../../ui/states.tsx';
import { usePortalProjects } from './portal-queries.ts';
import { StatusBadge } from './status-badge.tsx';

/** "My projects": the engagements of the approver's client. */
export function PortalProjectsPage() {
  const projects = usePortalProjects();
  return (
    <Page title="My projects">
      <QueryView query={projects}>
        {(items) =>
          items.length === 0 ? (
            <Empty>No projects are shared with you yet.</Empty>
          ) : (
            <div className="table-wrap">
              <table aria-label="Your projects">
                <thead>
                  <tr>
                    <th scope="col">Project</th>
                    <th scope="col">Code</th>
                    <th scope="col">Status</th>
                    <th scope="col">Starts</th>
                    <th scope="col">Ends</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((project) => (
                    <tr key={project.id}>
                      <td>
                        <Link to={`/portal/projects/${project.id}`}>{project.name}</Link>
                      </td>
                      <td>{project.code}</td>
                      <td>
                        <StatusBadge status={project.status} />
                      </td>
                      <td>{formatDay(project.startsOn)}</td>
                      <td>{formatDay(project.endsOn)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </Page>
  );
}
