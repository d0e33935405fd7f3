import { v7 as uuidv7 } from 'uuid';
import { AccessTokens } from '../../src/modules/identity/access-token.ts';
import { createMembership, createUser, type ScopeGrant } from '../../src/modules/identity/accounts.ts';
import { SessionService } from '../../src/modules/identity/session.service.ts';
import { expandPracticeScope } from '../../src/modules/organization/index.ts';
import { createLegalEntity } from '../../src/modules/organization/legal-entity.service.ts';
import { createPractice } from '../../src/modules/organization/practice.service.ts';
import type { Tessera } from '../../src/platform/runtime.ts';
import { systemContext } from '../../src/platform/tenancy/tenant-context.ts';

const PASSWORD = 'access bench password, long enough';

/** A signed-in identity: a real access token from SessionService.login. */
export interface BenchIdentity {
  readonly label: string;
  readonly membershipId: string;
  readonly token: string;
  readonly headers: { authorization: string };
}

/** The tenant the benchmark reads, and two staff identities of it. */
export interface AccessFixture {
  readonly tenantId: string;
  readonly legalEntityIds: readonly string[];
  /** The practice the scoped identity holds (its sub-practices come from the expansion). */
  readonly scopedPracticeId: string;
  /** tenant-admin, every segment. */
  readonly full: BenchIdentity;
  /** tenant-admin, one legal entity and one practice (with sub-practices): the expansion runs. */
  readonly scoped: BenchIdentity;
}

/**
 * A tenant with `entities` legal entities and a small practice tree (Strategy ⊃ Pricing, Growth;
 * Delivery), and two staff users signed in through the real login.
 */
export async function createAccessFixture(tessera: Tessera, entities: number): Promise<AccessFixture> {
  const { tenant } = await tessera.control.createTenant({
    name: 'Access Bench',
    slug: `access-bench-${process.pid}-${Date.now()}`,
    homeRegion: tessera.config.defaultCellRegion,
    isolationTier: 'pooled',
  });
  const tenantId = tenant.id;
  const { legalEntityIds, strategyId } = await tessera.withTenant(
    systemContext(tenantId, 'access-bench-setup'),
    async (tx) => {
      const ids: string[] = [];
      for (let i = 1; i <= entities; i += 1) {
        const entity = await createLegalEntity(tx, {
          name: `Bench Entity ${i}`,
          country: 'DE',
          functionalCurrency: 'EUR',
          taxId: `DE${100_000_000 + i}`,
        });
        ids.push(entity.id);
      }
      const strategy = await createPractice(tx, { name: 'Strategy', code: 'strategy' });
      await createPractice(tx, { name: 'Pricing', code: 'pricing', parentId: strategy.id as string });
      await createPractice(tx, { name: 'Growth', code: 'growth', parentId: strategy.id as string });
      await createPractice(tx, { name: 'Delivery', code: 'delivery' });
      return { legalEntityIds: ids, strategyId: strategy.id as string };
    },
  );
  // Deliver the setup's domain events now, so that no outbox work runs while timing.
  await tessera.outbox.drain(tenantId);

  const control = tessera.control.db;
  const sessions = new SessionService(control, await AccessTokens.load(control));
  const signIn = async (label: string, scope: ScopeGrant): Promise<BenchIdentity> => {
    const email = `access-bench-${uuidv7()}@example.test`;
    const userId = await createUser(control, { email, name: `Bench ${label}`, password: PASSWORD });
    const membershipId = await createMembership(control, {
      userId,
      kind: 'staff',
      tenantId,
      roles: ['tenant-admin'],
      scope,
    });
    const signedIn = await sessions.login({
      email,
      password: PASSWORD,
      membershipId,
      clientAddress: null,
      userAgent: null,
    });
    return {
      label,
      membershipId,
      token: signedIn.accessToken,
      headers: { authorization: `Bearer ${signedIn.accessToken}` },
    };
  };
  const all = {
    legal_entity: 'all',
    practice: 'all',
    region: 'all',
    client: 'all',
    portfolio: 'all',
  } as const;
  const full = await signIn('full scope', all);
  const scoped = await signIn('scoped', {
    ...all,
    legal_entity: [legalEntityIds[0] as string],
    practice: [strategyId],
  });
  return { tenantId, legalEntityIds, scopedPracticeId: strategyId, full, scoped };
}

/** The practice expansion exactly as buildApp wires it: a read-only system transaction of the tenant. */
export function practiceExpander(tessera: Tessera) {
  return (tenantId: string, ids: readonly string[]) =>
    tessera.withTenant(systemContext(tenantId, 'practice-scope'), (tx) => expandPracticeScope(tx, ids), {
      readOnly: true,
    });
}
