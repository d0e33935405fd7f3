import { useSession } from '../../../session/session.tsx';
import { Page } from '../../../ui/page.tsx';
import { ExpenseInbox } from './expense-inbox.tsx';
import { TimeInbox } from './time-inbox.tsx';

/** The approvals inbox: time, and expenses when the member approves them too. */
export function ApprovalsPage() {
  const session = useSession();
  return (
    <Page title="Approvals">
      <section aria-labelledby="time-inbox-title">
        <h2 id="time-inbox-title">Time</h2>
        <TimeInbox />
      </section>
      {session.can('approve:expenses') && session.can('read:expenses') ? (
        <section aria-labelledby="expense-inbox-title">
          <h2 id="expense-inbox-title">Expenses</h2>
          <ExpenseInbox />
        </section>
      ) : null}
    </Page>
  );
}
