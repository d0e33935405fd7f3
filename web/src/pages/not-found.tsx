import { Link } from 'react-router';
import { Page } from '../ui/page.tsx';

/** What an unknown, or not visible, address shows: the same page, so nothing is revealed. */
export function NotFound() {
  return (
    <Page title="Not found">
      <p>This page does not exist, or you do not have access to it.</p>
      <p>
        <Link to="/">Go to your start page</Link>
      </p>
    </Page>
  );
}
