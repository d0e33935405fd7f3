import { AppError } from '../../platform/errors/index.ts';
import { referenceNotFound, UnprocessableRequest } from '../contracts/index.ts';

/**
 * Resolves a referenced record through its module's reader, which answers NOT_FOUND for one that
 * does not exist or that the caller cannot see; either way it becomes a 422 naming the field.
 */
export async function requireVisible<T>(
  read: () => Promise<T>,
  resource: string,
  id: string,
  path: string,
): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') throw referenceNotFound(resource, id, path);
    throw error;
  }
}

/** 422 unless an end date (when there is one) is on or after the start. */
export function requireOrderedDates(
  resource: string,
  startsOn: string,
  endsOn: string | null,
  path = '/body/endsOn',
): void {
  if (endsOn !== null && endsOn < startsOn) {
    throw new UnprocessableRequest(
      { resource },
      `A ${resource.replace('_', ' ')} ends on or after it starts`,
      [{ path, message: 'must not be before startsOn' }],
    );
  }
}

/** The audited fields of a record (the timestamps are the audit event's own). */
export function withoutTimestamps<T extends { createdAt: string; updatedAt: string }>(
  value: T,
): Record<string, unknown> {
  const { createdAt: _c, updatedAt: _u, ...fields } = value;
  return fields;
}
