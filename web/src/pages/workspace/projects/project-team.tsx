import { useQuery } from '@tanstack/react-query';
import { apiAll } from '../../../api/client.ts';
import { formatDay } from '../../../ui/format.ts';
import { Empty, QueryView } from '../../../ui/states.tsx';
import type { Assignment } from '../api-types.ts';
import { personLabel, usePeople } from '../lookups.ts';

/** Who is assigned to the project, in which role, how much and when. */
export function ProjectTeam({ projectId }: { projectId: string }) {
  const people = usePeople();
  const path = `/api/v1/assignments?projectId=${projectId}`;
  const team = useQuery({ queryKey: [path], queryFn: () => apiAll<Assignment>(path) });
  return (
    <QueryView query={team}>
      {(assignments) =>
        assignments.length === 0 ? (
          <Empty>Nobody is assigned to this project yet.</Empty>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Team</caption>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col">Role</th>
                  <th scope="col" className="num">
                    Allocation
                  </th>
                  <th scope="col">From</th>
                  <th scope="col">Until</th>
                </tr>
              </thead>
              <tbody>
                {assignments.map((assignment) => (
                  <tr key={assignment.id}>
                    <td>{personLabel(people, assignment.personId)}</td>
                    <td>{assignment.role ?? '—'}</td>
                    <td className="num">
                      {assignment.allocationPercent === undefined ? '—' : `${assignment.allocationPercent} %`}
                    </td>
                    <td>{formatDay(assignment.startsOn)}</td>
                    <td>{formatDay(assignment.endsOn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      }
    </QueryView>
  );
}
