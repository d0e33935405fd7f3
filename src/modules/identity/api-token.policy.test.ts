import { describe, expect, it } from 'vitest';
import type { Permission, TenantPrincipal } from '../../platform/auth/principal.ts';
import { FULL_SCOPE } from '../../platform/tenancy/tenant-context.ts';
import { mayRevoke, narrowToToken, scopeProblems, seesEveryToken } from './api-token.policy.ts';
import { apiTokenOfHeader, hashSecret, mintApiToken, parseApiToken } from './api-token-secret.ts';

const E1 = '01900000-0000-7000-8000-0000000000e1';
const E2 = '01900000-0000-7000-8000-0000000000e2';
const E3 = '01900000-0000-7000-8000-0000000000e3';

const principal = (
  permissions: string[],
  scope: Partial<TenantPrincipal['scope']> = {},
): TenantPrincipal => ({
  userId: 'u',
  membershipId: 'm',
  permissions: new Set(permissions as Permission[]),
  via: 'session',
  sessionId: 's',
  kind: 'tenant',
  tenantId: 't',
  scope: { ...FULL_SCOPE, ...scope },
  clearance: 'confidential',
  grantId: null,
});

describe('which scopes a token may get', () => {
  it('names every scope that is unknown, of another realm, session-only or not held', () => {
    const creator = principal(['use:session', 'read:legal-entities', 'read:api-tokens']);
    expect(
      scopeProblems(creator, [
        'read:legal-entities',
        'write:legal-entities',
        'use:session',
        'read:tenants',
        'frobnicate:things',
        'read:api-tokens',
      ]),
    ).toEqual([
      { path: '/body/scopes/1', message: 'write:legal-entities is not a permission you hold' },
      {
        path: '/body/scopes/2',
        message: 'use:session needs a signed-in session and cannot be given to a token',
      },
      { path: '/body/scopes/3', message: 'read:tenants is not a permission of a tenant' },
      { path: '/body/scopes/4', message: 'frobnicate:things is not a known permission' },
      {
        path: '/body/scopes/5',
        message: 'read:api-tokens needs a signed-in session and cannot be given to a token',
      },
    ]);
  });
});

describe('the principal of a token', () => {
  it('holds the scopes its membership still holds, never the session', () => {
    const membership = principal(['use:session', 'read:legal-entities', 'read:audit']);
    const narrowed = narrowToToken(membership, {
      scopes: ['read:legal-entities', 'write:legal-entities', 'use:session'],
      restriction: {},
    });
    expect([...narrowed.permissions]).toEqual(['read:legal-entities']);
    expect(narrowed).toMatchObject({ via: 'api-token', sessionId: null, clearance: 'confidential' });
    expect(narrowed.scope).toEqual(FULL_SCOPE);
  });

  it('sees per dimension the membership scope narrowed to the restriction', () => {
    const membership = principal(['read:legal-entities'], { legal_entity: [E1, E2], region: 'all' });
    const narrowed = narrowToToken(membership, {
      scopes: ['read:legal-entities'],
      restriction: { legal_entity: [E2, E3], region: [E3], client: [E1] },
    });
    expect(narrowed.scope).toEqual({
      legal_entity: [E2],
      practice: 'all',
      region: [E3],
      client: [E1],
      portfolio: 'all',
    });
  });
});

describe('who manages which tokens', () => {
  it('lets everyone revoke their own, and write:api-tokens anyone’s', () => {
    expect(mayRevoke(principal([]), { membershipId: 'm' })).toBe(true);
    expect(mayRevoke(principal(['read:api-tokens']), { membershipId: 'other' })).toBe(false);
    expect(mayRevoke(principal(['write:api-tokens']), { membershipId: 'other' })).toBe(true);
    expect(seesEveryToken(principal(['read:api-tokens']))).toBe(true);
    expect(seesEveryToken(principal(['write:legal-entities']))).toBe(false);
  });
});

describe('the token format', () => {
  it('is tsr_<id>_<43 base64url characters>, parsed back exactly, stored as a SHA-256 hash', () => {
    const id = '01900000-0000-7000-8000-000000000abc';
    const { token, secretHash } = mintApiToken(id);
    expect(token).toMatch(/^tsr_01900000-0000-7000-8000-000000000abc_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiToken(token);
    expect(parsed?.id).toBe(id);
    expect(secretHash).toBe(hashSecret(parsed?.secret ?? ''));
    expect(secretHash).not.toContain(parsed?.secret);
    expect(apiTokenOfHeader(`Bearer ${token}`)).toBe(token);
    expect(apiTokenOfHeader('Bearer eyJhbGciOi.x.y')).toBeNull();
    expect(parseApiToken(`${token}x`)).toBeNull();
    expect(parseApiToken('tsr_nope_nope')).toBeNull();
  });
});
