import { sql } from 'kysely';
import type { TenantTransaction } from '../../platform/db/tenant-transaction.ts';
import { AppError, type FieldProblem } from '../../platform/errors/index.ts';
import { canonicalRate, type VatCategory } from './invoice-totals.ts';

/** A client's treatment by one legal entity, overriding the entity's rules. */
export interface ClientTaxTreatment {
  readonly clientId: string;
  readonly vatCategory: VatCategory;
  /** Standard only: another (reduced) rate; null for the entity's standard rate. */
  readonly vatRate: string | null;
  readonly exemptionReason: string | null;
  readonly exemptionCode: string | null;
}

/** A legal entity's VAT rules (EN 16931 categories). */
export interface TaxSettings {
  readonly legalEntityId: string;
  readonly standardVatRate: string;
  /** S normally; Z, E or O for an entity whose supplies are all zero rated, exempt or not subject. */
  readonly defaultVatCategory: 'S' | 'Z' | 'E' | 'O';
  readonly defaultExemptionReason: string | null;
  readonly defaultExemptionCode: string | null;
  /** Invoice a client in another country that has a VAT identifier under reverse charge (AE). */
  readonly reverseChargeAbroad: boolean;
  readonly clientTreatments: ClientTaxTreatment[];
  readonly updatedAt: string;
}

export type TaxSettingsInput = Omit<TaxSettings, 'legalEntityId' | 'updatedAt' | 'clientTreatments'> & {
  readonly clientTreatments?: readonly ClientTaxTreatment[];
};

/** The VAT a document's lines carry, with the exemption reason UBL needs for E, AE and O. */
export interface VatTreatment {
  readonly category: VatCategory;
  readonly rate: string;
  readonly exemptionReason: string | null;
  readonly exemptionCode: string | null;
}

/** The parties as VAT determination sees them. */
export interface VatParties {
  readonly sellerCountry: string;
  readonly buyerCountry: string | null;
  readonly buyerVatId: string | null;
}

export const REVERSE_CHARGE: Omit<VatTreatment, 'rate'> = Object.freeze({
  category: 'AE',
  exemptionReason: 'Reverse charge',
  exemptionCode: 'VATEX-EU-AE',
});

/**
 * The VAT of a supply by a legal entity to a client: the client's own treatment when the entity
 * set one; else the entity's default when it is not S (an exempt or not-registered entity); else
 * reverse charge (AE, 0 %) for a client in another country with a VAT identifier when the entity
 * opted in; else standard (S) at the entity's rate.
 */
export function vatTreatmentFor(
  settings: Pick<
    TaxSettings,
    | 'standardVatRate'
    | 'defaultVatCategory'
    | 'defaultExemptionReason'
    | 'defaultExemptionCode'
    | 'reverseChargeAbroad'
  >,
  parties: VatParties,
  override?: ClientTaxTreatment | null,
): VatTreatment {
  if (override)
    return {
      category: override.vatCategory,
      rate: override.vatCategory === 'S' ? canonicalRate(override.vatRate ?? settings.standardVatRate) : '0',
      exemptionReason: override.exemptionReason,
      exemptionCode: override.exemptionCode,
    };
  if (settings.defaultVatCategory !== 'S')
    return {
      category: settings.defaultVatCategory,
      rate: '0',
      exemptionReason: settings.defaultExemptionReason,
      exemptionCode: settings.defaultExemptionCode,
    };
  if (
    settings.reverseChargeAbroad &&
    parties.buyerCountry !== null &&
    parties.buyerCountry !== parties.sellerCountry &&
    parties.buyerVatId !== null
  )
    return { ...REVERSE_CHARGE, rate: '0' };
  return {
    category: 'S',
    rate: canonicalRate(settings.standardVatRate),
    exemptionReason: null,
    exemptionCode: null,
  };
}

interface SettingsRow {
  legal_entity_id: string;
  standard_vat_rate: string;
  default_vat_category: TaxSettings['defaultVatCategory'];
  default_exemption_reason: string | null;
  default_exemption_code: string | null;
  reverse_charge_abroad: boolean;
  updated_at: Date | string;
}

interface TreatmentRow {
  client_id: string;
  vat_category: VatCategory;
  vat_rate: string | null;
  exemption_reason: string | null;
  exemption_code: string | null;
}

const presentTreatment = (row: TreatmentRow): ClientTaxTreatment => ({
  clientId: row.client_id,
  vatCategory: row.vat_category,
  vatRate: row.vat_rate === null ? null : canonicalRate(row.vat_rate),
  exemptionReason: row.exemption_reason,
  exemptionCode: row.exemption_code,
});

async function settingsRow(tx: TenantTransaction, legalEntityId: string): Promise<SettingsRow | undefined> {
  return (
    await sql<SettingsRow>`SELECT legal_entity_id, standard_vat_rate::text AS standard_vat_rate, default_vat_category,
        default_exemption_reason, default_exemption_code, reverse_charge_abroad, updated_at
      FROM legal_entity_tax_settings
      WHERE tenant_id = ${tx.ctx.tenantId} AND legal_entity_id = ${legalEntityId}`.execute(tx.db)
  ).rows[0];
}

async function treatmentRows(
  tx: TenantTransaction,
  legalEntityId: string,
  clientId?: string,
): Promise<TreatmentRow[]> {
  return (
    await sql<TreatmentRow>`SELECT client_id, vat_category, vat_rate::text AS vat_rate, exemption_reason, exemption_code
      FROM client_tax_treatments
      WHERE tenant_id = ${tx.ctx.tenantId} AND legal_entity_id = ${legalEntityId}
        ${clientId ? sql`AND client_id = ${clientId}` : sql``}
      ORDER BY client_id`.execute(tx.db)
  ).rows;
}

function present(row: SettingsRow, treatments: TreatmentRow[]): TaxSettings {
  return {
    legalEntityId: row.legal_entity_id,
    standardVatRate: canonicalRate(row.standard_vat_rate),
    defaultVatCategory: row.default_vat_category,
    defaultExemptionReason: row.default_exemption_reason,
    defaultExemptionCode: row.default_exemption_code,
    reverseChargeAbroad: row.reverse_charge_abroad,
    clientTreatments: treatments.map(presentTreatment),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

async function requireLegalEntity(
  tx: TenantTransaction,
  id: string,
): Promise<{ id: string; country: string }> {
  const row = (
    await sql<{ id: string; country: string }>`SELECT id, country FROM legal_entities
      WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${id}`.execute(tx.db)
  ).rows[0];
  if (!row) throw new AppError('NOT_FOUND', { resource: 'legal_entity', id });
  return row;
}

/** A legal entity's tax settings with its client treatments; NOT_FOUND when none or not visible. */
export async function getTaxSettings(tx: TenantTransaction, legalEntityId: string): Promise<TaxSettings> {
  await requireLegalEntity(tx, legalEntityId);
  const row = await settingsRow(tx, legalEntityId);
  if (!row) throw new AppError('NOT_FOUND', { resource: 'tax_settings', id: legalEntityId });
  return present(row, await treatmentRows(tx, legalEntityId));
}

const REASONED: readonly VatCategory[] = ['E', 'AE', 'O'];

/** The field problems of settings: EN 16931 wants a reason exactly for E, AE and O (BR-E/AE/O-10). */
function problemsOf(input: TaxSettingsInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const reasoned = (category: VatCategory, reason: string | null, code: string | null, path: string) => {
    if (REASONED.includes(category) && reason === null && code === null)
      problems.push({ path, message: `category ${category} needs an exemption reason or code` });
    if (!REASONED.includes(category) && (reason !== null || code !== null))
      problems.push({ path, message: `category ${category} takes no exemption reason` });
  };
  reasoned(
    input.defaultVatCategory,
    input.defaultExemptionReason,
    input.defaultExemptionCode,
    '/body/defaultExemptionReason',
  );
  const seen = new Set<string>();
  (input.clientTreatments ?? []).forEach((treatment, i) => {
    const path = `/body/clientTreatments/${i}/`;
    if (seen.has(treatment.clientId)) problems.push({ path: `${path}clientId`, message: 'named twice' });
    seen.add(treatment.clientId);
    reasoned(
      treatment.vatCategory,
      treatment.exemptionReason,
      treatment.exemptionCode,
      `${path}exemptionReason`,
    );
    if (treatment.vatCategory !== 'S' && treatment.vatRate !== null)
      problems.push({ path: `${path}vatRate`, message: `category ${treatment.vatCategory} has no rate` });
    if (treatment.vatRate !== null && Number(treatment.vatRate) <= 0)
      problems.push({ path: `${path}vatRate`, message: 'a standard rate is above 0' });
  });
  // An entity without VAT of its own (default O, E or Z) has no standard rate: nothing may fall back to it.
  const noStandardRate = Number(input.standardVatRate) <= 0;
  if (noStandardRate && input.defaultVatCategory === 'S')
    problems.push({ path: '/body/standardVatRate', message: 'above 0 (use category Z, E or O for none)' });
  (input.clientTreatments ?? []).forEach((treatment, i) => {
    if (noStandardRate && treatment.vatCategory === 'S' && treatment.vatRate === null)
      problems.push({
        path: `/body/clientTreatments/${i}/vatRate`,
        message: 'the entity has no standard rate: give one',
      });
  });
  return problems;
}

/** The audited fields (the timestamp is the audit event's own). */
function withoutTimestamp(settings: TaxSettings): Omit<TaxSettings, 'updatedAt'> {
  const { updatedAt: _u, ...fields } = settings;
  return fields;
}

/**
 * Sets a legal entity's tax settings and its client treatments (the list replaces the previous
 * one). Each client must be visible (422 naming the field). Audited, announced as
 * `tax_settings.updated`.
 */
export async function putTaxSettings(
  tx: TenantTransaction,
  legalEntityId: string,
  input: TaxSettingsInput,
): Promise<TaxSettings> {
  await requireLegalEntity(tx, legalEntityId);
  const problems = problemsOf(input);
  if (problems.length > 0)
    throw new AppError('VALIDATION_FAILED', { resource: 'tax_settings' }, { fieldProblems: problems });
  const tenantId = tx.ctx.tenantId;
  const treatments = input.clientTreatments ?? [];
  if (treatments.length > 0) {
    const ids = treatments.map((t) => t.clientId);
    const visible = new Set(
      (
        await sql<{ id: string }>`SELECT id FROM clients WHERE tenant_id = ${tenantId}
          AND id = ANY(${ids}::uuid[])`.execute(tx.db)
      ).rows.map((row) => row.id),
    );
    const missing = treatments.flatMap((t, i) =>
      visible.has(t.clientId)
        ? []
        : [{ path: `/body/clientTreatments/${i}/clientId`, message: 'no such client' }],
    );
    if (missing.length > 0)
      throw new AppError('REFERENCE_NOT_FOUND', { resource: 'client' }, { fieldProblems: missing });
  }
  const before = await settingsRow(tx, legalEntityId);
  const beforeTreatments = before ? await treatmentRows(tx, legalEntityId) : [];
  const membershipId = tx.ctx.actor.membershipId ?? null;
  await sql`INSERT INTO legal_entity_tax_settings (tenant_id, legal_entity_id, standard_vat_rate, default_vat_category,
      default_exemption_reason, default_exemption_code, reverse_charge_abroad, updated_by_membership_id)
    VALUES (${tenantId}, ${legalEntityId}, ${input.standardVatRate}::numeric, ${input.defaultVatCategory},
      ${input.defaultExemptionReason}, ${input.defaultExemptionCode}, ${input.reverseChargeAbroad}, ${membershipId})
    ON CONFLICT (tenant_id, legal_entity_id) DO UPDATE SET standard_vat_rate = excluded.standard_vat_rate,
      default_vat_category = excluded.default_vat_category, default_exemption_reason = excluded.default_exemption_reason,
      default_exemption_code = excluded.default_exemption_code, reverse_charge_abroad = excluded.reverse_charge_abroad,
      updated_by_membership_id = excluded.updated_by_membership_id, updated_at = now()`.execute(tx.db);
  await sql`DELETE FROM client_tax_treatments WHERE tenant_id = ${tenantId} AND legal_entity_id = ${legalEntityId}`.execute(
    tx.db,
  );
  for (const t of treatments)
    await sql`INSERT INTO client_tax_treatments (tenant_id, legal_entity_id, client_id, vat_category, vat_rate,
        exemption_reason, exemption_code, updated_by_membership_id)
      VALUES (${tenantId}, ${legalEntityId}, ${t.clientId}, ${t.vatCategory}, ${t.vatRate}::numeric,
        ${t.exemptionReason}, ${t.exemptionCode}, ${membershipId})`.execute(tx.db);
  const after = await getTaxSettings(tx, legalEntityId);
  tx.audit({
    action: 'tax_settings.updated',
    resourceKind: 'legal_entity',
    resourceId: legalEntityId,
    before: before ? withoutTimestamp(present(before, beforeTreatments)) : null,
    after: withoutTimestamp(after),
  });
  tx.emit({
    topic: 'tax_settings.updated',
    resourceKind: 'legal_entity',
    resourceId: legalEntityId,
    payload: { taxSettings: after },
  });
  return after;
}

/**
 * The VAT of a document a legal entity issues to a client (see vatTreatmentFor). 422 when the
 * entity has no tax settings, or the client is not visible to the caller.
 */
export async function determineVat(
  tx: TenantTransaction,
  legalEntityId: string,
  clientId: string,
): Promise<VatTreatment> {
  const entity = await requireLegalEntity(tx, legalEntityId);
  const settings = await settingsRow(tx, legalEntityId);
  if (!settings)
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: 'tax_settings', id: legalEntityId },
      {
        detail:
          'The legal entity has no tax settings: set them (PUT /api/v1/legal-entities/{id}/tax-settings)',
        fieldProblems: [{ path: '/body/legalEntityId', message: 'has no tax settings' }],
      },
    );
  const client = (
    await sql<{ country: string | null; vat_id: string | null }>`SELECT country, vat_id FROM clients
      WHERE tenant_id = ${tx.ctx.tenantId} AND id = ${clientId}`.execute(tx.db)
  ).rows[0];
  if (!client)
    throw new AppError(
      'BUSINESS_RULE_VIOLATED',
      { resource: 'client', id: clientId },
      { detail: 'The VAT of an invoice depends on its client, which is outside your scope' },
    );
  const [override] = await treatmentRows(tx, legalEntityId, clientId);
  return vatTreatmentFor(
    present(settings, []),
    {
      sellerCountry: entity.country.trim(),
      buyerCountry: client.country?.trim() ?? null,
      buyerVatId: client.vat_id,
    },
    override ? presentTreatment(override) : null,
  );
}
