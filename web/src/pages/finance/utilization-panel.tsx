import { useQuery } from '@tanstack/react-query';
import { api, query } from '../../api/client.ts';
import { formatPercent } from '../../ui/format.ts';
import { Empty, QueryView } from '../../ui/states.tsx';
import { type Bar, BarChart } from './bar-chart.tsx';
import { nameOf, usePractices } from './finance-queries.ts';
import type { UtilizationReport } from './finance-types.ts';

interface Period {
  readonly from: string;
  readonly to: string;
}

function bar(id: string, label: string, utilization: number | null): Bar {
  const percent = utilization === null ? 0 : utilization * 100;
  return { id, label, value: percent, text: formatPercent(utilization === null ? null : percent) };
}

/** A one-sentence reading of a utilization chart: how many, the average and the highest. */
function summaryOf(bars: readonly Bar[], noun: string): string {
  if (bars.length === 0) return `no ${noun}`;
  const top = bars.reduce((best, next) => (next.value > best.value ? next : best));
  const average = bars.reduce((sum, next) => sum + next.value, 0) / bars.length;
  return `${bars.length} ${noun}, average ${formatPercent(average)}, highest ${top.label} at ${top.text}`;
}

/** Utilization (billable over capacity) per person and per practice in the period. */
export function UtilizationPanel({ period }: { period: Period }) {
  const practices = usePractices();
  const report = useQuery({
    queryKey: ['/api/v1/reports/utilization', period],
    queryFn: () => api<UtilizationReport>(`/api/v1/reports/utilization${query({ ...period })}`),
  });
  return (
    <section className="panel" aria-labelledby="utilization-title">
      <h2 id="utilization-title">Utilization</h2>
      <QueryView query={report}>
        {(data) => {
          if (data.people.length === 0) return <Empty>No time was booked in the period.</Empty>;
          const people = [...data.people]
            .sort((a, b) => (b.utilization ?? 0) - (a.utilization ?? 0))
            .map((person) => bar(person.personId, person.name, person.utilization));
          const byPractice = data.practices.map((practice) =>
            bar(
              practice.practiceId ?? 'none',
              practice.practiceId ? nameOf(practices.data, practice.practiceId) : 'No practice',
              practice.utilization,
            ),
          );
          return (
            <div className="chart-stack">
              <BarChart
                title="Utilization by person"
                summary={summaryOf(people, 'people')}
                bars={people}
                valueHeading="Utilization"
              />
              <BarChart
                title="Utilization by practice"
                summary={summaryOf(byPractice, 'practices')}
                bars={byPractice}
                valueHeading="Utilization"
              />
              <p className="muted">Basis: {data.basis}.</p>
            </div>
          );
        }}
      </QueryView>
    </section>
  );
}
