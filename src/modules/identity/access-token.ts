import { createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { AppError } from '../../platform/errors/index.ts';
import type { ControlTables } from '../../platform/tenancy/control-tables.ts';

/**
 * What an access token says: who, through which membership, under which session (or API
 * token), and for a support engineer the grant. Roles, scope and status are NOT in the token:
 * they are read at every request, so a revocation takes effect at once.
 */
export interface AccessTokenClaims {
  readonly userId: string;
  readonly membershipId: string;
  readonly sessionId: string | null;
  readonly apiTokenId: string | null;
  readonly grantId: string | null;
}

interface SigningKey {
  readonly id: string;
  // A Node key object, imported once: jose then signs and verifies with node:crypto directly.
  readonly secret: KeyObject;
}

const ISSUER = 'tessera';
/** Access tokens live 15 minutes; sessions renew them with their refresh token. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** Signs and verifies access tokens (HS256 JWTs) with the control plane's signing keys. */
export class AccessTokens {
  private constructor(private readonly keys: readonly SigningKey[]) {}

  /** Loads the unretired keys, creating the first one on a new installation. */
  static async load(control: Kysely<ControlTables>): Promise<AccessTokens> {
    const read = () =>
      control
        .selectFrom('signing_keys')
        .select(['id', 'secret'])
        .where('retired_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
    let rows = await read();
    if (rows.length === 0) {
      await control
        .insertInto('signing_keys')
        .values({ id: uuidv7(), secret: randomBytes(32).toString('base64url'), retired_at: null })
        .execute();
      rows = await read();
    }
    return new AccessTokens(
      rows.map((row) => ({ id: row.id, secret: createSecretKey(Buffer.from(row.secret)) })),
    );
  }

  /** A signed access token for the claims, and when it expires. */
  async issue(
    claims: AccessTokenClaims,
    ttlSeconds = ACCESS_TOKEN_TTL_SECONDS,
  ): Promise<{ token: string; expiresAt: Date }> {
    const key = this.keys[0] as SigningKey;
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    const token = await new SignJWT({
      mid: claims.membershipId,
      ...(claims.sessionId ? { sid: claims.sessionId } : {}),
      ...(claims.apiTokenId ? { tok: claims.apiTokenId } : {}),
      ...(claims.grantId ? { gid: claims.grantId } : {}),
    })
      .setProtectedHeader({ alg: 'HS256', kid: key.id })
      .setSubject(claims.userId)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setJti(uuidv7())
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(key.secret);
    return { token, expiresAt };
  }

  /** The claims of a valid token; UNAUTHENTICATED for anything else (expired, forged, malformed). */
  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, (header) => this.secretFor(header.kid), {
        issuer: ISSUER,
        algorithms: ['HS256'],
      });
      return claimsOf(payload);
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

  private secretFor(kid: string | undefined): KeyObject {
    const key = this.keys.find((candidate) => candidate.id === kid);
    if (!key) throw invalidToken();
    return key.secret;
  }
}

function invalidToken(): AppError {
  return new AppError('UNAUTHENTICATED', { reason: 'invalid' }, { detail: 'The access token is not valid' });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function claimsOf(payload: Record<string, unknown>): AccessTokenClaims {
  const id = (value: unknown, required: boolean): string | null => {
    if (value === undefined && !required) return null;
    if (typeof value !== 'string' || !UUID.test(value)) throw invalidToken();
    return value;
  };
  const claims = {
    userId: id(payload.sub, true) as string,
    membershipId: id(payload.mid, true) as string,
    sessionId: id(payload.sid, false),
    apiTokenId: id(payload.tok, false),
    grantId: id(payload.gid, false),
  };
  if ((claims.sessionId === null) === (claims.apiTokenId === null)) throw invalidToken();
  return claims;
}
