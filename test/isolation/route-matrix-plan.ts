import { randomUUID } from 'node:crypto';
import { EXPENSE_WORLD } from '../../src/demo/world/seed-expense-world.ts';
import { DEMO_PASSWORD, PERSONAS } from '../../src/demo/world/world-personas.ts';
import type { RouteEntry } from '../../src/platform/http/route-table.ts';
import type { Caller, Kind, MatrixWorld, PoolObject } from './route-matrix-world.ts';
import { inScope, KINDS } from './world-expectations.ts';

/**
 * How the matrix calls each route: which kind of object each path parameter names (resolved from
 * the URL, never from a list of routes), the references a query or body carries, and a body that
 * is otherwise valid. Routes are taken from `listRoutes(app)`; only their bodies are known here.
 */

/** A place where a request names an object: a path parameter, or a reference in the query or body. */
export interface Slot {
  readonly where: 'path' | 'query' | 'body';
  readonly name: string;
  readonly kind: Kind;
  /**
   * A reference that an object in scope may legitimately be refused for (a membership already
   * linked to a person: 409), and that the route stores when accepted. Only objects of the caller's
   * own firm are aimed at (an accepted foreign one would be linked, and answer differently to the
   * next caller), the data may change, and an object in scope may be refused.
   */
  readonly lenient?: boolean;
}

/** `/api/v1/<collection>/:id` → the kind of `:id`. A new collection with an `:id` route belongs here. */
export const COLLECTION_KINDS: Readonly<Record<string, Kind>> = Object.freeze({
  'legal-entities': 'legal_entity',
  practices: 'practice',
  regions: 'region',
  clients: 'client',
  portfolios: 'portfolio',
  people: 'person',
  contacts: 'contact',
  contracts: 'contract',
  'rate-cards': 'rate_card',
  // ---- Delivery: projects and staffing ----
  projects: 'project',
  tasks: 'project_task',
  milestones: 'project_milestone',
  assignments: 'assignment',
  expenses: 'expense',
  memberships: 'membership',
  'api-tokens': 'api_token',
  'support-grants': 'support_grant',
  tenants: 'tenant',
  partners: 'partner',
  // ---- Time (timesheets module) ----
  timesheets: 'timesheet',
  'time-entries': 'time_entry',
  'time-approvals': 'time_approval',
  accounts: 'ledger_account',
  'journal-entries': 'journal_entry',
  periods: 'ledger_period',
  'fx-rates': 'fx_rate',
  'billing-runs': 'billing_run',
  invoices: 'invoice',
  payments: 'payment',
});

/** Parameters named after their kind (`/tenants/:id/admins/:membershipId/revoke`). */
const NAMED_PARAM_KINDS: Readonly<Record<string, Kind>> = Object.freeze({ membershipId: 'membership' });

/**
 * Parameters that are values, not objects (`/time-periods/:month/close`): every request carries the
 * same valid value, and the route is called like one that names no object.
 */
export const VALUE_PARAMS: Readonly<Record<string, string>> = Object.freeze({
  month: '2031-01',
  // The world's invoices are issued: an allowance is removed from none (409 before it is looked up).
  allowanceId: '01900000-0000-7000-8000-0000000a11c0',
  // The payment in scope a change aims at is voided: no allocation is removed from it (409).
  allocationId: '01900000-0000-7000-8000-0000000a11c1',
});

/** The URL with its value parameters filled in. */
export function withValueParams(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (param, name: string) => VALUE_PARAMS[name] ?? param);
}

/** The path parameters of a route with their kinds; `unknown` lists those the resolver cannot place. */
export function pathSlots(url: string): { slots: Slot[]; unknown: string[] } {
  const parts = url.split('/');
  const slots: Slot[] = [];
  const unknown: string[] = [];
  parts.forEach((part, index) => {
    if (part === '*') unknown.push('*');
    if (!part.startsWith(':')) return;
    const name = part.slice(1);
    if (name in VALUE_PARAMS) return;
    const kind = name === 'id' ? COLLECTION_KINDS[parts[index - 1] ?? ''] : NAMED_PARAM_KINDS[name];
    if (kind) slots.push({ where: 'path', name, kind });
    else unknown.push(part);
  });
  return { slots, unknown };
}

/** What a body or query builder is told about the request being built. */
export interface BuildInput {
  readonly caller: Caller;
  /** The slot this request varies (null when the route names no object). */
  readonly slot: string | null;
  /** The id each slot carries in this request. */
  readonly values: Readonly<Record<string, string>>;
  /** The object the slot varied in this request names; null for an id that exists nowhere. */
  readonly target: PoolObject | null;
  /** True when the varied slot names an object the caller may see (an in-scope request). */
  readonly visible: boolean;
  /** A number unique to this request, for unique names, codes and emails. */
  readonly n: number;
  readonly world: MatrixWorld;
}

export interface Variant {
  /** Appended to the route in reports (`?resourceKind=client`). */
  readonly label: string;
  readonly refs: readonly Slot[];
  readonly query?: (input: BuildInput) => Record<string, string>;
  readonly body?: (input: BuildInput) => unknown;
  /** Headers the route requires beyond the caller's (an Idempotency-Key, unique per request). */
  readonly headers?: (input: BuildInput) => Record<string, string>;
}

export interface RoutePlan {
  readonly variants: readonly Variant[];
  /** The route ends the session it is called with: each request gets a new session. */
  readonly endsSession?: boolean;
  /** Aim at most this many hidden objects per class (foreign, out of scope): logins are slow. */
  readonly sample?: number;
}

const PROBE_NAME = 'Route matrix probe';
/** In scope, a rename to the current name (the canaries stay); anywhere else, a visible rename. */
const renameBody = ({ target, visible, world }: BuildInput) => ({
  name: (visible && target ? world.names.get(target.id) : undefined) ?? PROBE_NAME,
});
/** A currency code (`Z??`) unique to request `n` among the few the matrix makes. */
const probeCurrency = (n: number) =>
  `Z${String.fromCharCode(65 + (Math.floor(n / 26) % 26))}${String.fromCharCode(65 + (n % 26))}`;
const one = (body: Variant['body'], refs: Slot[] = []): RoutePlan => ({
  variants: [{ label: '', refs, body }],
});
const bodyRef = (name: string, kind: Kind): Slot => ({ where: 'body', name, kind });

/** A complete brand, named after the request; no host names, so any number of brands may carry it. */
const brandProbe = ({ n }: BuildInput) => ({
  name: `${PROBE_NAME} ${n}`,
  productName: PROBE_NAME,
  logo: 'data:image/png;base64,iVBORw0KGgo=',
  primaryColor: '#123456',
  accentColor: '#654321',
  supportEmail: 'probe@example.test',
  supportUrl: null,
  hostnames: [],
});

/** A scope the caller holds and a token may carry (tokens never carry session permissions). */
function tokenScopeOf(caller: Caller): string {
  const held = [...caller.access.permissions].filter(
    (p) => !['use:session', 'read:api-tokens', 'write:api-tokens'].includes(p),
  );
  return held.sort()[0] ?? 'read:organization';
}

/** Hidden ledger accounts aimed at per class (foreign, out of scope) by the routes that name one. */
const ACCOUNT_SAMPLE = 8;
const REPORT_PERIOD = { from: '2026-01-01', to: '2026-12-31' };

/** The project of the expense world the caller's person is assigned to, if any. */
function assignedProject({ caller, world }: BuildInput): string | undefined {
  const tenant = caller.tenant ?? '';
  const person = PERSONAS.find((p) => p.key === caller.persona)?.memberships.find(
    (m) => m.tenant === tenant,
  )?.person;
  const assignment = EXPENSE_WORLD[tenant]?.assignments.find((a) => a.person === person);
  return assignment ? world.world.expenseWorld.get(tenant)?.projects.get(assignment.project) : undefined;
}

/** Bodies and references by `METHOD url`; routes not listed are called with `{}` (or no body, for GET). */
export const PLANS: Readonly<Record<string, RoutePlan>> = Object.freeze({
  'GET /api/v1/access/explain': {
    variants: Object.keys(KINDS).map((kind) => ({
      label: `?resourceKind=${kind}`,
      refs: [{ where: 'query' as const, name: 'resourceId', kind: kind as Kind }],
      query: ({ values }: BuildInput) => ({ resourceKind: kind, resourceId: values.resourceId as string }),
    })),
  },
  'POST /api/v1/auth/login': {
    sample: 1,
    ...one(
      ({ caller, values }) => ({
        email: caller.email,
        password: DEMO_PASSWORD,
        membershipId: values.membershipId,
      }),
      [bodyRef('membershipId', 'membership')],
    ),
  },
  'POST /api/v1/auth/refresh': one(() => ({ refreshToken: 'route-matrix.not-a-refresh-token' })),
  'POST /api/v1/auth/switch': {
    endsSession: true,
    sample: 1,
    ...one(({ values }) => ({ membershipId: values.membershipId }), [bodyRef('membershipId', 'membership')]),
  },
  'POST /api/v1/auth/logout': { endsSession: true, ...one(() => ({})) },
  'POST /api/v1/api-tokens': one(({ caller, n }) => ({
    name: `route matrix ${n}`,
    scopes: [tokenScopeOf(caller)],
  })),
  'POST /api/v1/legal-entities': one(({ n }) => ({
    name: `Route Matrix Entity ${n}`,
    country: 'DE',
    functionalCurrency: 'EUR',
  })),
  'PATCH /api/v1/legal-entities/:id': one(renameBody),
  'POST /api/v1/practices': one(
    ({ n, values }) => ({ name: `Route Matrix Practice ${n}`, code: `rm-${n}`, parentId: values.parentId }),
    [bodyRef('parentId', 'practice')],
  ),
  'PATCH /api/v1/practices/:id': one(renameBody),
  'POST /api/v1/regions': one(({ n }) => ({ code: `rm-${n}`, name: `Route Matrix Region ${n}` })),
  'PATCH /api/v1/regions/:id': one(renameBody),
  'POST /api/v1/clients': one(
    ({ n, values }) => ({
      name: `Route Matrix Client ${n}`,
      legalEntityId: values.legalEntityId,
      regionId: values.regionId,
    }),
    [bodyRef('legalEntityId', 'legal_entity'), bodyRef('regionId', 'region')],
  ),
  'PATCH /api/v1/clients/:id': one(renameBody),
  'POST /api/v1/portfolios': one(({ n }) => ({ name: `Route Matrix Portfolio ${n}` })),
  'PATCH /api/v1/portfolios/:id': one(renameBody),
  'POST /api/v1/people': one(
    ({ n, values, slot }) => ({
      name: `Route Matrix Person ${n}`,
      kind: 'employee',
      legalEntityId: values.legalEntityId,
      practiceId: values.practiceId,
      ...(slot === 'membershipId' ? { membershipId: values.membershipId } : {}),
    }),
    [
      bodyRef('legalEntityId', 'legal_entity'),
      bodyRef('practiceId', 'practice'),
      // A person's membership is unique in the firm: one linked to a person out of scope must not show.
      { ...bodyRef('membershipId', 'membership'), lenient: true },
    ],
  ),
  'POST /api/v1/people/:id/cost-rates': one(({ n }) => ({
    hourlyCost: { amountMinor: 4200, currency: 'USD' },
    validFrom: new Date(Date.UTC(2030, 0, 1) + n * 86_400_000).toISOString().slice(0, 10),
    note: null,
  })),
  'POST /api/v1/contacts': one(
    ({ n, values }) => ({ clientId: values.clientId, name: `Route Matrix Contact ${n}`, title: 'Probe' }),
    [bodyRef('clientId', 'client')],
  ),
  'PATCH /api/v1/contacts/:id': one(renameBody),
  'POST /api/v1/contracts': one(
    ({ n, values }) => ({
      clientId: values.clientId,
      legalEntityId: values.legalEntityId,
      practiceId: values.practiceId,
      name: `Route Matrix Contract ${n}`,
      currency: 'USD',
      billingModel: 'time_and_materials',
      startsOn: '2030-01-01',
    }),
    [
      bodyRef('clientId', 'client'),
      bodyRef('legalEntityId', 'legal_entity'),
      bodyRef('practiceId', 'practice'),
    ],
  ),
  'PATCH /api/v1/contracts/:id': one(renameBody),
  'POST /api/v1/rate-cards': {
    variants: [
      // A contract's card: the in-scope target is a contract without one (those with one are protected).
      {
        label: '',
        refs: [bodyRef('contractId', 'contract')],
        body: ({ n, values }) => ({ name: `Route Matrix Card ${n}`, contractId: values.contractId }),
      },
      // A default card, in a currency of its own (one default card per currency).
      {
        label: ' (default card)',
        refs: [],
        body: ({ n }) => ({ name: `Route Matrix Default Card ${n}`, currency: probeCurrency(n) }),
      },
    ],
  },
  'PATCH /api/v1/rate-cards/:id': one(renameBody),
  'POST /api/v1/rate-cards/:id/rates': one(({ n, target }) => {
    const day = new Date(Date.UTC(2030, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    return {
      role: `route-matrix-${n}`,
      hourlyRate: { amountMinor: 10_000, currency: target?.currency ?? 'USD' },
      validFrom: day,
      validUntil: day,
    };
  }),
  // ---- Delivery: projects and staffing ----
  'POST /api/v1/projects': one(
    ({ n, values }) => ({
      contractId: values.contractId,
      practiceId: values.practiceId,
      portfolioId: values.portfolioId,
      managerPersonId: values.managerPersonId,
      code: `RM-${n}`,
      name: `Route Matrix Project ${n}`,
      startsOn: '2030-01-01',
    }),
    [
      bodyRef('contractId', 'contract'),
      bodyRef('practiceId', 'practice'),
      bodyRef('portfolioId', 'portfolio'),
      bodyRef('managerPersonId', 'person'),
    ],
  ),
  'PATCH /api/v1/projects/:id': one(renameBody),
  'POST /api/v1/tasks': one(
    ({ n, values }) => ({ projectId: values.projectId, name: `Route Matrix Task ${n}` }),
    [bodyRef('projectId', 'project')],
  ),
  'PATCH /api/v1/tasks/:id': one(renameBody),
  'POST /api/v1/milestones': one(
    ({ n, values, target }) => ({
      projectId: values.projectId,
      name: `Route Matrix Milestone ${n}`,
      amount: { amountMinor: 100_000, currency: target?.currency ?? 'USD' },
      dueOn: '2026-11-30',
    }),
    [bodyRef('projectId', 'project')],
  ),
  'PATCH /api/v1/milestones/:id': one(renameBody),
  'POST /api/v1/milestones/:id/reject': one(() => ({ note: 'route matrix' })),
  'POST /api/v1/assignments': one(
    ({ values }) => ({
      projectId: values.projectId,
      personId: values.personId,
      role: 'Route matrix probe',
      allocationPercent: 10,
      startsOn: '2026-03-02',
      endsOn: '2026-03-27',
    }),
    [bodyRef('projectId', 'project'), bodyRef('personId', 'person')],
  ),
  // In scope, a no-op change of the role (the world's roles carry canaries).
  'PATCH /api/v1/assignments/:id': one(({ target, visible, world }) => ({
    role: (visible && target ? world.names.get(target.id) : undefined) ?? PROBE_NAME,
  })),
  'PATCH /api/v1/people/:id': one(renameBody),
  'GET /api/v1/staffing': {
    variants: [
      {
        label: '',
        refs: [{ where: 'query', name: 'practiceId', kind: 'practice' }],
        query: ({ values }) => ({ from: '2026-03-04', weeks: '6', practiceId: values.practiceId as string }),
      },
    ],
  },
  'POST /api/v1/memberships': one(
    ({ n, values }) => ({
      email: `route-matrix-${n}@example.test`,
      kind: 'client',
      clientId: values.clientId,
    }),
    [bodyRef('clientId', 'client')],
  ),
  'PATCH /api/v1/memberships/:id': one(() => ({ roles: ['consultant'] })),
  'POST /api/v1/roles': one(({ n }) => ({
    key: `custom:route-matrix-${n}`,
    name: `Route Matrix Role ${n}`,
    permissions: ['read:organization'],
  })),
  'POST /api/v1/support-grants': one(({ world }) => ({
    tenantId: world.tenantIds.get('osprey-advisory'),
    reason: 'Route matrix: a support request',
    durationMinutes: 5,
  })),
  'POST /api/v1/support-grants/:id/approve': one(() => ({ note: 'route matrix' })),
  'POST /api/v1/support-grants/:id/deny': one(() => ({ note: 'route matrix' })),
  'POST /api/v1/tenants': one(({ n }) => ({
    name: `Route Matrix Tenant ${n}`,
    slug: `route-matrix-tenant-${n}`,
    homeRegion: 'eu',
    isolationTier: 'pooled',
  })),
  'POST /api/v1/tenants/:id/admins': one(({ n }) => ({ email: `route-matrix-admin-${n}@example.test` })),
  // ---- Branding: a probe brand without host names (a host name is unique across brands) ----
  'PUT /api/v1/partners/:id/brand': one(brandProbe),
  'PUT /api/v1/tenants/:id/brand': one(brandProbe),
  'PUT /api/v1/platform/brand': one(brandProbe),
  // ---- Time (timesheets module) ----
  'POST /api/v1/timesheets': one(() => ({ weekStartsOn: '2030-01-07' })),
  // A booker's own project (422 for anyone not assigned to it).
  'POST /api/v1/time-entries': one(({ caller, world }) => ({
    projectId: timeProjectOf(caller, world) ?? '01900000-0000-7000-8000-000000000999',
    date: '2026-04-07',
    minutes: 30,
    note: 'Route matrix probe',
  })),
  'PATCH /api/v1/time-entries/:id': one(() => ({ minutes: 60 })),
  'POST /api/v1/time-entries/import': one(({ caller, world }) => importCsvOf(caller, world)),
  'GET /api/v1/time-entries/export': {
    variants: [{ label: '', refs: [], query: () => ({ from: '2026-01-01', to: '2026-12-31' }) }],
  },
  'PUT /api/v1/time-approval-steps': one(() => ({
    steps: [
      { approver: 'project_manager' },
      { approver: 'practice_lead', condition: 'week_over_threshold', thresholdMinutes: 2400 },
      { approver: 'client', condition: 'contract_requires_client' },
    ],
  })),
  'POST /api/v1/time-approvals/:id/reject': one(() => ({ reason: 'Route matrix: rejected' })),
  // ---- Ledger (issue 5) ----
  // A chart per legal entity: an entity in scope may have one already (409), so the slot is lenient.
  'POST /api/v1/ledger/charts': one(
    ({ values }) => ({ legalEntityId: values.legalEntityId }),
    [{ ...bodyRef('legalEntityId', 'legal_entity'), lenient: true }],
  ),
  'POST /api/v1/ledger/accounts': one(
    ({ n, values }) => ({
      legalEntityId: values.legalEntityId,
      code: `RM${n}`,
      name: `Route Matrix Account ${n}`,
      type: 'expense',
    }),
    [bodyRef('legalEntityId', 'legal_entity')],
  ),
  // A chart is ~30 alike accounts per entity: a sample of each class of hidden account is enough.
  'GET /api/v1/ledger/accounts/:id': { sample: ACCOUNT_SAMPLE, variants: [{ label: '', refs: [] }] },
  'GET /api/v1/ledger/accounts/:id/lines': { sample: ACCOUNT_SAMPLE, variants: [{ label: '', refs: [] }] },
  'GET /api/v1/ledger/accounts/:id/balance': { sample: ACCOUNT_SAMPLE, variants: [{ label: '', refs: [] }] },
  'PATCH /api/v1/ledger/accounts/:id': { sample: ACCOUNT_SAMPLE, ...one(renameBody) },
  // A balanced probe on the account aimed at, in its legal entity (an id that exists nowhere: no entity either).
  'POST /api/v1/ledger/journal-entries': {
    sample: ACCOUNT_SAMPLE,
    ...one(
      ({ n, values, world }) => {
        const account = world.pool.find((o) => o.id === values.accountId);
        const entity = account?.record?.segments.legal_entity ?? randomUUID();
        const amount = { amountMinor: 100, currency: account?.currency ?? 'USD' };
        return {
          legalEntityId: entity,
          entryDate: '2030-06-15',
          description: `Route matrix probe ${n}`,
          lines: [
            { accountId: values.accountId, side: 'debit', amount },
            { accountId: values.accountId, side: 'credit', amount },
          ],
        };
      },
      [bodyRef('accountId', 'ledger_account')],
    ),
  },
  'POST /api/v1/ledger/journal-entries/:id/reverse': one(() => ({ description: 'Route matrix reversal' })),
  'POST /api/v1/ledger/periods/close': one(
    ({ n, values }) => ({
      legalEntityId: values.legalEntityId,
      month: `${2040 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`,
    }),
    [bodyRef('legalEntityId', 'legal_entity')],
  ),
  'POST /api/v1/ledger/periods/:id/reopen': one(() => ({ reason: 'Route matrix' })),
  'GET /api/v1/ledger/trial-balance': {
    variants: [
      {
        label: '',
        refs: [{ where: 'query', name: 'legalEntityId', kind: 'legal_entity' }],
        query: ({ values }) => ({
          legalEntityId: values.legalEntityId as string,
          from: '2026-01-01',
          to: '2026-12-31',
        }),
      },
    ],
  },
  'GET /api/v1/fx-rates/lookup': {
    variants: [{ label: '', refs: [], query: () => ({ base: 'EUR', quote: 'USD', on: '2026-06-30' }) }],
  },
  'POST /api/v1/fx-rates': one(({ n }) => ({
    base: 'EUR',
    quote: 'CHF',
    date: new Date(Date.UTC(2030, 0, 1) + n * 86_400_000).toISOString().slice(0, 10),
    rate: '0.9312',
  })),
  'PATCH /api/v1/fx-rates/:id': one(() => ({ rate: '1.0851' })),
  // ---- Expenses and reports (issue 4, expenses engineer) ----
  // A new expense of the caller's own, on the project of the expense world they are assigned to (a
  // project of nobody's: 422). The project is no slot yet: the projects module brings its kind.
  'POST /api/v1/expenses': one((input) => ({
    projectId: assignedProject(input) ?? randomUUID(),
    incurredOn: '2026-05-04',
    category: 'meals',
    amount: { amountMinor: 1_800, currency: 'USD' },
    description: `Route matrix expense ${input.n}`,
  })),
  // In scope, the first expense a caller sees is an approved one (EXPENSE_WORLD orders them so):
  // changing, submitting, deciding or deleting it is refused (403 or 409) and the world stays.
  'PATCH /api/v1/expenses/:id': one(({ target, visible, world }) => ({
    description: (visible && target ? world.names.get(target.id) : undefined) ?? PROBE_NAME,
  })),
  'POST /api/v1/expenses/:id/reject': one(() => ({ reason: 'Route matrix probe' })),
  'GET /api/v1/reports/utilization': { variants: [{ label: '', refs: [], query: () => REPORT_PERIOD }] },
  'GET /api/v1/reports/utilization.csv': { variants: [{ label: '', refs: [], query: () => REPORT_PERIOD }] },
  'GET /api/v1/reports/projects': { variants: [{ label: '', refs: [], query: () => REPORT_PERIOD }] },
  'GET /api/v1/reports/projects.csv': { variants: [{ label: '', refs: [], query: () => REPORT_PERIOD }] },
  // ---- Billing: a run of a month with no work left to bill (the world billed its year) ----
  'POST /api/v1/billing-runs': {
    variants: [
      {
        label: '',
        refs: [bodyRef('legalEntityId', 'legal_entity')],
        body: ({ values }) => ({
          legalEntityId: values.legalEntityId,
          periodFrom: '2031-01-01',
          periodTo: '2031-01-31',
          vatCategory: 'S',
          vatRate: '20',
        }),
        headers: ({ n }) => ({ 'idempotency-key': `route-matrix-${n}` }),
      },
    ],
  },
  'POST /api/v1/invoices/:id/issue': one(() => ({ issueDate: '2026-02-27' })),
  // ---- Revenue recognition: an obligation serving a year of its own; runs and reports before any ----
  'POST /api/v1/contracts/:id/performance-obligations': one(() => ({
    obligations: [
      {
        name: 'Route matrix obligation',
        kind: 'ratable',
        standaloneSellingPriceMinor: 120_000,
        serviceStart: '2031-01-01',
        serviceEnd: '2031-12-31',
      },
    ],
    priceMinor: 120_000,
  })),
  'GET /api/v1/revenue/schedules': {
    variants: [
      {
        label: '',
        refs: [{ where: 'query', name: 'contractId', kind: 'contract' }],
        query: ({ values }) => ({ contractId: values.contractId as string }),
      },
    ],
  },
  'GET /api/v1/revenue/balances': {
    variants: [
      {
        label: '',
        refs: [{ where: 'query', name: 'legalEntityId', kind: 'legal_entity' }],
        query: ({ values }) => ({ legalEntityId: values.legalEntityId as string, asOf: '2026-12-31' }),
      },
    ],
  },
  'POST /api/v1/revenue/recognition-runs': {
    variants: [
      {
        label: '',
        refs: [bodyRef('legalEntityId', 'legal_entity')],
        body: ({ values }) => ({ legalEntityId: values.legalEntityId, asOf: '2025-12-31' }),
        headers: ({ n }) => ({ 'idempotency-key': `route-matrix-${n}` }),
      },
    ],
  },
  // ---- Invoice documents: allowances on issued invoices (409), credit notes, tax settings ----
  'POST /api/v1/invoices/:id/allowances': one(() => ({
    kind: 'allowance',
    reason: 'Route matrix discount',
    amountMinor: 100,
  })),
  'POST /api/v1/invoices/:id/credit-notes': one(() => ({ reason: 'Route matrix correction', full: true })),
  'PUT /api/v1/legal-entities/:id/tax-settings': one(() => ({ standardVatRate: '20' })),
  // ---- Payments: recorded for a client of an entity (unallocated), allocations on a voided one (409) ----
  'POST /api/v1/payments': {
    variants: [
      {
        label: '',
        refs: [bodyRef('legalEntityId', 'legal_entity'), bodyRef('clientId', 'client')],
        body: ({ values }) => ({
          legalEntityId: values.legalEntityId,
          clientId: values.clientId,
          amount: { amountMinor: 1_000, currency: 'USD' },
          receivedOn: '2026-03-20',
        }),
        headers: ({ n }) => ({ 'idempotency-key': `route-matrix-${n}` }),
      },
    ],
  },
  'POST /api/v1/payments/:id/allocations': one(() => ({
    allocations: [{ invoiceId: '01900000-0000-7000-8000-0000000a11c2', amountMinor: 100 }],
  })),
  // ---- Inter-company recharges and consolidation: a month without inter-company time ----
  'POST /api/v1/ledger/intercompany-recharges': one(() => ({ month: '2031-01' })),
  'PUT /api/v1/ledger/intercompany-settings': one(() => ({ markupBasisPoints: 0 })),
  'GET /api/v1/ledger/consolidation': {
    variants: [{ label: '', refs: [], query: () => ({ ...REPORT_PERIOD, reportingCurrency: 'USD' }) }],
  },
  // A fee from a day of its own (a change before the latest is refused); a contract of another
  // billing model or currency answers 422, never 404.
  'POST /api/v1/contracts/:id/fees': one(({ n }) => ({
    amount: { amountMinor: 100_000, currency: 'USD' },
    interval: 'month',
    effectiveFrom: new Date(Date.UTC(2031, 0, 1) + n * 86_400_000).toISOString().slice(0, 10),
  })),
});

/** A project of the world the caller's person is assigned to, if any. */
function timeProjectOf(caller: Caller, world: MatrixWorld): string | undefined {
  const time = world.world.time.get(caller.tenant ?? '');
  const assignment = time?.assignments.find((a) => a.person === caller.access.person);
  return assignment ? time?.projects.get(assignment.project) : undefined;
}

/** A one-line CSV import (as text/csv) for the first assignment of the caller's firm. */
function importCsvOf(caller: Caller, world: MatrixWorld): string {
  const time = world.world.time.get(caller.tenant ?? '');
  const assignment = time?.assignments[0];
  const email = (assignment && time?.emails.get(assignment.person)) ?? 'nobody@example.test';
  const code = (assignment && time?.projectCodes.get(assignment.project)) ?? 'NO-PROJECT';
  return `person_email,project_code,date,minutes,note\r\n${email},${code},2026-04-08,45,Route matrix import\r\n`;
}

/** The plan of a route: its own, or one variant with `{}` for a body. */
export function planOf(route: RouteEntry): RoutePlan {
  return (
    PLANS[`${route.method} ${route.url}`] ?? {
      variants: [{ label: '', refs: [], ...(route.method === 'GET' ? {} : { body: () => ({}) }) }],
    }
  );
}

/** The tenants (slugs) whose objects a caller may reach at all: its firm, or its partner subtree's. */
export function reachOf(caller: Caller, world: MatrixWorld): Set<string> {
  const tenants = world.pool.filter((o) => o.kind === 'tenant');
  if (caller.realm === 'tenant') return new Set([caller.tenant as string]);
  if (caller.realm === 'partner') {
    const partners = world.subtree(caller.partner as string);
    return new Set(
      tenants.filter((o) => o.partner && partners.includes(o.partner)).map((o) => o.tenant as string),
    );
  }
  return new Set(tenants.map((o) => o.tenant as string));
}

/** What the request is about, for the visibility rules of objects that depend on it. */
export interface SlotContext {
  readonly route: RouteEntry;
  readonly slot: Slot;
  /** The objects of the slots before this one (null: an id that exists nowhere). */
  readonly chosen: ReadonlyMap<string, PoolObject | null>;
}

/**
 * Whether the caller may see the object through this route, from the spec (ARCHITECTURE.md,
 * SCENARIO.md, API.md), permissions aside: the route's declared permission is checked apart.
 */
export function sees(caller: Caller, object: PoolObject, context: SlotContext, world: MatrixWorld): boolean {
  const { route, slot, chosen } = context;
  const action = route.url.split('/').at(-1);
  switch (object.kind) {
    case 'membership': {
      const membership = object.membership as NonNullable<PoolObject['membership']>;
      // Sign-in and switch: a user's own memberships, in any firm.
      if (route.url.startsWith('/api/v1/auth/')) return membership.userId === caller.userId;
      // As a person's membership: the firm's, unless linked to a person the caller may not see.
      if (route.url === '/api/v1/people' && slot.name === 'membershipId') {
        const person = world.pool.find((o) => o.id === membership.person);
        return (
          caller.realm === 'tenant' &&
          object.tenant === caller.tenant &&
          (!person || inScope(caller.access, person.record as NonNullable<PoolObject['record']>))
        );
      }
      // A tenant's admin memberships, under that tenant.
      if (slot.name === 'membershipId' && route.url.startsWith('/api/v1/tenants/')) {
        const tenant = chosen.get('id');
        return !!tenant && object.tenant === tenant.tenant && membership.tenantAdmin;
      }
      return caller.realm === 'tenant' && object.tenant === caller.tenant;
    }
    case 'api_token': {
      const token = object.apiToken as NonNullable<PoolObject['apiToken']>;
      return (
        caller.realm === 'tenant' &&
        object.tenant === caller.tenant &&
        (token.membershipId === caller.membershipId || caller.access.permissions.has('read:api-tokens'))
      );
    }
    case 'support_grant': {
      // The platform's oversight of support access: every tenant's grants, to its operators only.
      if (route.url.startsWith('/api/v1/platform/support-grants')) return caller.realm === 'platform';
      const grant = object.grant as NonNullable<PoolObject['grant']>;
      const requester =
        grant.requesterUserId === caller.userId && grant.requesterMembershipId === caller.membershipId;
      if (action === 'token' || action === 'mine') return requester;
      if (action === 'revoke') {
        return (
          requester ||
          (caller.via === 'session' &&
            caller.realm === 'tenant' &&
            object.tenant === caller.tenant &&
            caller.access.permissions.has('approve:support-grants'))
        );
      }
      return caller.realm === 'tenant' && object.tenant === caller.tenant;
    }
    // A partner: the platform's operators see every one, a partner admin their subtree.
    case 'partner':
      if (caller.realm === 'platform') return true;
      if (caller.realm === 'partner')
        return !!object.partner && world.subtree(caller.partner as string).includes(object.partner);
      return false;
    case 'tenant':
      if (caller.realm === 'platform') return true;
      if (caller.realm === 'partner')
        return !!object.partner && world.subtree(caller.partner as string).includes(object.partner);
      return false;
    default:
      return (
        caller.realm === 'tenant' &&
        inScope(caller.access, object.record as NonNullable<PoolObject['record']>)
      );
  }
}

/** A hidden object is foreign (another firm, or outside a partner's subtree) or out of scope (the caller's own firm). */
export function classOf(caller: Caller, object: PoolObject, world: MatrixWorld): 'foreign' | 'out-of-scope' {
  return object.tenant !== null && reachOf(caller, world).has(object.tenant) ? 'out-of-scope' : 'foreign';
}
