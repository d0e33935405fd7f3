import { Link } from 'react-router';
import { formatDay } from '../../ui/format.ts';
import { Page } from '../../ui/page.tsx';
import { QueryTable } from '../../ui/query-table.tsx';
import { BILLING_MODELS, useContracts } from './contract-queries.ts';
import { nameOf, useClients } from './finance-queries.ts';

/** The contracts in scope: client, billing model, dates and status, each opening its terms and fees. */
export function ContractsPage() {
  const contracts = useContracts();
  const clients = useClients();
  return (
    <Page title="Contracts">
      <QueryTable
        query={contracts}
        label="Contracts"
        empty="No contracts in your scope."
        headers={
          <>
            <th scope="col">Contract</th>
            <th scope="col">Client</th>
            <th scope="col">Billing</th>
            <th scope="col">Starts</th>
            <th scope="col">Ends</th>
            <th scope="col">Status</th>
          </>
        }
        rows={(items) =>
          [...items]
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((contract) => (
              <tr key={contract.id}>
                <td>
                  <Link to={`/contracts/${contract.id}`}>{contract.name}</Link>
                </td>
                <td>{nameOf(clients.data, contract.clientId)}</td>
                <td>{BILLING_MODELS[contract.billingModel]}</td>
                <td>{formatDay(contract.startsOn)}</td>
                <td>{contract.endsOn ? formatDay(contract.endsOn) : 'Open-ended'}</td>
                <td>{contract.status}</td>
              </tr>
            ))
        }
      />
    </Page>
  );
}
