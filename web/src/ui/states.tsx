import type { ReactNode } from 'react';
import { ApiProblem } from '../api/problem.ts';

/** Shown while data loads; announced politely to screen readers. */
export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="state state-loading" role="status" aria-live="polite">
      {label}
    </p>
  );
}

/** Shown when a list or view has nothing yet, with what to do about it. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="state state-empty">{children}</p>;
}

/** Explains a failed request: the API's problem title and detail, never a stack trace. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (error === null || error === undefined) return null;
  const problem = error instanceof ApiProblem ? error : null;
  const title = problem ? problem.title : 'Something went wrong';
  const detail = problem ? problem.detail : error instanceof Error ? error.message : undefined;
  const notFieldBound = problem?.errors.filter((e) => !e.path.startsWith('/body/')) ?? [];
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title}</strong>
      {detail && detail !== title ? <span> — {detail}</span> : null}
      {notFieldBound.length > 0 ? (
        <ul>
          {notFieldBound.map((e) => (
            <li key={`${e.path}:${e.message}`}>
              <code>{e.path}</code> {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** Renders a query's loading and error states, then its data. */
export function QueryView<T>({
  query,
  children,
}: {
  query: { data: T | undefined; error: unknown; isPending: boolean };
  children: (data: T) => ReactNode;
}) {
  if (query.error) return <ErrorNotice error={query.error} />;
  if (query.isPending || query.data === undefined) return <Loading />;
  return <>{children(query.data)}</>;
}
