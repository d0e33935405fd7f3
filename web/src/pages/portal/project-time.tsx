import { useQuery } from '@tanstack/react-query';
import { apiAll, query } from '../../api/client.ts';
import { formatDay, formatMinutes } from '../../ui/format.ts';
import { QueryTable } from '../../ui/query-table.tsx';
import { TIME_ENTRIES } from './portal-queries.ts';
import type { PortalTimeEntry } from './portal-types.ts';
import { StatusBadge } from './status-badge.tsx';

/** The time booked on a project, newest day first (hours only: no rates, no cost). */
export function ProjectTime({ projectId }: { projectId: string }) {
  const entries = useQuery({
    queryKey: [TIME_ENTRIES, { projectId }],
    queryFn: () => apiAll<PortalTimeEntry>(`${TIME_ENTRIES}${query({ projectId })}`),
  });
  return (
    <section aria-labelledby="time-title">
      <h2 id="time-title">Time</h2>
      <QueryTable
        query={entries}
        empty="No time is booked on this project yet."
        label="Time booked"
        headers={
          <>
            <th scope="col">Day</th>
            <th scope="col">Note</th>
            <th scope="col">Billable</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Hours
            </th>
          </>
        }
        rows={(items) =>
          [...items]
            .sort((a, b) => b.date.localeCompare(a.date))
            .map((entry) => (
              <tr key={entry.id}>
                <td>{formatDay(entry.date)}</td>
                <td>{entry.note ?? ''}</td>
                <td>{entry.billable ? 'Yes' : 'No'}</td>
                <td>
                  <StatusBadge status={entry.status} />
                </td>
                <td className="num">{formatMinutes(entry.minutes)}</td>
              </tr>
            ))
        }
        footer={(items) => (
          <tr>
            <th scope="row" colSpan={4}>
              Total
            </th>
            <td className="num">{formatMinutes(items.reduce((sum, entry) => sum + entry.minutes, 0))}</td>
          </tr>
        )}
      />
    </section>
  );
}
