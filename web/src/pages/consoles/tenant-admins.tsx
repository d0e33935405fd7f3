import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api, apiAll } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { useSession } from '../../session/session.tsx';
import { TextField } from '../../ui/field.tsx';
import { formatDay } from '../../ui/format.ts';
import { QueryTable } from '../../ui/query-table.tsx';
import { ErrorNotice } from '../../ui/states.tsx';
import { TENANTS } from './console-queries.ts';
import type { AdminCreated, TenantAdmin } from './console-types.ts';

/** A tenant's admins: listed, added (a new user gets a one-time password, shown once) and revoked. */
export function TenantAdmins({ tenantId, tenantName }: { tenantId: string; tenantName: string }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const path = `${TENANTS}/${tenantId}/admins`;
  const admins = useQuery({ queryKey: [path], queryFn: () => apiAll<TenantAdmin>(path) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: [path] });
  const add = useMutation({
    mutationFn: (body: { email: string; name?: string }) => api<AdminCreated>(path, { method: 'POST', body }),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: (membershipId: string) => api(`${path}/${membershipId}/revoke`, { method: 'POST' }),
    onSuccess: refresh,
  });
  const mayWrite = session.can('write:tenant-admins');

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get('name') ?? '');
    add.mutate({ email: String(form.get('email') ?? ''), ...(name ? { name } : {}) });
  }

  const problem = add.error instanceof ApiProblem ? add.error : null;
  return (
    <section aria-labelledby="admins-title">
      <h2 id="admins-title">Tenant admins</h2>
      <ErrorNotice error={revoke.error} />
      <QueryTable
        query={admins}
        empty={`${tenantName} has no admins yet. Add one below.`}
        label={`Admins of ${tenantName}`}
        headers={
          <>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Since</th>
            {mayWrite ? <th scope="col">Action</th> : null}
          </>
        }
        rows={(items) =>
          items.map((admin) => (
            <tr key={admin.id}>
              <td>{admin.name}</td>
              <td>{admin.email}</td>
              <td>{formatDay(admin.createdAt)}</td>
              {mayWrite ? (
                <td>
                  <button
                    type="button"
                    className="button-danger"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate(admin.id)}
                  >
                    Revoke {admin.name}
                  </button>
                </td>
              ) : null}
            </tr>
          ))
        }
      />
      {mayWrite ? (
        <form className="panel console-form" onSubmit={submit} noValidate aria-labelledby="add-admin-title">
          <h3 id="add-admin-title">Add an admin</h3>
          <div className="grid-2">
            <TextField label="Admin email" name="email" type="email" problem={problem} required />
            <TextField label="Admin name" name="name" problem={problem} hint="For a new user" />
          </div>
          <ErrorNotice error={add.error} />
          {add.data ? (
            <p className="notice notice-ok" role="status">
              {add.data.membership.name} is now an admin of {tenantName}.
              {add.data.initialPassword ? (
                <>
                  {' '}
                  One-time password (shown once): <code>{add.data.initialPassword}</code>
                </>
              ) : null}
            </p>
          ) : null}
          <button type="submit" className="button-primary" disabled={add.isPending}>
            Add admin
          </button>
        </form>
      ) : null}
    </section>
  );
}
