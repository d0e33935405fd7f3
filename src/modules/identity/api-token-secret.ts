import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every API token starts with this, so a leaked one is recognisable (secret scanners) and told apart from a JWT. */
export const API_TOKEN_PREFIX = 'tsr_';

const FORMAT = /^tsr_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const BEARER = /^Bearer (tsr_\S*)$/;

/** A new token for the id: `tsr_<id>_<32 random bytes, base64url>`, and the hash to store. */
export function mintApiToken(id: string): { token: string; secretHash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${API_TOKEN_PREFIX}${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** The id and secret of a well-formed token; null for anything else. */
export function parseApiToken(token: string): { id: string; secret: string } | null {
  const match = FORMAT.exec(token);
  return match?.[1] && match[2] ? { id: match[1], secret: match[2] } : null;
}

/** The token of an `Authorization: Bearer tsr_…` header; null when the header carries no API token. */
export function apiTokenOfHeader(header: string): string | null {
  return BEARER.exec(header)?.[1] ?? null;
}

/** SHA-256 (hex) of a secret: 256 random bits need no slow hash, and lookups stay cheap. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two hex hashes in constant time. */
export function sameSecretHash(stored: string, presented: string): boolean {
  return stored.length === presented.length && timingSafeEqual(Buffer.from(stored), Buffer.from(presented));
}
