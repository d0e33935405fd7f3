import { randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Permission, Principal } from '../../platform/auth/principal.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';
import {
  CLASSIFICATIONS,
  type Classification,
  SEGMENT_DIMENSIONS,
  type SegmentScope,
} from '../../platform/tenancy/tenant-context.ts';

/** What an access token carries: the principal of one membership, for a short time. */
export interface AccessTokenClaims {
  readonly principal: Principal;
  readonly ttlSeconds?: number;
}

interface SigningKey {
  readonly id: string;
  readonly secret: Uint8Array;
}

const ISSUER = 'tessera';
const DEFAULT_TTL_SECONDS = 15 * 60;

/** Signs and verifies access tokens (HS256 JWTs) with the control plane's signing keys. */
export class AccessTokens {
  private constructor(private readonly keys: readonly SigningKey[]) {}

  /** Loads the unretired keys, creating the first one on a new installation. */
  static async load(control: Kysely<ControlTables>): Promise<AccessTokens> {
    let rows = await control
      .selectFrom('signing_keys')
      .select(['id', 'secret'])
      .where('retired_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
    if (rows.length === 0) {
      await control
        .insertInto('signing_keys')
        .values({ id: uuidv7(), secret: randomBytes(32).toString('base64url'), retired_at: null })
        .execute();
      rows = await control
        .selectFrom('signing_keys')
        .select(['id', 'secret'])
        .where('retired_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
    }
    return new AccessTokens(
      rows.map((row) => ({ id: row.id, secret: new TextEncoder().encode(row.secret) })),
    );
  }

  /** A signed access token for the principal, and when it expires. */
  async issue(claims: AccessTokenClaims): Promise<{ token: string; expiresAt: Date }> {
    const key = this.keys[0] as SigningKey;
    const ttl = claims.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    const expiresAt = new Date(Date.now() + ttl * 1000);
    const p = claims.principal;
    const token = await new SignJWT({
      knd: p.kind,
      mid: p.membershipId,
      via: p.via,
      prm: [...p.permissions],
      ...(p.kind === 'partner' ? { pid: p.partnerId } : {}),
      ...(p.kind === 'tenant' ? { tid: p.tenantId, scp: p.scope, clr: p.clearance, gid: p.grantId } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', kid: key.id })
      .setSubject(p.userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setJti(uuidv7())
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(key.secret);
    return { token, expiresAt };
  }

  /** The principal of a valid token; UNAUTHENTICATED for anything else (expired, forged, malformed). */
  async verify(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, (header) => this.secretFor(header.kid), {
        issuer: ISSUER,
        algorithms: ['HS256'],
      });
      return principalOf(payload);
    } catch (error) {
      if (error instanceof AppError) throw error;
      const expired = error instanceof joseErrors.JWTExpired;
      throw new AppError(
        'UNAUTHENTICATED',
        { reason: expired ? 'expired' : 'invalid' },
        {
          detail: expired ? 'The access token has expired' : 'The access token is not valid',
        },
      );
    }
  }

  private secretFor(kid: string | undefined): Uint8Array {
    const key = this.keys.find((candidate) => candidate.id === kid);
    if (!key)
      throw new AppError(
        'UNAUTHENTICATED',
        { reason: 'unknown key' },
        { detail: 'The access token is not valid' },
      );
    return key.secret;
  }
}

function principalOf(payload: Record<string, unknown>): Principal {
  const invalid = () =>
    new AppError('UNAUTHENTICATED', { reason: 'claims' }, { detail: 'The access token is not valid' });
  const text = (value: unknown) => {
    if (typeof value !== 'string' || value === '') throw invalid();
    return value;
  };
  if (!Array.isArray(payload.prm) || !payload.prm.every((p) => typeof p === 'string' && p.includes(':')))
    throw invalid();
  const base = {
    userId: text(payload.sub),
    membershipId: text(payload.mid),
    permissions: new Set(payload.prm as Permission[]),
    via: payload.via === 'api-token' ? ('api-token' as const) : ('session' as const),
  };
  switch (payload.knd) {
    case 'platform':
      return { ...base, kind: 'platform' };
    case 'partner':
      return { ...base, kind: 'partner', partnerId: text(payload.pid) };
    case 'tenant':
      return {
        ...base,
        kind: 'tenant',
        tenantId: text(payload.tid),
        scope: scopeOf(payload.scp, invalid),
        clearance: clearanceOf(payload.clr, invalid),
        grantId: typeof payload.gid === 'string' ? payload.gid : null,
      };
    default:
      throw invalid();
  }
}

function scopeOf(value: unknown, invalid: () => Error): SegmentScope {
  if (typeof value !== 'object' || value === null) throw invalid();
  const scope: Record<string, 'all' | readonly string[]> = {};
  for (const dimension of SEGMENT_DIMENSIONS) {
    const entry = (value as Record<string, unknown>)[dimension];
    if (entry === 'all') scope[dimension] = 'all';
    else if (Array.isArray(entry) && entry.every((id) => typeof id === 'string'))
      scope[dimension] = entry as string[];
    else throw invalid();
  }
  return scope as SegmentScope;
}

function clearanceOf(value: unknown, invalid: () => Error): Classification {
  if (!CLASSIFICATIONS.includes(value as Classification)) throw invalid();
  return value as Classification;
}
