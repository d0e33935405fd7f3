import type { ReactNode } from 'react';
import { Empty, QueryView } from './states.tsx';

interface QueryTableProps<T> {
  readonly query: { data: T[] | undefined; error: unknown; isPending: boolean };
  /** What shows instead of the table when the list is empty. */
  readonly empty: ReactNode;
  /** The table's accessible name, when the page has several or no heading names it. */
  readonly label?: string;
  readonly className?: string;
  /** The cells of the one header row. */
  readonly headers: ReactNode;
  /** The body rows of the loaded items. */
  readonly rows: (items: T[]) => ReactNode;
  /** A footer row (totals) of the loaded items. */
  readonly footer?: (items: T[]) => ReactNode;
}

/** A list from the API as a table: loading and error states, the empty message, or the rows. */
export function QueryTable<T>({ query, empty, label, className, headers, rows, footer }: QueryTableProps<T>) {
  return (
    <QueryView query={query}>
      {(items) =>
        items.length === 0 ? (
          <Empty>{empty}</Empty>
        ) : (
          <div className="table-wrap">
            <table className={className} aria-label={label}>
              <thead>
                <tr>{headers}</tr>
              </thead>
              <tbody>{rows(items)}</tbody>
              {footer ? <tfoot>{footer(items)}</tfoot> : null}
            </table>
          </div>
        )
      }
    </QueryView>
  );
}
