import { problemOf } from './problem.ts';

/** Where the signed-in session keeps its tokens; set by the session provider. */
export interface TokenSource {
  accessToken(): Promise<string | null>;
  /** Called once on a 401: the session refreshes or signs out. Returns a new token or null. */
  onUnauthenticated(): Promise<string | null>;
}

let tokens: TokenSource = { accessToken: async () => null, onUnauthenticated: async () => null };

export function useTokenSource(source: TokenSource): void {
  tokens = source;
}

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return fetch(path, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

/** Calls the public API with the session's token; throws an ApiProblem for every non-2xx answer. */
export async function apiResponse(path: string, options: RequestOptions = {}): Promise<Response> {
  let response = await send(path, options, await tokens.accessToken());
  if (response.status === 401 && !path.startsWith('/api/v1/auth/')) {
    const renewed = await tokens.onUnauthenticated();
    if (renewed) response = await send(path, options, renewed);
  }
  if (!response.ok) throw await problemOf(response);
  return response;
}

/** Calls the API and returns its JSON body (undefined for 204). */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiResponse(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A list page as every list route answers it. */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Reads every page of a list (the API caps a page at 200), up to `max` items. */
export async function apiAll<T>(path: string, max = 2000): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url = `${path}${separator}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: Page<T> = await api<Page<T>>(url);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < max);
  return items;
}

/** Builds a query string from the defined values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** A fresh Idempotency-Key for one user action (a retried click reuses it). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
