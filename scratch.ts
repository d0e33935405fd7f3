import { sql } from 'kysely';
import { openDatabase } from './src/platform/db/database-handle.ts';
import { migrate } from './src/platform/db/migrations/migrate.ts';

const h = await openDatabase('pglite:memory');
console.log(await migrate(h, 'control'));
console.log(await migrate(h, 'cell'));
console.log(await migrate(h, 'cell'));
const t = '01900000-0000-7000-8000-000000000001';
await h.session(async (s) => {
  await s.script(
    `BEGIN; SET LOCAL ROLE tessera_app; SET LOCAL app.tenant_id = '${t}'; SET LOCAL app.scope_legal_entity='*'`,
  );
  await sql`insert into audit_events (tenant_id, id, actor_kind, actor_id, action, resource_kind) values (${t}, gen_random_uuid(), 'system', 'x', 'a', 'b'), (${t}, gen_random_uuid(), 'system', 'x', 'a2', 'b')`.execute(
    s.db,
  );
  const r =
    await sql`select seq, prev_hash, hash, audit_event_hash(e) = hash as ok from audit_events e`.execute(
      s.db,
    );
  console.log(r.rows);
  console.log((await sql`select current_user, pg_current_xact_id_if_assigned() as x`.execute(s.db)).rows);
  await s.script('COMMIT');
});
console.log((await sql`select count(*) from audit_events`.execute(h.db)).rows);
await h.close();
