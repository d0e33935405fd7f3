import { useQuery } from '@tanstack/react-query';
import type { Page } from '../../../api/client.ts';
import { api } from '../../../api/client.ts';
import { useSession } from '../../../session/session.tsx';
import type { Timesheet } from '../api-types.ts';
import { usePeople } from '../lookups.ts';

/**
 * The person linked to the signed-in membership: found among the people in scope, else on one of
 * the member's own timesheets. Undefined while loading, null when the membership has no person yet.
 */
export function useMyPersonId(): string | null | undefined {
  const session = useSession();
  const people = usePeople();
  const membershipId = session.membership?.id;
  const fromPeople = [...people.byId.values()].find((person) => person.membershipId === membershipId);
  const fromTimesheets = useQuery({
    queryKey: ['/api/v1/timesheets/mine', 'any'],
    queryFn: () => api<Page<Timesheet>>('/api/v1/timesheets/mine?limit=1'),
    enabled: people.ready && !fromPeople,
  });
  if (fromPeople) return fromPeople.id;
  if (!people.ready || fromTimesheets.isPending) return undefined;
  return fromTimesheets.data?.items[0]?.personId ?? null;
}
