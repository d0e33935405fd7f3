import { DEMO_PASSWORD } from '../../../src/demo/world/world-personas.ts';

/** What sign-in answers, as far as the browser tests read it. */
export interface SignedInByApi {
  readonly accessToken: string;
  readonly memberships: { readonly id: string; readonly name: string }[];
}

/** Signs a demo persona in through the API (optionally into one membership). */
export async function signInByApi(url: string, email: string, membershipId?: string): Promise<SignedInByApi> {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD, ...(membershipId ? { membershipId } : {}) }),
  });
  if (!response.ok) throw new Error(`sign-in of ${email}: ${response.status} ${await response.text()}`);
  return (await response.json()) as SignedInByApi;
}

/** Calls the demo's API as one persona; a non-2xx answer throws with its status and body. */
export type ApiCall = <T>(
  path: string,
  method?: string,
  body?: object,
  headers?: Record<string, string>,
) => Promise<T>;

/**
 * Signs a persona in through the API, for checking beside the browser what the screens did (and
 * for preparing what a test needs, as another persona would through the app).
 */
export async function apiAs(demo: { readonly url: string }, email: string): Promise<ApiCall> {
  const { accessToken } = await signInByApi(demo.url, email);
  return async <T>(
    path: string,
    method = 'GET',
    body?: object,
    headers: Record<string, string> = {},
  ): Promise<T> => {
    const response = await fetch(`${demo.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${accessToken}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** A page script: how many inputs, selects and text areas have neither a label nor an aria-label. */
export const UNLABELLED_CONTROLS = `[...document.querySelectorAll('input, select, textarea')]
  .filter((control) => !control.labels?.length && !control.getAttribute('aria-label')).length`;
