import { type ChangeEvent, useId, useState } from 'react';
import type { ApiProblem } from '../../api/problem.ts';

/** Reads a chosen file as a data URL, which is how the API stores a brand's logo. */
function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** The logo: a file input (SVG or PNG) whose content is sent as a data URL; the API's limits show beside it. */
export function LogoInput({
  value,
  onChange,
  problem,
}: {
  value: string;
  onChange: (dataUrl: string) => void;
  problem: ApiProblem | null;
}) {
  const id = useId();
  const [readError, setReadError] = useState<string | null>(null);
  const messages = [...(problem?.fieldMessages('logo') ?? []), ...(readError ? [readError] : [])];

  async function choose(event: ChangeEvent<HTMLInputElement>) {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    try {
      setReadError(null);
      onChange(await readAsDataUrl(file));
    } catch {
      setReadError('The file could not be read.');
    }
  }

  return (
    <div className={`field${messages.length ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>Logo</label>
      <div className="logo-input">
        {value ? (
          <img src={value} alt="Current logo" width={40} height={40} />
        ) : (
          <span className="muted">No logo</span>
        )}
        <input
          id={id}
          type="file"
          accept="image/svg+xml,image/png"
          aria-invalid={messages.length > 0}
          aria-describedby={`${id}-hint${messages.length ? ` ${id}-error` : ''}`}
          onChange={choose}
        />
      </div>
      <small id={`${id}-hint`} className="field-hint">
        SVG or PNG, at most 64 KiB
      </small>
      {messages.length ? (
        <small id={`${id}-error`} className="field-error">
          {messages.join('; ')}
        </small>
      ) : null}
    </div>
  );
}
