import { Page } from '../../ui/page.tsx';
import { QueryTable } from '../../ui/query-table.tsx';
import { usePartners } from './console-queries.ts';

/** The platform's partners: resellers and white-label partners, with sub-partners under their parent. */
export function PartnersPage() {
  const partners = usePartners();
  return (
    <Page title="Partners">
      <QueryTable
        query={partners}
        empty="No partners yet."
        label="Partners"
        headers={
          <>
            <th scope="col">Partner</th>
            <th scope="col">Slug</th>
            <th scope="col">Under</th>
            <th scope="col" className="num">
              Tenants sold directly
            </th>
          </>
        }
        rows={(items) => {
          const nameOf = new Map(items.map((partner) => [partner.id, partner.name]));
          return items.map((partner) => (
            <tr key={partner.id}>
              <td>{partner.name}</td>
              <td>{partner.slug}</td>
              <td>{partner.parentPartnerId ? (nameOf.get(partner.parentPartnerId) ?? '—') : '—'}</td>
              <td className="num">{partner.tenantCount}</td>
            </tr>
          ));
        }}
      />
    </Page>
  );
}
