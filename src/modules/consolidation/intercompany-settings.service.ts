import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError } from '../../platform/errors/index.ts';
import './consolidation.tables.ts';

/** The tenant's recharge markup in basis points (0 unless set). */
export async function rechargeMarkup(tx: TenantTransaction): Promise<number> {
  const row = await tx.db
    .selectFrom('intercompany_settings')
    .select('markup_basis_points')
    .where('tenant_id', '=', tx.ctx.tenantId)
    .executeTakeFirst();
  return row?.markup_basis_points ?? 0;
}

/** Sets the tenant's recharge markup (basis points, 0 to 100000); later recharges use it. Audited. */
export async function setRechargeMarkup(tx: TenantTransaction, markupBasisPoints: number): Promise<number> {
  if (!Number.isInteger(markupBasisPoints) || markupBasisPoints < 0 || markupBasisPoints > 100_000)
    throw new AppError(
      'VALIDATION_FAILED',
      {},
      { fieldProblems: [{ path: '/body/markupBasisPoints', message: 'an integer from 0 to 100000' }] },
    );
  const before = await rechargeMarkup(tx);
  await sql`INSERT INTO intercompany_settings (tenant_id, markup_basis_points, updated_by_membership_id)
    VALUES (${tx.ctx.tenantId}, ${markupBasisPoints}, ${tx.ctx.actor.membershipId})
    ON CONFLICT (tenant_id) DO UPDATE SET markup_basis_points = EXCLUDED.markup_basis_points,
      updated_at = now(), updated_by_membership_id = EXCLUDED.updated_by_membership_id`.execute(tx.db);
  tx.audit({
    action: 'intercompany_settings.updated',
    resourceKind: 'intercompany_settings',
    resourceId: null,
    before: { markupBasisPoints: before },
    after: { markupBasisPoints },
  });
  return markupBasisPoints;
}
