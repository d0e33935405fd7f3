import { useQuery } from '@tanstack/react-query';
import { api, query } from '../../../api/client.ts';
import { useSession } from '../../../session/session.tsx';
import type { ProjectReport } from '../api-types.ts';
import { addDays, today } from '../calendar.ts';
import { formatHours } from '../hours.ts';

/** The project report over a period (at most 366 days, as the API allows), when the member reads reports. */
export function useProjectReport(from: string | undefined, projectId?: string) {
  const session = useSession();
  const to = today();
  const start = from && from > addDays(to, -365) ? from : addDays(to, -365);
  const path = `/api/v1/reports/projects${query({ from: start, to, projectId })}`;
  return useQuery({
    queryKey: [path],
    queryFn: () => api<ProjectReport>(path),
    enabled: session.can('read:reports') && from !== undefined && start <= to,
  });
}

/** Share of the budget used, in percent (null without a budget). */
export function burnPercent(used: number, budget: number | null | undefined): number | null {
  return budget ? (used / budget) * 100 : null;
}

/** A burn bar with its figure in words, so that the colour is never the only signal. */
export function BurnBar({ used, budget }: { used: number; budget: number | null | undefined }) {
  const percent = burnPercent(used, budget);
  if (percent === null) return <span className="muted">No hours budget</span>;
  const tone = percent > 100 ? 'over' : percent >= 85 ? 'near' : 'ok';
  const words = percent > 100 ? 'over budget' : percent >= 85 ? 'near budget' : 'within budget';
  return (
    <span className={`burn burn-${tone}`}>
      <span className="burn-track" aria-hidden="true">
        <span className="burn-fill" style={{ width: `${Math.min(percent, 100)}%` }} />
      </span>
      <span className="burn-text">
        {Math.round(percent)} % · {words}
        <span className="visually-hidden">
          {' '}
          ({formatHours(used)} of {formatHours(budget ?? 0)} hours)
        </span>
      </span>
    </span>
  );
}
