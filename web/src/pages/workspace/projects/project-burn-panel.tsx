import { useSession } from '../../../session/session.tsx';
import { formatDay, formatMoney } from '../../../ui/format.ts';
import { ErrorNotice, Loading } from '../../../ui/states.tsx';
import type { Project } from '../api-types.ts';
import { formatHours } from '../hours.ts';
import { BurnBar, useProjectReport } from './budget-burn.tsx';

/** Budget against actuals: hours booked against the hours budget, and revenue at bill rates. */
export function ProjectBurnPanel({ project }: { project: Project }) {
  const session = useSession();
  const report = useProjectReport(project.startsOn, project.id);
  if (!session.can('read:reports')) {
    return <p className="muted">Budget burn comes from the project report, which your role does not read.</p>;
  }
  if (report.error) return <ErrorNotice error={report.error} />;
  if (report.isPending) return <Loading label="Loading the budget burn…" />;
  const figures = report.data.projects.find((row) => row.projectId === project.id);
  const minutes = figures?.minutes ?? 0;
  return (
    <div className="burn-panel">
      <dl className="facts">
        <div>
          <dt>Hours budget</dt>
          <dd>{project.budgetMinutes ? formatHours(project.budgetMinutes) : '—'}</dd>
        </div>
        <div>
          <dt>Hours booked</dt>
          <dd>{formatHours(minutes)}</dd>
        </div>
        <div>
          <dt>Billable hours</dt>
          <dd>{formatHours(figures?.billableMinutes ?? 0)}</dd>
        </div>
        <div>
          <dt>Money budget</dt>
          <dd>{formatMoney(project.budget)}</dd>
        </div>
        <div>
          <dt>Revenue at bill rates</dt>
          <dd>
            {figures
              ? formatMoney(figures.revenue)
              : formatMoney({ amountMinor: 0, currency: project.currency })}
          </dd>
        </div>
      </dl>
      <BurnBar used={minutes} budget={project.budgetMinutes} />
      <p className="muted">
        From {formatDay(report.data.from)} to {formatDay(report.data.to)}: {report.data.basis}.
      </p>
    </div>
  );
}
