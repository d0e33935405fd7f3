import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { useSession } from '../../session/session.tsx';
import { Field, TextField } from '../../ui/field.tsx';
import { ErrorNotice } from '../../ui/states.tsx';
import { PARTNERS, TENANTS, usePartners } from './console-queries.ts';
import type { ConsoleTenant } from './console-types.ts';

/** The words of a list field ("eu, us" → ["eu", "us"]); empty when nothing was typed. */
export function wordsOf(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** Creates a tenant under a partner in reach; the API places it on a cell and names every bad field. */
export function CreateTenantForm({ onCreated }: { onCreated: (tenant: ConsoleTenant) => void }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const partners = usePartners();
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<ConsoleTenant>(TENANTS, { method: 'POST', body }),
    onSuccess: async (tenant) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [TENANTS] }),
        queryClient.invalidateQueries({ queryKey: [PARTNERS] }),
      ]);
      onCreated(tenant);
    },
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const partnerId = String(form.get('partnerId') ?? '');
    const allowedRegions = wordsOf(String(form.get('allowedRegions') ?? ''));
    create.mutate({
      name: String(form.get('name') ?? ''),
      slug: String(form.get('slug') ?? ''),
      partnerId: partnerId === '' ? null : partnerId,
      homeRegion: String(form.get('homeRegion') ?? ''),
      isolationTier: String(form.get('isolationTier') ?? ''),
      ...(allowedRegions.length > 0 ? { allowedRegions } : {}),
    });
  }

  const problem = create.error instanceof ApiProblem ? create.error : null;
  const ownPartner = session.me?.partnerId ?? '';
  return (
    <form className="panel console-form" onSubmit={submit} noValidate aria-labelledby="new-tenant-title">
      <h2 id="new-tenant-title">New tenant</h2>
      <div className="grid-2">
        <TextField label="Name" name="name" problem={problem} required />
        <TextField
          label="Slug"
          name="slug"
          problem={problem}
          hint="Lowercase words joined by dashes, e.g. fjord-law"
          required
        />
        <Field label="Sold by" name="partnerId" problem={problem}>
          {(field) => (
            <select name="partnerId" defaultValue={ownPartner} {...field}>
              {session.surface === 'platform' ? <option value="">Direct (platform)</option> : null}
              {(partners.data ?? []).map((partner) => (
                <option key={partner.id} value={partner.id}>
                  {partner.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextField label="Home region" name="homeRegion" problem={problem} hint="eu or us" required />
        <Field label="Isolation tier" name="isolationTier" problem={problem}>
          {(field) => (
            <select name="isolationTier" defaultValue="pooled" {...field}>
              <option value="pooled">Pooled (shared cell)</option>
              <option value="dedicated">Dedicated (own cell)</option>
            </select>
          )}
        </Field>
        <TextField
          label="Allowed regions"
          name="allowedRegions"
          problem={problem}
          hint="Optional, separated by commas; the home region when left empty"
        />
      </div>
      <ErrorNotice error={create.error} />
      <button type="submit" className="button-primary" disabled={create.isPending}>
        {create.isPending ? 'Creating…' : 'Create tenant'}
      </button>
    </form>
  );
}
