import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, type Page as ListPage, query } from '../../api/client.ts';
import { Page } from '../../ui/page.tsx';
import { Empty, ErrorNotice, Loading } from '../../ui/states.tsx';
import { useClients, useLegalEntities } from './finance-queries.ts';
import type { Invoice } from './finance-types.ts';
import { InvoiceTable } from './invoice-table.tsx';

const STATUSES = ['draft', 'approved', 'issued', 'paid', 'void'] as const;

/** Invoices and credit notes in scope, filtered by status and kind (kept in the address). */
export function InvoicesPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const kind = params.get('kind') ?? '';
  const clients = useClients();
  const entities = useLegalEntities();
  const path = `/api/v1/invoices${query({ status, kind, limit: 50 })}`;
  const list = useInfiniteQuery({
    queryKey: ['/api/v1/invoices', { status, kind }],
    queryFn: ({ pageParam }) =>
      api<ListPage<Invoice>>(`${path}${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  function filter(name: string, value: string) {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  }

  const invoices = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Page title="Invoices">
      <form className="toolbar" aria-label="Filter invoices" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="invoice-status">Status</label>
          <select
            id="invoice-status"
            value={status}
            onChange={(event) => filter('status', event.target.value)}
          >
            <option value="">Any status</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {value[0]?.toUpperCase()}
                {value.slice(1)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="invoice-kind">Kind</label>
          <select id="invoice-kind" value={kind} onChange={(event) => filter('kind', event.target.value)}>
            <option value="">Invoices and credit notes</option>
            <option value="invoice">Invoices</option>
            <option value="credit_note">Credit notes</option>
          </select>
        </div>
      </form>
      {list.error ? <ErrorNotice error={list.error} /> : null}
      {list.isPending ? <Loading /> : null}
      {!list.isPending && !list.error && invoices.length === 0 ? (
        <Empty>No invoices match. Billing runs draft invoices from approved work.</Empty>
      ) : null}
      {invoices.length > 0 ? (
        <InvoiceTable
          invoices={invoices}
          clients={clients.data}
          entities={entities.data}
          caption="Invoices"
        />
      ) : null}
      {list.hasNextPage ? (
        <p>
          <button type="button" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? 'Loading more…' : 'Show more invoices'}
          </button>
        </p>
      ) : null}
    </Page>
  );
}
