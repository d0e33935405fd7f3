import { type FormEvent, useState } from 'react';
import { useSession } from '../../session/session.tsx';
import { Page } from '../../ui/page.tsx';
import { today } from './invoice-format.ts';
import { PipelinePanel } from './pipeline-panel.tsx';
import { ProjectsPanel } from './projects-panel.tsx';
import { UtilizationPanel } from './utilization-panel.tsx';

/** Leadership's dashboards for a period: utilization, projects (with margin if cleared), pipeline. */
export function DashboardsPage() {
  const session = useSession();
  const end = today();
  const [period, setPeriod] = useState({ from: `${end.slice(0, 4)}-01-01`, to: end });

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPeriod({ from: String(form.get('from') ?? ''), to: String(form.get('to') ?? '') });
  }

  return (
    <Page title="Dashboards">
      <form className="toolbar" onSubmit={apply} aria-label="Reporting period">
        <div className="field">
          <label htmlFor="dashboard-from">From</label>
          <input id="dashboard-from" name="from" type="date" defaultValue={period.from} />
        </div>
        <div className="field">
          <label htmlFor="dashboard-to">To</label>
          <input id="dashboard-to" name="to" type="date" defaultValue={period.to} />
        </div>
        <button type="submit" className="button-primary dashboard-apply">
          Show period
        </button>
      </form>
      <UtilizationPanel period={period} />
      <ProjectsPanel period={period} />
      {session.can('read:invoices') ? <PipelinePanel period={period} /> : null}
    </Page>
  );
}
