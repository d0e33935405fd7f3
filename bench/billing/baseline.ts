import { type RawBuilder, sql } from 'kysely';
import type { BenchTarget } from '../lib/targets.ts';

export interface RunParameters {
  readonly tenantId: string;
  readonly legalEntityId: string;
  readonly from: string;
  readonly to: string;
  /** The VAT of every line: category S at this whole percent. */
  readonly vatPercent: number;
}

/**
 * The billing run as the table owner would write it by hand, in one transaction through the driver
 * (no RLS, no audit, no outbox): lock the approved, billable, unbilled entries of the entity and
 * period; price each at its bill rate (written independently of the service, billRateFor's
 * precedence — the person's then the role's rate on the contract's card, then on the default card in
 * the contract's currency — as plain range joins, which the rate cards' no-overlap rule allows);
 * a line per priced entry, numbered per contract by day and id, its net
 * `minutes × rate / 60` rounded half away from zero; one invoice per contract with VAT rounded once;
 * the entries marked billed, pointing at their lines. Returns the run id.
 */
export async function baselineRun(target: BenchTarget, run: RunParameters, key: string): Promise<string> {
  const { tenantId: t, legalEntityId: le } = run;
  const bp = BigInt(run.vatPercent * 100);
  return target.database.session(async (session) => {
    const db = session.db;
    await session.script('BEGIN');
    try {
      const { rows } = await sql<{ id: string }>`
        INSERT INTO billing_runs (tenant_id, id, legal_entity_id, idempotency_key, period_from, period_to)
        VALUES (${t}, gen_random_uuid(), ${le}, ${key}, ${run.from}::date, ${run.to}::date) RETURNING id`.execute(
        db,
      );
      const runId = rows[0]?.id as string;
      // A rate applies from valid_from to valid_until inclusive; the rates service refuses overlapping
      // rates of one person or role on a card, so a plain range join finds at most one.
      const rate = (
        alias: string,
        card: string,
        key: RawBuilder<unknown>,
        column: 'person_id' | 'role',
      ) => sql`
        LEFT JOIN rate_card_rates ${sql.raw(alias)} ON ${sql.ref(`${alias}.tenant_id`)} = ${t}
          AND ${sql.ref(`${alias}.rate_card_id`)} = ${sql.ref(`${card}.id`)} AND ${sql.ref(`${alias}.${column}`)} = ${key}
          AND e.work_date BETWEEN ${sql.ref(`${alias}.valid_from`)}
            AND coalesce(${sql.ref(`${alias}.valid_until`)}, 'infinity'::date)`;
      const role = sql`coalesce(a.role, p.role)`;
      await sql`
        CREATE TEMP TABLE bench_priced ON COMMIT DROP AS
        WITH locked AS (
          SELECT e.tenant_id, e.id, e.contract_id, e.person_id, e.assignment_id, e.work_date, e.minutes, e.note
          FROM time_entries e
          WHERE e.tenant_id = ${t} AND e.legal_entity_id = ${le} AND e.status = 'approved' AND e.billable
            AND e.billing_state = 'unbilled' AND e.work_date BETWEEN ${run.from}::date AND ${run.to}::date
          FOR UPDATE
        )
        SELECT e.id AS entry_id, e.contract_id, e.work_date, e.minutes,
          left(p.name || ', ' || to_char(e.work_date, 'YYYY-MM-DD') || coalesce(': ' || nullif(e.note, ''), ''), 2000)
            AS description,
          coalesce(cp.hourly_rate_minor, cr.hourly_rate_minor, dp.hourly_rate_minor, dr.hourly_rate_minor) AS rate
        FROM locked e
        JOIN people p ON p.tenant_id = ${t} AND p.id = e.person_id
        JOIN assignments a ON a.tenant_id = ${t} AND a.id = e.assignment_id
        JOIN contracts k ON k.tenant_id = ${t} AND k.id = e.contract_id AND k.legal_entity_id = ${le}
        LEFT JOIN rate_cards cc ON cc.tenant_id = ${t} AND cc.contract_id = k.id
        LEFT JOIN rate_cards dc ON dc.tenant_id = ${t} AND dc.contract_id IS NULL AND dc.currency = k.currency
        ${rate('cp', 'cc', sql`e.person_id`, 'person_id')}
        ${rate('cr', 'cc', role, 'role')}
        ${rate('dp', 'dc', sql`e.person_id`, 'person_id')}
        ${rate('dr', 'dc', role, 'role')}`.execute(db);
      await sql`
        CREATE TEMP TABLE bench_lines ON COMMIT DROP AS
        SELECT gen_random_uuid() AS id, entry_id, contract_id, description, minutes, rate,
          (minutes::bigint * rate * 2 + 60) / 120 AS net,
          row_number() OVER (PARTITION BY contract_id ORDER BY work_date, entry_id)::int AS line_no
        FROM bench_priced WHERE rate IS NOT NULL`.execute(db);
      await sql`
        CREATE TEMP TABLE bench_invoices ON COMMIT DROP AS
        SELECT gen_random_uuid() AS id, contract_id, net, (net * ${bp} * 2 + 10000) / 20000 AS vat
        FROM (SELECT contract_id, sum(net)::bigint AS net FROM bench_lines GROUP BY contract_id) n`.execute(
        db,
      );
      await sql`
        INSERT INTO invoices (tenant_id, id, legal_entity_id, client_id, contract_id, practice_id, region_id, currency,
          billing_run_id, period_from, period_to, net_minor, vat_minor, gross_minor)
        SELECT ${t}, i.id, ${le}, k.client_id, k.id, k.practice_id, k.region_id, k.currency, ${runId},
          ${run.from}::date, ${run.to}::date, i.net, i.vat, i.net + i.vat
        FROM bench_invoices i JOIN contracts k ON k.tenant_id = ${t} AND k.id = i.contract_id`.execute(db);
      await sql`
        INSERT INTO invoice_lines (tenant_id, id, invoice_id, legal_entity_id, client_id, practice_id, region_id,
          line_no, origin_kind, origin_ids, description, quantity, unit_price_minor, net_minor, vat_category, vat_rate)
        SELECT ${t}, l.id, i.id, ${le}, k.client_id, k.practice_id, k.region_id, l.line_no, 'time',
          ARRAY[l.entry_id], l.description, l.minutes, l.rate, l.net, 'S', ${run.vatPercent}::numeric
        FROM bench_lines l
        JOIN bench_invoices i ON i.contract_id = l.contract_id
        JOIN contracts k ON k.tenant_id = ${t} AND k.id = l.contract_id`.execute(db);
      await sql`
        UPDATE time_entries e SET billing_state = 'billed', invoice_id = i.id, invoice_line_id = l.id,
          billed_at = now(), updated_at = now()
        FROM bench_lines l JOIN bench_invoices i ON i.contract_id = l.contract_id
        WHERE e.tenant_id = ${t} AND e.id = l.entry_id`.execute(db);
      await sql`
        UPDATE billing_runs SET invoice_ids = (SELECT coalesce(array_agg(id ORDER BY contract_id), '{}') FROM bench_invoices)
        WHERE tenant_id = ${t} AND id = ${runId}`.execute(db);
      await session.script('COMMIT');
      return runId;
    } catch (error) {
      await session.script('ROLLBACK').catch(() => {});
      throw error;
    }
  });
}
