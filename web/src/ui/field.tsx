import { type InputHTMLAttributes, type ReactNode, useId } from 'react';
import type { ApiProblem } from '../api/problem.ts';

interface FieldProps {
  readonly label: string;
  /** The body field this input fills; its problems from the API show under it. */
  readonly name: string;
  readonly problem?: ApiProblem | null | undefined;
  readonly hint?: string;
  readonly children: (props: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby'?: string;
  }) => ReactNode;
}

/** A labelled form control with the API's messages for its field shown beside it. */
export function Field({ label, name, problem, hint, children }: FieldProps) {
  const id = useId();
  const messages = problem?.fieldMessages(name) ?? [];
  const describedBy = [hint ? `${id}-hint` : null, messages.length ? `${id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={`field${messages.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': messages.length > 0,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
      })}
      {hint ? (
        <small id={`${id}-hint`} className="field-hint">
          {hint}
        </small>
      ) : null}
      {messages.length ? (
        <small id={`${id}-error`} className="field-error">
          {messages.join('; ')}
        </small>
      ) : null}
    </div>
  );
}

/** A text input inside a Field. */
export function TextField({
  label,
  name,
  problem,
  hint,
  ...input
}: Omit<FieldProps, 'children'> & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <Field label={label} name={name} problem={problem} hint={hint}>
      {(props) => <input name={name} {...input} {...props} />}
    </Field>
  );
}
