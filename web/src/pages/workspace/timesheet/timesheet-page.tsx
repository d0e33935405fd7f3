import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { api, apiAll, type Page as ListPage } from '../../../api/client.ts';
import { useSession } from '../../../session/session.tsx';
import { Page } from '../../../ui/page.tsx';
import { Empty, ErrorNotice, Loading } from '../../../ui/states.tsx';
import type { Assignment, Task, Timesheet } from '../api-types.ts';
import { isDay, mondayOf, today, weekDays } from '../calendar.ts';
import { useProjects } from '../lookups.ts';
import { ApprovalProgress } from './approval-progress.tsx';
import { useMyPersonId } from './my-person.ts';
import { TimesheetGrid } from './timesheet-grid.tsx';
import { TimesheetStatus } from './timesheet-status.tsx';
import { WeekPicker } from './week-picker.tsx';
import { coversWeek } from './week-rows.ts';

const MINE = '/api/v1/timesheets/mine';

/** My timesheet: a week of hours per assignment, saved as time entries and submitted for approval. */
export function TimesheetPage() {
  const [search, setSearch] = useSearchParams();
  const asked = search.get('week');
  const monday = mondayOf(isDay(asked) ? asked : today());
  const days = weekDays(monday);
  const session = useSession();
  const queryClient = useQueryClient();
  const personId = useMyPersonId();
  const projects = useProjects();
  const unsaved = useRef(false);
  const onDirtyChange = useCallback((dirty: boolean) => {
    unsaved.current = dirty;
  }, []);

  const week = useQuery({
    queryKey: [MINE, monday],
    queryFn: async () => (await api<ListPage<Timesheet>>(`${MINE}?week=${monday}`)).items[0] ?? null,
  });
  const assignments = useQuery({
    queryKey: ['/api/v1/assignments', { personId }],
    queryFn: () => apiAll<Assignment>(`/api/v1/assignments?personId=${personId}`),
    enabled: !!personId,
  });
  const tasks = useQuery({
    queryKey: ['/api/v1/tasks', { status: 'open' }],
    queryFn: () => apiAll<Task>('/api/v1/tasks?status=open'),
  });
  const closed = useQuery({
    queryKey: ['/api/v1/time-periods'],
    queryFn: () => apiAll<{ month: string }>('/api/v1/time-periods'),
    enabled: session.can('read:time'),
  });

  const submit = useMutation({
    mutationFn: async () => {
      const sheet =
        (await week.refetch()).data ??
        (await api<Timesheet>('/api/v1/timesheets', { method: 'POST', body: { weekStartsOn: monday } }));
      return api<Timesheet>(`/api/v1/timesheets/${sheet.id}/submit`, { method: 'POST' });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: [MINE] }),
  });

  const covering = (assignments.data ?? []).filter((assignment) => coversWeek(assignment, days));
  const loading =
    week.isPending || personId === undefined || (!!personId && assignments.isPending) || tasks.isPending;
  const error = week.error ?? assignments.error ?? tasks.error;

  return (
    <Page title="My timesheet">
      <WeekPicker
        monday={monday}
        onChange={(next) => {
          if (unsaved.current && !window.confirm('Leave this week without saving the hours you typed?'))
            return;
          unsaved.current = false;
          submit.reset();
          setSearch(next === mondayOf(today()) ? {} : { week: next });
        }}
      />
      {error ? (
        <ErrorNotice error={error} />
      ) : loading ? (
        <Loading label="Loading your week…" />
      ) : personId === null ? (
        <Empty>
          Your membership is not linked to a person of the firm yet, so you cannot book time. Ask your admin.
        </Empty>
      ) : (
        <>
          <TimesheetStatus timesheet={week.data ?? null} />
          <ApprovalProgress timesheet={week.data ?? null} />
          <TimesheetGrid
            key={monday}
            days={days}
            timesheet={week.data ?? null}
            assignments={covering}
            tasks={tasks.data ?? []}
            projects={projects}
            closedMonths={new Set((closed.data ?? []).map((period) => period.month))}
            submitting={submit.isPending}
            onDirtyChange={onDirtyChange}
            onSaved={async () => {
              await queryClient.invalidateQueries({ queryKey: [MINE] });
            }}
            onSubmit={async () => {
              await submit.mutateAsync().catch(() => {});
            }}
          />
          {submit.isSuccess ? (
            <p className="notice notice-ok" role="status">
              Week submitted for approval.
            </p>
          ) : null}
          <ErrorNotice error={submit.error} />
        </>
      )}
    </Page>
  );
}
