import { Page } from '../../ui/page.tsx';
import { ExpenseApprovals } from './expense-approvals.tsx';
import { MilestoneApprovals } from './milestone-approvals.tsx';
import { TimeApprovals } from './time-approvals.tsx';

/** "To approve": the client's decisions waiting — weeks of time, expenses and milestones ready for acceptance. */
export function PortalApprovalsPage() {
  return (
    <Page title="To approve">
      <TimeApprovals />
      <ExpenseApprovals />
      <MilestoneApprovals />
    </Page>
  );
}
