import type { ReactNode } from 'react';
import { QueryTable } from '../../ui/query-table.tsx';

interface InboxTableProps<T> {
  /** Prefix of the section's heading id. */
  readonly id: string;
  readonly title: string;
  readonly query: { data: T[] | undefined; error: unknown; isPending: boolean };
  /** What the section says when nothing waits. */
  readonly empty: string;
  readonly tableLabel: string;
  /** The header cells; the last column is the decision. */
  readonly headers: ReactNode;
  readonly row: (item: T) => ReactNode;
}

/** One inbox of the portal: its heading, then "nothing waits" or the table with a decision column. */
export function InboxTable<T>({ id, title, query, empty, tableLabel, headers, row }: InboxTableProps<T>) {
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <QueryTable
        query={query}
        empty={empty}
        label={tableLabel}
        headers={
          <>
            {headers}
            <th scope="col">Decision</th>
          </>
        }
        rows={(items) => items.map(row)}
      />
    </section>
  );
}
