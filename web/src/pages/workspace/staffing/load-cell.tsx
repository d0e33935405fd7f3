import { formatMinutes } from '../../../ui/format.ts';
import type { Load } from '../api-types.ts';

const LOAD: Record<Load, { text: string; tone: string }> = {
  over: { text: 'Over', tone: 'badge badge-danger' },
  under: { text: 'Under', tone: 'badge badge-warn' },
  ok: { text: 'OK', tone: 'badge badge-ok' },
};

/** A person's week: allocated against capacity, and the load in words as well as colour. */
export function LoadCell({ allocated, capacity, load }: { allocated: number; capacity: number; load: Load }) {
  const label = LOAD[load];
  return (
    <td className={`load-cell load-${load}`}>
      <span className="load-figures">
        {formatMinutes(allocated)}
        <span className="muted"> / {formatMinutes(capacity)}</span>
      </span>{' '}
      <span className={label.tone}>{label.text}</span>
    </td>
  );
}

export const loadText = (load: Load) => LOAD[load].text;
