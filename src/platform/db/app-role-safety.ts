import { sql } from 'kysely';
import { AppError } from '../errors/index.ts';
import type { DatabaseHandle } from './database-handle.ts';

/**
 * Refuses to run when the application role could escape row-level security: it is a superuser,
 * may bypass RLS (itself or through a role it belongs to), or owns tables Tessera uses.
 */
export async function assertSafeAppRole(database: DatabaseHandle, appRole: string): Promise<void> {
  const { rows } = await sql<{
    exists: boolean;
    superuser: boolean;
    bypassrls: boolean;
    inherited: string | null;
    owned: string | null;
  }>`
    SELECT r.rolname IS NOT NULL AS exists,
           coalesce(r.rolsuper, false) AS superuser,
           coalesce(r.rolbypassrls, false) AS bypassrls,
           (SELECT string_agg(p.rolname, ', ') FROM pg_roles p
             WHERE (p.rolsuper OR p.rolbypassrls) AND p.rolname <> ${appRole}
               AND pg_has_role(${appRole}, p.oid, 'MEMBER')) AS inherited,
           (SELECT string_agg(t.schemaname || '.' || t.tablename, ', ') FROM pg_tables t
             WHERE t.tableowner = ${appRole}) AS owned
    FROM (SELECT 1) AS one LEFT JOIN pg_roles r ON r.rolname = ${appRole}
  `.execute(database.db);
  const role = rows[0];
  const problems = [
    !role?.exists && 'does not exist',
    role?.superuser && 'is a superuser',
    role?.bypassrls && 'has BYPASSRLS',
    role?.inherited && `is a member of ${role.inherited}, which bypass RLS`,
    role?.owned && `owns ${role.owned}`,
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) {
    throw new AppError(
      'UNSAFE_APP_ROLE',
      { appRole, location: database.location, problems },
      {
        detail: `The application role "${appRole}" ${problems.join('; ')}: refusing to start`,
      },
    );
  }
}
