import { Page } from '../../ui/page.tsx';
import { Empty, QueryView } from '../../ui/states.tsx';
import { usePartners } from './console-queries.ts';

/** The platform's partners: resellers and white-label partners, with sub-partners under their parent. */
export function PartnersPage() {
  const partners = usePartners();
  return (
    <Page title="Partners">
      <QueryView query={partners}>
        {(items) => {
          if (items.length === 0) return <Empty>No partners yet.</Empty>;
          const nameOf = new Map(items.map((partner) => [partner.id, partner.name]));
          return (
            <div className="table-wrap">
              <table aria-label="Partners">
                <thead>
                  <tr>
                    <th scope="col">Partner</th>
                    <th scope="col">Slug</th>
                    <th scope="col">Under</th>
                    <th scope="col" className="num">
                      Tenants sold directly
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((partner) => (
                    <tr key={partner.id}>
                      <td>{partner.name}</td>
                      <td>{partner.slug}</td>
                      <td>{partner.parentPartnerId ? (nameOf.get(partner.parentPartnerId) ?? '—') : '—'}</td>
                      <td className="num">{partner.tenantCount}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </QueryView>
    </Page>
  );
}
