import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../session/session.tsx';
import { ErrorNotice } from '../ui/states.tsx';

/** Lets a person with several memberships (a firm, a partner, a subcontract) act as another. */
export function MembershipSwitcher() {
  const session = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const memberships = session.signedIn?.memberships ?? [];
  if (memberships.length < 2 || !session.membership) return null;
  return (
    <div className="switcher">
      <label htmlFor="membership-switcher">Acting as</label>
      <select
        id="membership-switcher"
        value={session.membership.id}
        onChange={async (event) => {
          setError(null);
          try {
            await session.switchTo(event.target.value);
            navigate('/');
          } catch (failure) {
            setError(failure);
          }
        }}
      >
        {memberships.map((membership) => (
          <option key={membership.id} value={membership.id}>
            {membership.name} · {membership.roles.join(', ') || membership.kind}
          </option>
        ))}
      </select>
      <ErrorNotice error={error} />
    </div>
  );
}
