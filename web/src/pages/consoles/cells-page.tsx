import { Link } from 'react-router';
import { Page } from '../../ui/page.tsx';
import { QueryTable } from '../../ui/query-table.tsx';
import { ErrorNotice } from '../../ui/states.tsx';
import { useCells, useTenants } from './console-queries.ts';
import { StatusBadge } from './status-badge.tsx';

/** The cells that hold tenant data, and which tenants are placed on each. */
export function CellsPage() {
  const cells = useCells();
  const tenants = useTenants();
  return (
    <Page title="Cells">
      <ErrorNotice error={tenants.error} />
      <QueryTable
        query={cells}
        empty="No cells are registered."
        label="Cells and their tenants"
        headers={
          <>
            <th scope="col">Cell</th>
            <th scope="col">Region</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Tenants placed</th>
          </>
        }
        rows={(items) =>
          items.map((cell) => {
            const placed = (tenants.data ?? []).filter((tenant) => tenant.cell === cell.name);
            return (
              <tr key={cell.id}>
                <th scope="row" className="console-row-head">
                  {cell.name}
                </th>
                <td>{cell.region}</td>
                <td>{cell.kind}</td>
                <td>
                  <StatusBadge status={cell.status} />
                </td>
                <td>
                  {placed.length === 0 ? (
                    <span className="muted">{tenants.data ? 'None' : '…'}</span>
                  ) : (
                    <ul className="console-list">
                      {placed.map((tenant) => (
                        <li key={tenant.id}>
                          <Link to={`/platform/tenants/${tenant.id}`}>{tenant.name}</Link>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })
        }
      />
    </Page>
  );
}
