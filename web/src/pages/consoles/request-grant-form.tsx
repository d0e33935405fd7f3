import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { Field, TextField } from '../../ui/field.tsx';
import { ErrorNotice } from '../../ui/states.tsx';
import { SUPPORT_GRANTS } from './console-queries.ts';
import type { SupportGrant } from './console-types.ts';
import { wordsOf } from './create-tenant-form.tsx';

/** Asks a tenant for time-boxed, read-only access; every bad field is named by the API. */
export function RequestGrantForm() {
  const queryClient = useQueryClient();
  const request = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<SupportGrant>(SUPPORT_GRANTS, { method: 'POST', body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [`${SUPPORT_GRANTS}/mine`] }),
  });

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const duration = String(form.get('durationMinutes') ?? '');
    const permissions = wordsOf(String(form.get('permissions') ?? ''));
    request.mutate({
      tenantId: String(form.get('tenantId') ?? ''),
      reason: String(form.get('reason') ?? ''),
      ...(duration ? { durationMinutes: Number(duration) } : {}),
      ...(permissions.length ? { permissions } : {}),
      breakGlass: form.get('breakGlass') === 'on',
    });
  }

  const problem = request.error instanceof ApiProblem ? request.error : null;
  return (
    <details className="panel">
      <summary>Ask a tenant for access</summary>
      <form className="console-form" onSubmit={submit} noValidate aria-label="Ask a tenant for access">
        <div className="grid-2">
          <TextField
            label="Tenant id"
            name="tenantId"
            problem={problem}
            hint="The tenant's id from its support ticket"
          />
          <TextField
            label="Duration (minutes)"
            name="durationMinutes"
            inputMode="numeric"
            problem={problem}
            hint="60 when left empty; at most 480"
          />
        </div>
        <Field
          label="Reason"
          name="reason"
          problem={problem}
          hint="At least 10 characters; the tenant reads it"
        >
          {(field) => <textarea name="reason" rows={2} {...field} />}
        </Field>
        <TextField
          label="Permissions"
          name="permissions"
          problem={problem}
          hint="Optional, e.g. verify:audit read:projects; every read-only permission when left empty"
        />
        <div className="field console-check">
          <label>
            <input type="checkbox" name="breakGlass" /> Break-glass (starts at once and alerts the tenant)
          </label>
        </div>
        <ErrorNotice error={request.error} />
        {request.isSuccess ? (
          <p className="notice notice-ok" role="status">
            Requested: the tenant's admins decide.
          </p>
        ) : null}
        <button type="submit" className="button-primary" disabled={request.isPending}>
          Request access
        </button>
      </form>
    </details>
  );
}
