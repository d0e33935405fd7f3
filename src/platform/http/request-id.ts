import type { IncomingMessage } from 'node:http';
import { v7 as uuidv7 } from 'uuid';

/** The header a request id arrives in and is echoed back in. */
export const REQUEST_ID_HEADER = 'x-request-id';

const ACCEPTED_REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * The id of a request: the caller's `x-request-id` when it is a safe token (so traces can be
 * joined across services), otherwise a fresh UUIDv7. Never trusts anything that could forge logs.
 */
export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTED_REQUEST_ID.test(incoming) ? incoming : uuidv7();
}
