import { api } from '../../api/client.ts';
import { problemOf } from '../../api/problem.ts';
import type { SupportGrant } from './console-types.ts';

/** Exchanges the engineer's session for a token that acts under an approved grant. */
export function grantToken(
  grantId: string,
): Promise<{ accessToken: string; expiresAt: string; grant: SupportGrant }> {
  return api(`/api/v1/support-grants/${grantId}/token`, { method: 'POST' });
}

/**
 * Reads the public API as the grant (not as the session): the grant's token goes in place of the
 * session's, so the tenant sees the request in the grant's uses.
 */
export async function apiUnderGrant<T>(path: string, accessToken: string): Promise<T> {
  const response = await fetch(path, {
    headers: { accept: 'application/json', authorization: `Bearer ${accessToken}` },
  });
  if (!response.ok) throw await problemOf(response);
  return (await response.json()) as T;
}
