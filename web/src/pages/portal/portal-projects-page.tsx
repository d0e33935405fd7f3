import { Link } from 'react-router';
import { formatDay } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { QueryTable } from '../../ui/query-table.tsx';
import { usePortalProjects } from './portal-queries.ts';
import { StatusBadge } from './status-badge.tsx';

/** "My projects": the engagements of the approver's client. */
export function PortalProjectsPage() {
  const projects = usePortalProjects();
  return (
    <Page title="My projects">
      <QueryTable
        query={projects}
        empty="No projects are shared with you yet."
        label="Your projects"
        headers={
          <>
            <th scope="col">Project</th>
            <th scope="col">Code</th>
            <th scope="col">Status</th>
            <th scope="col">Starts</th>
            <th scope="col">Ends</th>
          </>
        }
        rows={(items) =>
          items.map((project) => (
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
          ))
        }
      />
    </Page>
  );
}
