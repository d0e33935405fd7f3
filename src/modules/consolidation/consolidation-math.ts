import { AppError } from '../../platform/errors/index.ts';
import { convertMinor } from '../ledger/index.ts';

export type AccountType = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';
export type Basis = 'closing' | 'opening';
export type Section = 'balance_sheet' | 'profit_and_loss';

/** The inter-company roles whose balances (receivable, payable) are eliminated at the closing date. */
export const IC_BALANCE_ROLES = ['intercompany_receivable', 'intercompany_payable'] as const;
/** The inter-company roles whose period movements (revenue, costs) are eliminated. */
export const IC_RESULT_ROLES = ['revenue_intercompany', 'intercompany_costs'] as const;

/** An entity's functional balance of an account type and role: before `from`, and from `from` to `to`. */
export interface EntityBalance {
  readonly legalEntityId: string;
  readonly type: AccountType;
  readonly role: string | null;
  readonly openingMinor: bigint;
  readonly movementMinor: bigint;
}

/** What recharges between two consolidated entities posted to one side's inter-company account. */
export interface RechargeBalance {
  readonly employingLegalEntityId: string;
  readonly projectLegalEntityId: string;
  /** The side: the employing or the project entity. */
  readonly legalEntityId: string;
  readonly role: string;
  /** The recharge's (transaction) currency. */
  readonly currency: string;
  readonly openingMinor: bigint;
  readonly movementMinor: bigint;
  readonly transactionOpeningMinor: bigint;
  readonly transactionMovementMinor: bigint;
}

export interface ConsolidationInput {
  readonly reportingCurrency: string;
  readonly entities: readonly {
    readonly id: string;
    readonly functionalCurrency: string;
    readonly closingRate: string | null;
    readonly openingRate: string | null;
  }[];
  readonly balances: readonly EntityBalance[];
  readonly recharges: readonly RechargeBalance[];
  readonly roleOrder: ReadonlyMap<string, number>;
}

/** One entity's part of a line: its functional balance and that balance in the reporting currency. */
export interface EntityCell {
  readonly legalEntityId: string;
  readonly functional: { readonly amountMinor: number; readonly currency: string };
  readonly translatedMinor: number;
}

/** The columns of a line, in the reporting currency: translated + elimination = consolidated. */
export interface Columns {
  readonly translatedMinor: number;
  readonly eliminationMinor: number;
  readonly consolidatedMinor: number;
}

/**
 * A line of the consolidation: an account role (or the accounts of a type without a role,
 * `other_<type>`), or one of the lines the consolidation adds: `earnings_before_period`,
 * `cumulative_translation_adjustment`, `intercompany_balance_fx_difference`,
 * `intercompany_result_fx_difference`. Balances are debits minus credits.
 */
export interface ConsolidationLine extends Columns {
  readonly key: string;
  readonly section: Section;
  readonly type: AccountType | null;
  readonly role: string | null;
  readonly entities: EntityCell[];
}

/** One side of a pair's inter-company account: in the recharge currency, functional, translated. */
export interface PairSide {
  readonly legalEntityId: string;
  readonly transactionMinor: number;
  readonly functionalMinor: number;
  readonly translatedMinor: number;
}

/**
 * The inter-company balances of a pair of consolidated entities. In the recharge currency the two
 * sides cancel exactly (receivable + payable = 0, revenue + costs = 0); what their translations
 * leave over is the FX difference, shown, never hidden.
 */
export interface PairElimination {
  readonly employingLegalEntityId: string;
  readonly projectLegalEntityId: string;
  readonly currency: string;
  readonly receivable: PairSide;
  readonly payable: PairSide;
  readonly revenue: PairSide;
  readonly costs: PairSide;
  readonly balanceFxDifferenceMinor: number;
  readonly resultFxDifferenceMinor: number;
}

export interface TranslatedBalances {
  readonly lines: ConsolidationLine[];
  readonly eliminations: PairElimination[];
  readonly totals: {
    readonly balanceSheet: Columns;
    readonly profitAndLoss: Columns;
    /** Over every line: zero in each column (the consolidation balances). */
    readonly all: Columns;
  };
}

const TYPE_ORDER: readonly AccountType[] = ['asset', 'liability', 'equity', 'revenue', 'expense'];
const SPECIAL_ORDER = [
  'earnings_before_period',
  'intercompany_balance_fx_difference',
  'cumulative_translation_adjustment',
  'intercompany_result_fx_difference',
];

const sectionOf = (type: AccountType): Section =>
  type === 'revenue' || type === 'expense' ? 'profit_and_loss' : 'balance_sheet';

function safe(value: bigint): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new AppError('INTERNAL', { reason: 'amount beyond safe integer' });
  return n;
}

interface LineBuilder {
  key: string;
  section: Section;
  type: AccountType | null;
  role: string | null;
  functional: Map<string, bigint>;
  translated: Map<string, bigint>;
  elimination: bigint;
}

/**
 * Translates each entity's functional balances into the reporting currency and eliminates the
 * inter-company recharges between consolidated entities (ADR 0014). Pure: the rates are given
 * (a needed rate that is absent is a bug of the caller, not a partial sum).
 */
export function translateAndEliminate(input: ConsolidationInput): TranslatedBalances {
  const entities = new Map(input.entities.map((entity) => [entity.id, entity]));
  const translate = (entityId: string, amount: bigint, basis: Basis): bigint => {
    const entity = entities.get(entityId);
    if (!entity) throw new AppError('INTERNAL', { reason: 'balance of an entity not consolidated' });
    if (amount === 0n || entity.functionalCurrency === input.reportingCurrency) return amount;
    const rate = basis === 'closing' ? entity.closingRate : entity.openingRate;
    if (rate === null)
      throw new AppError('INTERNAL', { reason: `no ${basis} rate for ${entity.functionalCurrency}` });
    return convertMinor(amount, entity.functionalCurrency, input.reportingCurrency, rate);
  };
  const lines = new Map<string, LineBuilder>();
  const lineOf = (key: string, section: Section, type: AccountType | null, role: string | null) => {
    let line = lines.get(key);
    if (!line) {
      line = { key, section, type, role, functional: new Map(), translated: new Map(), elimination: 0n };
      lines.set(key, line);
    }
    return line;
  };
  const addTo = (line: LineBuilder, entityId: string, functional: bigint, translated: bigint) => {
    line.functional.set(entityId, (line.functional.get(entityId) ?? 0n) + functional);
    line.translated.set(entityId, (line.translated.get(entityId) ?? 0n) + translated);
  };

  // Sum functional amounts per line and entity first, then translate each once.
  const closingParts = new Map<string, Map<string, bigint>>();
  const openingParts = new Map<string, Map<string, bigint>>();
  const part = (parts: Map<string, Map<string, bigint>>, key: string, entityId: string, amount: bigint) => {
    const byEntity = parts.get(key) ?? new Map<string, bigint>();
    byEntity.set(entityId, (byEntity.get(entityId) ?? 0n) + amount);
    parts.set(key, byEntity);
  };
  for (const b of input.balances) {
    const key = b.role ?? `other_${b.type}`;
    lineOf(key, sectionOf(b.type), b.type, b.role);
    if (b.type === 'asset' || b.type === 'liability')
      part(closingParts, key, b.legalEntityId, b.openingMinor + b.movementMinor);
    else if (b.type === 'equity') {
      part(closingParts, key, b.legalEntityId, b.movementMinor);
      part(openingParts, key, b.legalEntityId, b.openingMinor);
    } else {
      part(closingParts, key, b.legalEntityId, b.movementMinor);
      lineOf('earnings_before_period', 'balance_sheet', 'equity', null);
      part(openingParts, 'earnings_before_period', b.legalEntityId, b.openingMinor);
    }
  }
  for (const [parts, basis] of [
    [closingParts, 'closing'],
    [openingParts, 'opening'],
  ] as const)
    for (const [key, byEntity] of parts)
      for (const [entityId, amount] of byEntity)
        addTo(lines.get(key) as LineBuilder, entityId, amount, translate(entityId, amount, basis));

  // Each entity's translation difference: what makes its translated lines balance again.
  const cta = lineOf('cumulative_translation_adjustment', 'balance_sheet', 'equity', null);
  for (const entity of input.entities) {
    let sum = 0n;
    for (const line of lines.values()) sum += line.translated.get(entity.id) ?? 0n;
    addTo(cta, entity.id, 0n, -sum);
  }

  // Eliminations: per entity and inter-company role, the recharge-sourced part, translated once.
  const balanceDiff = lineOf('intercompany_balance_fx_difference', 'balance_sheet', null, null);
  const resultDiff = lineOf('intercompany_result_fx_difference', 'profit_and_loss', null, null);
  const recharged = new Map<string, { entityId: string; role: string; amount: bigint }>();
  for (const r of input.recharges) {
    const isBalance = (IC_BALANCE_ROLES as readonly string[]).includes(r.role);
    const amount = isBalance ? r.openingMinor + r.movementMinor : r.movementMinor;
    const key = `${r.legalEntityId}|${r.role}`;
    const sum = recharged.get(key) ?? { entityId: r.legalEntityId, role: r.role, amount: 0n };
    sum.amount += amount;
    recharged.set(key, sum);
  }
  for (const { entityId, role, amount } of recharged.values()) {
    const translated = translate(entityId, amount, 'closing');
    const line = lines.get(role);
    if (!line) throw new AppError('INTERNAL', { reason: `recharge on a role without a balance: ${role}` });
    line.elimination -= translated;
    const isBalance = (IC_BALANCE_ROLES as readonly string[]).includes(role);
    (isBalance ? balanceDiff : resultDiff).elimination += translated;
  }

  const currencyOf = (entityId: string) => entities.get(entityId)?.functionalCurrency ?? '';
  const built = [...lines.values()]
    .filter(
      (line) =>
        line.elimination !== 0n ||
        [...line.functional.values(), ...line.translated.values()].some((v) => v !== 0n) ||
        line.key === 'cumulative_translation_adjustment',
    )
    .sort((a, b) => order(a, input.roleOrder) - order(b, input.roleOrder) || a.key.localeCompare(b.key))
    .map((line): ConsolidationLine => {
      const translated = [...line.translated.values()].reduce((s, v) => s + v, 0n);
      return {
        key: line.key,
        section: line.section,
        type: line.type,
        role: line.role,
        entities: input.entities
          .filter((entity) => line.functional.has(entity.id) || line.translated.has(entity.id))
          .map((entity) => ({
            legalEntityId: entity.id,
            functional: {
              amountMinor: safe(line.functional.get(entity.id) ?? 0n),
              currency: currencyOf(entity.id),
            },
            translatedMinor: safe(line.translated.get(entity.id) ?? 0n),
          })),
        translatedMinor: safe(translated),
        eliminationMinor: safe(line.elimination),
        consolidatedMinor: safe(translated + line.elimination),
      };
    });
  const total = (section: Section | null): Columns => {
    const picked = built.filter((line) => section === null || line.section === section);
    const sum = (pick: (line: ConsolidationLine) => number) =>
      safe(picked.reduce((s, line) => s + BigInt(pick(line)), 0n));
    return {
      translatedMinor: sum((l) => l.translatedMinor),
      eliminationMinor: sum((l) => l.eliminationMinor),
      consolidatedMinor: sum((l) => l.consolidatedMinor),
    };
  };
  return {
    lines: built,
    eliminations: pairEliminations(input.recharges, translate),
    totals: {
      balanceSheet: total('balance_sheet'),
      profitAndLoss: total('profit_and_loss'),
      all: total(null),
    },
  };
}

function order(line: LineBuilder, roleOrder: ReadonlyMap<string, number>): number {
  const section = line.section === 'balance_sheet' ? 0 : 1;
  const special = SPECIAL_ORDER.indexOf(line.key);
  if (special >= 0) return section * 1_000_000 + 900_000 + special;
  const type = TYPE_ORDER.indexOf(line.type as AccountType);
  const role = line.role === null ? 999 : (roleOrder.get(line.role) ?? 998);
  return section * 1_000_000 + type * 1_000 + role;
}

function pairEliminations(
  recharges: readonly RechargeBalance[],
  translate: (entityId: string, amount: bigint, basis: Basis) => bigint,
): PairElimination[] {
  const pairs = new Map<string, RechargeBalance[]>();
  for (const r of recharges) {
    const key = `${r.employingLegalEntityId}|${r.projectLegalEntityId}`;
    pairs.set(key, [...(pairs.get(key) ?? []), r]);
  }
  return [...pairs.values()]
    .map((rows) => {
      const first = rows[0] as RechargeBalance;
      const side = (role: string, entityId: string): PairSide => {
        const isBalance = (IC_BALANCE_ROLES as readonly string[]).includes(role);
        let transaction = 0n;
        let functional = 0n;
        for (const r of rows.filter((row) => row.role === role && row.legalEntityId === entityId)) {
          transaction += isBalance
            ? r.transactionOpeningMinor + r.transactionMovementMinor
            : r.transactionMovementMinor;
          functional += isBalance ? r.openingMinor + r.movementMinor : r.movementMinor;
        }
        return {
          legalEntityId: entityId,
          transactionMinor: safe(transaction),
          functionalMinor: safe(functional),
          translatedMinor: safe(translate(entityId, functional, 'closing')),
        };
      };
      const receivable = side('intercompany_receivable', first.employingLegalEntityId);
      const payable = side('intercompany_payable', first.projectLegalEntityId);
      const revenue = side('revenue_intercompany', first.employingLegalEntityId);
      const costs = side('intercompany_costs', first.projectLegalEntityId);
      return {
        employingLegalEntityId: first.employingLegalEntityId,
        projectLegalEntityId: first.projectLegalEntityId,
        currency: first.currency,
        receivable,
        payable,
        revenue,
        costs,
        balanceFxDifferenceMinor: receivable.translatedMinor + payable.translatedMinor,
        resultFxDifferenceMinor: revenue.translatedMinor + costs.translatedMinor,
      };
    })
    .sort((a, b) =>
      `${a.employingLegalEntityId}|${a.projectLegalEntityId}`.localeCompare(
        `${b.employingLegalEntityId}|${b.projectLegalEntityId}`,
      ),
    );
}
