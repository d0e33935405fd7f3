import type { ReactNode } from 'react';
import { Empty, QueryView } from '../../ui/states.tsx';

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

/** One inbox of the portal: its heading, loading and error states, "nothing waits", or the table. */
export function InboxTable<T>({ id, title, query, empty, tableLabel, headers, row }: InboxTableProps<T>) {
  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <QueryView query={query}>
        {(items) =>
          items.length === 0 ? (
            <Empty>{empty}</Empty>
          ) : (
            <div className="table-wrap">
              <table aria-label={tableLabel}>
                <thead>
                  <tr>
                    {headers}
                    <th scope="col">Decision</th>
                  </tr>
                </thead>
                <tbody>{items.map(row)}</tbody>
              </table>
            </div>
          )
        }
      </QueryView>
    </section>
  );
}
