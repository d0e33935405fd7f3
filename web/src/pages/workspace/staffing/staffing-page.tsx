import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, apiAll, query } from '../../../api/client.ts';
import { useSession } from '../../../session/session.tsx';
import { formatDay } from '../../../ui/format.ts';
import { Page } from '../../../ui/page.tsx';
import { Empty, ErrorNotice, Loading } from '../../../ui/states.tsx';
import type { StaffingView } from '../api-types.ts';
import { addDays, isDay, mondayOf, today } from '../calendar.ts';
import { LoadCell } from './load-cell.tsx';

const SPANS = [4, 8, 13, 26];

/** Staffing: each person's weekly capacity against allocated time, over, under or ok. */
export function StaffingPage() {
  const session = useSession();
  const [search, setSearch] = useSearchParams();
  const asked = search.get('from');
  const from = mondayOf(isDay(asked) ? asked : today());
  const weeks = SPANS.includes(Number(search.get('weeks'))) ? Number(search.get('weeks')) : 8;
  const practiceId = search.get('practiceId') ?? '';
  const change = (next: Record<string, string | number>) => {
    const merged = { from, weeks, practiceId, ...next };
    setSearch(
      Object.fromEntries(
        Object.entries(merged)
          .filter(([, value]) => value !== '')
          .map(([k, v]) => [k, String(v)]),
      ),
    );
  };

  const practices = useQuery({
    queryKey: ['/api/v1/practices', 'all'],
    queryFn: () => apiAll<{ id: string; name: string }>('/api/v1/practices'),
    enabled: session.can('read:organization'),
  });
  const base = `/api/v1/staffing${query({ from, weeks, practiceId })}`;
  const view = useInfiniteQuery({
    queryKey: [base],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) =>
      api<StaffingView>(`${base}&limit=100${pageParam ? `&cursor=${pageParam}` : ''}`),
    getNextPageParam: (page) => page.nextCursor,
  });
  const first = view.data?.pages[0];
  const people = view.data?.pages.flatMap((page) => page.items) ?? [];
  const columns = first?.items[0]?.weeks.map((week) => week) ?? [];

  return (
    <Page title="Staffing">
      <div className="toolbar">
        <button type="button" onClick={() => change({ from: addDays(from, -7 * weeks) })}>
          ← Earlier
        </button>
        <label className="inline-field">
          <span>From the week of</span>
          <input
            type="date"
            value={from}
            onChange={(event) => event.target.value && change({ from: mondayOf(event.target.value) })}
          />
        </label>
        <label className="inline-field">
          <span>Weeks</span>
          <select value={weeks} onChange={(event) => change({ weeks: Number(event.target.value) })}>
            {SPANS.map((span) => (
              <option key={span} value={span}>
                {span}
              </option>
            ))}
          </select>
        </label>
        {practices.data ? (
          <label className="inline-field">
            <span>Practice</span>
            <select value={practiceId} onChange={(event) => change({ practiceId: event.target.value })}>
              <option value="">All practices in view</option>
              {practices.data.map((practice) => (
                <option key={practice.id} value={practice.id}>
                  {practice.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button type="button" onClick={() => change({ from: addDays(from, 7 * weeks) })}>
          Later →
        </button>
      </div>
      {first ? (
        <p className="muted legend">
          Allocated / capacity hours per ISO week. <span className="badge badge-danger">Over</span> above{' '}
          {first.thresholds.overAbovePercent} % of capacity, <span className="badge badge-warn">Under</span>{' '}
          below {first.thresholds.underBelowPercent} %, <span className="badge badge-ok">OK</span> in between.
        </p>
      ) : null}
      {view.error ? (
        <ErrorNotice error={view.error} />
      ) : view.isPending ? (
        <Loading label="Loading the staffing view…" />
      ) : people.length === 0 ? (
        <Empty>No active person in your view.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="staffing-grid">
            <caption className="visually-hidden">
              Allocated against capacity per person and week, from {formatDay(from)}
            </caption>
            <thead>
              <tr>
                <th scope="col">Person</th>
                {columns.map((week) => (
                  <th key={week.week} scope="col">
                    {week.week}
                    <div className="muted week-start">{formatDay(week.startsOn)}</div>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {people.map((person) => (
                <tr key={person.personId}>
                  <th scope="row">{person.name}</th>
                  {person.weeks.map((week) => (
                    <LoadCell
                      key={week.week}
                      allocated={week.allocatedMinutes}
                      capacity={week.capacityMinutes}
                      load={week.load}
                    />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {view.hasNextPage ? (
        <button type="button" onClick={() => void view.fetchNextPage()} disabled={view.isFetchingNextPage}>
          {view.isFetchingNextPage ? 'Loading…' : 'Show more people'}
        </button>
      ) : null}
    </Page>
  );
}
