import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../../api/client.ts';
import { ApiProblem } from '../../api/problem.ts';
import { Field, TextField } from '../../ui/field.tsx';
import { ErrorNotice } from '../../ui/states.tsx';
import { type BrandDraft, BrandPreview } from './brand-preview.tsx';
import type { AdministeredBrand } from './console-types.ts';
import { wordsOf } from './create-tenant-form.tsx';
import { LogoInput } from './logo-input.tsx';

function draftOf(brand: AdministeredBrand | null): BrandDraft {
  return {
    name: brand?.name ?? '',
    productName: brand?.productName ?? '',
    logo: brand?.logo ?? '',
    primaryColor: brand?.primaryColor ?? '#1f2a44',
    accentColor: brand?.accentColor ?? '#c9a227',
    supportEmail: brand?.supportEmail ?? '',
    supportUrl: brand?.supportUrl ?? '',
    hostnames: brand?.hostnames.join('\n') ?? '',
  };
}

/** Edits one brand (PUT replaces it whole) beside a live preview; the API names every bad field. */
export function BrandForm({ path, brand }: { path: string; brand: AdministeredBrand | null }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<BrandDraft>(() => draftOf(brand));
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api<AdministeredBrand>(path, { method: 'PUT', body }),
    onSuccess: async (saved) => {
      queryClient.setQueryData([path], saved);
      // The app's own look may be this brand.
      await queryClient.invalidateQueries({ queryKey: ['brand'] });
    },
  });
  const set = (key: keyof BrandDraft) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setDraft((current) => ({ ...current, [key]: value }));
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate({
      name: draft.name,
      productName: draft.productName,
      logo: draft.logo,
      primaryColor: draft.primaryColor,
      accentColor: draft.accentColor,
      supportEmail: draft.supportEmail,
      supportUrl: draft.supportUrl === '' ? null : draft.supportUrl,
      hostnames: wordsOf(draft.hostnames),
    });
  }

  const problem = save.error instanceof ApiProblem ? save.error : null;
  return (
    <div className="brand-editor">
      <form className="panel console-form" onSubmit={submit} noValidate aria-label="Brand">
        <TextField
          label="Brand name"
          name="name"
          value={draft.name}
          onChange={set('name')}
          problem={problem}
        />
        <TextField
          label="Product name"
          name="productName"
          value={draft.productName}
          onChange={set('productName')}
          problem={problem}
          hint="Shown in the top bar and the browser tab"
        />
        <div className="grid-2 brand-colours">
          <ColourField
            label="Primary colour"
            name="primaryColor"
            value={draft.primaryColor}
            onChange={set('primaryColor')}
            problem={problem}
          />
          <ColourField
            label="Accent colour"
            name="accentColor"
            value={draft.accentColor}
            onChange={set('accentColor')}
            problem={problem}
          />
        </div>
        <LogoInput
          value={draft.logo}
          onChange={(logo) => setDraft((current) => ({ ...current, logo }))}
          problem={problem}
        />
        <TextField
          label="Support email"
          name="supportEmail"
          type="email"
          value={draft.supportEmail}
          onChange={set('supportEmail')}
          problem={problem}
        />
        <TextField
          label="Support URL"
          name="supportUrl"
          value={draft.supportUrl}
          onChange={set('supportUrl')}
          problem={problem}
          hint="https://… (optional)"
        />
        <Field
          label="Host names"
          name="hostnames"
          problem={problem}
          hint="One per line, e.g. portal.example.com"
        >
          {(field) => (
            <textarea
              name="hostnames"
              rows={3}
              value={draft.hostnames}
              onChange={set('hostnames')}
              {...field}
            />
          )}
        </Field>
        <ErrorNotice error={save.error} />
        {save.isSuccess ? (
          <p className="notice notice-ok" role="status">
            The brand is saved.
          </p>
        ) : null}
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save brand'}
        </button>
      </form>
      <BrandPreview draft={draft} />
    </div>
  );
}

/** A colour as #rrggbb text (sent as typed) with a picker beside it. */
function ColourField({
  label,
  name,
  value,
  onChange,
  problem,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (event: { currentTarget: { value: string } }) => void;
  problem: ApiProblem | null;
}) {
  return (
    <Field label={label} name={name} problem={problem} hint="#rrggbb">
      {(field) => (
        <div className="colour-input">
          <input name={name} value={value} onChange={onChange} {...field} />
          <input
            type="color"
            aria-label={`Pick the ${label.toLowerCase()}`}
            value={/^#[0-9a-fA-F]{6}$/.test(value) ? value.toLowerCase() : '#000000'}
            onChange={onChange}
          />
        </div>
      )}
    </Field>
  );
}
