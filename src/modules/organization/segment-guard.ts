import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { SegmentDimension } from '../../platform/tenancy/tenant-context.ts';

/**
 * Refuses (403) to create a segment unless the caller sees every segment of its dimension: a new
 * id cannot be in a listed scope, so the row would be invisible to its own creator and the
 * segment policy would refuse it anyway; this says why instead of answering 404.
 */
export function requireWholeDimension(tx: TenantTransaction, dimension: SegmentDimension): void {
  if (tx.ctx.scope[dimension] !== 'all') {
    throw new AppError(
      'FORBIDDEN',
      { dimension },
      {
        detail: `Creating a ${dimension.replace('_', ' ')} needs every ${dimension.replace('_', ' ')} in your scope`,
      },
    );
  }
}
