import { useQuery } from '@tanstack/react-query';
import { api, query } from '../../api/client.ts';
import { formatMinutes, formatMoney, formatPercent } from '../../ui/format.ts';
import { Empty, QueryView } from '../../ui/states.tsx';
import { type Bar, BarChart } from './bar-chart.tsx';
import type { ProjectFigures, ProjectReport } from './finance-types.ts';

/** The API leaves the margin fields out (not null) for anyone without cost clearance. */
function showsMargin(projects: readonly ProjectFigures[]): boolean {
  return projects.some((project) => 'margin' in project || 'marginPercent' in project);
}

function MarginChart({ projects }: { projects: readonly ProjectFigures[] }) {
  const bars: Bar[] = projects
    .filter((project) => typeof project.marginPercent === 'number')
    .map((project) => ({
      id: project.projectId,
      label: project.name,
      value: project.marginPercent as number,
      text: `${formatPercent(project.marginPercent)} (${formatMoney(project.margin)})`,
    }))
    .sort((a, b) => b.value - a.value);
  if (bars.length === 0)
    return (
      <p className="notice margin-note">
        Project margin: no project has one in the period. A margin needs every minute priced and costed, with
        its cost in the project's currency (there is no currency conversion here); see the table.
      </p>
    );
  const top = bars[0] as Bar;
  return (
    <BarChart
      title="Project margin"
      summary={`${bars.length} projects with a margin, highest ${top.label} at ${top.text}`}
      bars={bars}
      valueHeading="Margin"
    />
  );
}

function ProjectTable({ projects, margin }: { projects: readonly ProjectFigures[]; margin: boolean }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">Project figures</caption>
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col" className="num">
              Hours
            </th>
            <th scope="col" className="num">
              Billable
            </th>
            <th scope="col" className="num">
              Revenue
            </th>
            {margin ? (
              <>
                <th scope="col" className="num">
                  Cost
                </th>
                <th scope="col" className="num">
                  Margin
                </th>
                <th scope="col" className="num">
                  Margin %
                </th>
              </>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {projects.map((project) => (
            <tr key={project.projectId}>
              <th scope="row">
                {project.name} <span className="muted">{project.code}</span>
              </th>
              <td className="num">{formatMinutes(project.minutes)}</td>
              <td className="num">{formatMinutes(project.billableMinutes)}</td>
              <td className="num">{formatMoney(project.revenue)}</td>
              {margin ? (
                <>
                  <td className="num">
                    {(project.costs ?? []).map((cost) => formatMoney(cost)).join(' + ') || '—'}
                  </td>
                  <td className="num">{formatMoney(project.margin)}</td>
                  <td className="num">{formatPercent(project.marginPercent)}</td>
                </>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Per project: hours and revenue for everyone, margin only when the API gives it (cost clearance). */
export function ProjectsPanel({ period }: { period: { readonly from: string; readonly to: string } }) {
  const report = useQuery({
    queryKey: ['/api/v1/reports/projects', period],
    queryFn: () => api<ProjectReport>(`/api/v1/reports/projects${query({ ...period })}`),
  });
  return (
    <section className="panel" aria-labelledby="projects-title">
      <h2 id="projects-title">Projects</h2>
      <QueryView query={report}>
        {(data) => {
          if (data.projects.length === 0) return <Empty>No project has time in the period.</Empty>;
          const margin = showsMargin(data.projects);
          const hours: Bar[] = [...data.projects]
            .sort((a, b) => b.billableMinutes - a.billableMinutes)
            .map((project) => ({
              id: project.projectId,
              label: project.name,
              value: project.billableMinutes,
              text: `${formatMinutes(project.billableMinutes)} h`,
            }));
          return (
            <>
              <div className="chart-stack">
                <BarChart
                  title="Billable hours by project"
                  summary={`${hours.length} projects, most ${hours[0]?.label} with ${hours[0]?.text}`}
                  bars={hours}
                  valueHeading="Billable hours"
                />
                {margin ? (
                  <MarginChart projects={data.projects} />
                ) : (
                  <p className="notice margin-note">
                    Margin is shown to people with cost clearance only; your role sees hours and revenue.
                  </p>
                )}
              </div>
              <ProjectTable projects={data.projects} margin={margin} />
            </>
          );
        }}
      </QueryView>
    </section>
  );
}
