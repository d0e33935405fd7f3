/** The segments of each firm of the reference world (SCENARIO.md), keyed for lookups. */
export interface TenantSegmentsSpec {
  /** Legal entity key → name (the entities themselves come from DEMO_TENANTS). */
  readonly legalEntities: Readonly<Record<string, string>>;
  readonly regions: readonly { key: string; code: string; name: string }[];
  /** Parents before their children. */
  readonly practices: readonly { key: string; code: string; name: string; parent?: string }[];
  readonly clients: readonly { key: string; name: string; legalEntity: string; region: string | null }[];
  readonly portfolios: readonly { key: string; name: string }[];
  readonly people: readonly {
    key: string;
    name: string;
    kind: 'employee' | 'subcontractor';
    legalEntity: string;
    practice: string | null;
    /** Hourly cost in minor units of the entity's currency. */
    hourlyCostMinor: number;
    /** A subcontractor's supplier (required for them). */
    supplier?: string;
  }[];
  /** One contact per client, keyed by its client's key. */
  readonly contacts: readonly { key: string; client: string; name: string; title: string }[];
  /** Contracts (in the functional currency of their legal entity), with an optional rate card. */
  readonly contracts: readonly {
    key: string;
    name: string;
    client: string;
    legalEntity: string;
    practice: string;
    rateCard?: {
      name: string;
      role: string;
      roleRateMinor: number;
      person: string;
      personRateMinor: number;
    };
  }[];
  /** The tenant's default rate card (no contract: every member of the tenant sees it). */
  readonly defaultRateCard: { name: string; currency: string; role: string; roleRateMinor: number };
  // ---- Delivery: projects and staffing (all within 2026) ----
  /** Projects under a contract (by key), in a practice and optionally a portfolio of their own. */
  readonly projects?: readonly {
    key: string;
    code: string;
    name: string;
    contract: string;
    practice: string;
    portfolio: string | null;
    manager?: string;
  }[];
  /** One task per project at least, keyed like its project unless named. */
  readonly tasks?: readonly { key: string; project: string; name: string }[];
  readonly milestones?: readonly {
    key: string;
    project: string;
    name: string;
    amountMinor: number;
    dueOn: string;
  }[];
  /** People (by key) staffed on projects; a person of another legal entity is inter-company. */
  readonly assignments?: readonly {
    key: string;
    project: string;
    person: string;
    role: string;
    allocationPercent: number;
    startsOn: string;
    endsOn: string;
  }[];
}

/** Per tenant slug. Keys are unique within a tenant. */
export const WORLD_SEGMENTS: Readonly<Record<string, TenantSegmentsSpec>> = Object.freeze({
  'brightpath-consulting': {
    legalEntities: { inc: 'Brightpath Inc.', ltd: 'Brightpath Ltd' },
    regions: [
      { key: 'us', code: 'us', name: 'United States' },
      { key: 'uk-eu', code: 'uk-eu', name: 'UK and Europe' },
    ],
    practices: [
      { key: 'strategy', code: 'strategy', name: 'Strategy' },
      { key: 'pricing', code: 'pricing', name: 'Pricing', parent: 'strategy' },
      { key: 'technology', code: 'technology', name: 'Technology' },
      { key: 'cloud', code: 'cloud', name: 'Cloud', parent: 'technology' },
      { key: 'data', code: 'data', name: 'Data' },
    ],
    clients: [
      { key: 'globex', name: 'Globex', legalEntity: 'inc', region: 'us' },
      { key: 'initech', name: 'Initech', legalEntity: 'ltd', region: 'uk-eu' },
    ],
    portfolios: [
      { key: 'growth', name: 'Growth' },
      { key: 'run', name: 'Run' },
    ],
    people: [
      {
        key: 'priya',
        name: 'Priya Raman',
        kind: 'employee',
        legalEntity: 'inc',
        practice: null,
        hourlyCostMinor: 9500,
      },
      {
        key: 'tom',
        name: 'Tom Becker',
        kind: 'employee',
        legalEntity: 'ltd',
        practice: null,
        hourlyCostMinor: 7000,
      },
      {
        key: 'elena',
        name: 'Elena Rossi',
        kind: 'employee',
        legalEntity: 'ltd',
        practice: 'strategy',
        hourlyCostMinor: 8800,
      },
      {
        key: 'omar',
        name: 'Omar Haddad',
        kind: 'employee',
        legalEntity: 'inc',
        practice: 'pricing',
        hourlyCostMinor: 7600,
      },
      {
        key: 'jin',
        name: 'Jin Park',
        kind: 'employee',
        legalEntity: 'inc',
        practice: 'cloud',
        hourlyCostMinor: 6500,
      },
      {
        key: 'lee',
        name: 'Lee Morgan',
        kind: 'employee',
        legalEntity: 'ltd',
        practice: 'data',
        hourlyCostMinor: 6100,
      },
    ],
    contacts: [
      { key: 'globex', client: 'globex', name: 'Hank Scorpio', title: 'Chief Operating Officer' },
      { key: 'initech', client: 'initech', name: 'Bill Lumbergh', title: 'Division Vice President' },
    ],
    contracts: [
      {
        key: 'globex',
        name: 'Globex pricing review',
        client: 'globex',
        legalEntity: 'inc',
        practice: 'pricing',
        rateCard: {
          name: 'Globex rates',
          role: 'consultant',
          roleRateMinor: 22000,
          person: 'omar',
          personRateMinor: 26000,
        },
      },
      {
        key: 'initech',
        name: 'Initech cloud migration',
        client: 'initech',
        legalEntity: 'ltd',
        practice: 'cloud',
      },
    ],
    defaultRateCard: { name: 'Standard rates', currency: 'USD', role: 'consultant', roleRateMinor: 18000 },
    // Spread over practices, portfolios, legal entities and clients; Jin (Technology) and Omar
    // (portfolio Growth) are also staffed outside their scope, which they see as their own.
    projects: [
      {
        key: 'pricing-review',
        code: 'GLX-PRICING',
        name: 'Globex pricing review',
        contract: 'globex',
        practice: 'pricing',
        portfolio: 'growth',
        manager: 'omar',
      },
      {
        key: 'globex-cloud',
        code: 'GLX-CLOUD',
        name: 'Globex cloud landing zone',
        contract: 'globex',
        practice: 'cloud',
        portfolio: 'run',
      },
      {
        key: 'initech-migration',
        code: 'INI-MIGRATION',
        name: 'Initech migration waves',
        contract: 'initech',
        practice: 'cloud',
        portfolio: 'growth',
        manager: 'jin',
      },
      {
        key: 'initech-strategy',
        code: 'INI-STRATEGY',
        name: 'Initech operating model',
        contract: 'initech',
        practice: 'strategy',
        portfolio: null,
        manager: 'elena',
      },
      {
        key: 'globex-data',
        code: 'GLX-DATA',
        name: 'Globex data audit',
        contract: 'globex',
        practice: 'data',
        portfolio: null,
      },
    ],
    tasks: [
      { key: 'pricing-review', project: 'pricing-review', name: 'Price waterfall' },
      { key: 'globex-cloud', project: 'globex-cloud', name: 'Landing zone build' },
      { key: 'initech-migration', project: 'initech-migration', name: 'Wave one' },
      { key: 'initech-strategy', project: 'initech-strategy', name: 'Interviews' },
      { key: 'globex-data', project: 'globex-data', name: 'Data inventory' },
    ],
    milestones: [
      {
        key: 'pricing-review',
        project: 'pricing-review',
        name: 'Pricing recommendations',
        amountMinor: 4_500_000,
        dueOn: '2026-06-30',
      },
      {
        key: 'initech-migration',
        project: 'initech-migration',
        name: 'Wave one cut-over',
        amountMinor: 3_000_000,
        dueOn: '2026-05-29',
      },
      {
        key: 'initech-strategy',
        project: 'initech-strategy',
        name: 'Target operating model',
        amountMinor: 2_000_000,
        dueOn: '2026-09-30',
      },
    ],
    assignments: [
      {
        key: 'omar-pricing',
        project: 'pricing-review',
        person: 'omar',
        role: 'manager',
        allocationPercent: 60,
        startsOn: '2026-01-05',
        endsOn: '2026-06-30',
      },
      {
        key: 'elena-pricing',
        project: 'pricing-review',
        person: 'elena',
        role: 'partner',
        allocationPercent: 20,
        startsOn: '2026-01-05',
        endsOn: '2026-06-30',
      },
      {
        key: 'jin-migration',
        project: 'initech-migration',
        person: 'jin',
        role: 'consultant',
        allocationPercent: 50,
        startsOn: '2026-02-02',
        endsOn: '2026-09-30',
      },
      {
        key: 'jin-strategy',
        project: 'initech-strategy',
        person: 'jin',
        role: 'consultant',
        allocationPercent: 30,
        startsOn: '2026-03-02',
        endsOn: '2026-05-29',
      },
      {
        key: 'omar-cloud',
        project: 'globex-cloud',
        person: 'omar',
        role: 'advisor',
        allocationPercent: 10,
        startsOn: '2026-04-06',
        endsOn: '2026-06-26',
      },
      {
        key: 'lee-data',
        project: 'globex-data',
        person: 'lee',
        role: 'analyst',
        allocationPercent: 100,
        startsOn: '2026-01-05',
        endsOn: '2026-03-27',
      },
    ],
  },
  'halden-partners': {
    legalEntities: { as: 'Halden AS' },
    regions: [{ key: 'no', code: 'no', name: 'Norway' }],
    practices: [
      { key: 'corporate', code: 'corporate', name: 'Corporate' },
      { key: 'litigation', code: 'litigation', name: 'Litigation' },
    ],
    clients: [{ key: 'fjordkraft', name: 'Fjordkraft', legalEntity: 'as', region: 'no' }],
    portfolios: [{ key: 'disputes', name: 'Disputes' }],
    people: [
      {
        key: 'kari',
        name: 'Kari Nilsen',
        kind: 'employee',
        legalEntity: 'as',
        practice: 'corporate',
        hourlyCostMinor: 120000,
      },
    ],
    contacts: [{ key: 'fjordkraft', client: 'fjordkraft', name: 'Ingeborg Lie', title: 'General Counsel' }],
    contracts: [
      {
        key: 'fjordkraft',
        name: 'Fjordkraft arbitration',
        client: 'fjordkraft',
        legalEntity: 'as',
        practice: 'litigation',
      },
    ],
    defaultRateCard: { name: 'Standard rates', currency: 'NOK', role: 'associate', roleRateMinor: 250000 },
    projects: [
      {
        key: 'arbitration',
        code: 'FJK-ARB',
        name: 'Fjordkraft arbitration hearing',
        contract: 'fjordkraft',
        practice: 'litigation',
        portfolio: 'disputes',
        manager: 'kari',
      },
    ],
    tasks: [{ key: 'arbitration', project: 'arbitration', name: 'Pleadings' }],
    milestones: [
      {
        key: 'arbitration',
        project: 'arbitration',
        name: 'Statement of claim',
        amountMinor: 50_000_000,
        dueOn: '2026-04-30',
      },
    ],
    assignments: [
      {
        key: 'kari-arbitration',
        project: 'arbitration',
        person: 'kari',
        role: 'partner',
        allocationPercent: 40,
        startsOn: '2026-01-05',
        endsOn: '2026-12-18',
      },
    ],
  },
  'kestrel-it-services': {
    legalEntities: { llc: 'Kestrel LLC' },
    regions: [{ key: 'us', code: 'us', name: 'United States' }],
    practices: [
      { key: 'managed', code: 'managed-services', name: 'Managed Services' },
      { key: 'projects', code: 'projects', name: 'Projects' },
    ],
    clients: [
      { key: 'umbrella', name: 'Umbrella Health', legalEntity: 'llc', region: 'us' },
      { key: 'stark', name: 'Stark Logistics', legalEntity: 'llc', region: 'us' },
    ],
    portfolios: [{ key: 'retainers', name: 'Retainers' }],
    people: [
      {
        key: 'rachel',
        name: 'Rachel Green',
        kind: 'employee',
        legalEntity: 'llc',
        practice: null,
        hourlyCostMinor: 8200,
      },
      {
        key: 'jin',
        name: 'Jin Park',
        kind: 'subcontractor',
        legalEntity: 'llc',
        practice: 'projects',
        hourlyCostMinor: 9000,
        supplier: 'Park Cloud Consulting',
      },
    ],
    contacts: [
      { key: 'umbrella', client: 'umbrella', name: 'Alice Abernathy', title: 'IT Director' },
      { key: 'stark', client: 'stark', name: 'Pepper Potts', title: 'Chief Executive Officer' },
    ],
    contracts: [
      {
        key: 'umbrella',
        name: 'Umbrella managed desk',
        client: 'umbrella',
        legalEntity: 'llc',
        practice: 'managed',
      },
      {
        key: 'stark',
        name: 'Stark warehouse rollout',
        client: 'stark',
        legalEntity: 'llc',
        practice: 'projects',
      },
    ],
    defaultRateCard: { name: 'Standard rates', currency: 'USD', role: 'engineer', roleRateMinor: 15000 },
    projects: [
      {
        key: 'umbrella-desk',
        code: 'UMB-DESK',
        name: 'Umbrella service desk',
        contract: 'umbrella',
        practice: 'managed',
        portfolio: 'retainers',
        manager: 'rachel',
      },
      {
        key: 'stark-rollout',
        code: 'STK-ROLLOUT',
        name: 'Stark warehouse rollout',
        contract: 'stark',
        practice: 'projects',
        portfolio: null,
      },
    ],
    tasks: [
      { key: 'umbrella-desk', project: 'umbrella-desk', name: 'First-line support' },
      { key: 'stark-rollout', project: 'stark-rollout', name: 'Site surveys' },
    ],
    milestones: [
      {
        key: 'stark-rollout',
        project: 'stark-rollout',
        name: 'First warehouse live',
        amountMinor: 1_200_000,
        dueOn: '2026-07-31',
      },
    ],
    assignments: [
      {
        key: 'jin-rollout',
        project: 'stark-rollout',
        person: 'jin',
        role: 'engineer',
        allocationPercent: 80,
        startsOn: '2026-02-02',
        endsOn: '2026-07-31',
      },
      {
        key: 'rachel-desk',
        project: 'umbrella-desk',
        person: 'rachel',
        role: 'lead',
        allocationPercent: 20,
        startsOn: '2026-01-05',
        endsOn: '2026-12-18',
      },
    ],
  },
  'osprey-advisory': {
    legalEntities: { gmbh: 'Osprey GmbH' },
    regions: [{ key: 'de', code: 'de', name: 'Germany' }],
    practices: [{ key: 'advisory', code: 'advisory', name: 'Advisory' }],
    clients: [{ key: 'wayne', name: 'Wayne Foods', legalEntity: 'gmbh', region: 'de' }],
    portfolios: [{ key: 'core', name: 'Core' }],
    people: [],
    contacts: [{ key: 'wayne', client: 'wayne', name: 'Lucius Fox', title: 'Chief Financial Officer' }],
    contracts: [
      {
        key: 'wayne',
        name: 'Wayne Foods advisory',
        client: 'wayne',
        legalEntity: 'gmbh',
        practice: 'advisory',
      },
    ],
    defaultRateCard: { name: 'Standard rates', currency: 'EUR', role: 'advisor', roleRateMinor: 20000 },
    projects: [
      {
        key: 'wayne-advisory',
        code: 'WAY-ADV',
        name: 'Wayne Foods board advisory',
        contract: 'wayne',
        practice: 'advisory',
        portfolio: 'core',
      },
    ],
    tasks: [{ key: 'wayne-advisory', project: 'wayne-advisory', name: 'Board papers' }],
    milestones: [
      {
        key: 'wayne-advisory',
        project: 'wayne-advisory',
        name: 'Board pack',
        amountMinor: 800_000,
        dueOn: '2026-03-31',
      },
    ],
  },
});
