import { buildApp, loadAccessTokens } from '../../src/app.ts';
import type { Permission, Principal } from '../../src/platform/auth/principal.ts';
import type { HttpApp } from '../../src/platform/http/index.ts';
import { FULL_SCOPE, type SegmentScope } from '../../src/platform/tenancy/tenant-context.ts';
import type { TestTessera } from './test-tessera.ts';

/** The HTTP app over a test Tessera, and a way to sign in as any principal with a real token. */
export async function openTestApp(
  t: TestTessera,
): Promise<{ app: HttpApp; tokenFor(principal: Principal): Promise<string> }> {
  const tokens = await loadAccessTokens(t.tessera);
  const app = await buildApp(t.tessera, tokens);
  return { app, tokenFor: async (principal) => (await tokens.issue({ principal })).token };
}

/** A tenant principal holding the given permissions, with full scope unless narrowed. */
export function tenantPrincipal(
  tenantId: string,
  permissions: readonly Permission[],
  scope: Partial<SegmentScope> = {},
): Principal {
  return {
    kind: 'tenant',
    tenantId,
    userId: `user-of-${tenantId.slice(-6)}`,
    membershipId: '01900000-0000-7000-8000-00000000000a',
    permissions: new Set(permissions),
    via: 'session',
    scope: { ...FULL_SCOPE, ...scope },
    clearance: 'internal',
    grantId: null,
  };
}
